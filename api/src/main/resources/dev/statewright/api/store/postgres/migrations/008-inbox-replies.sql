-- A node that passes a SendTask* on waits for the owner's verdict, so its caller gets the answer
-- one node would give (TaskTimedOut for a token already answered, ...). The inbox row names the
-- node waiting; the owner writes the verdict here and notifies it.
ALTER TABLE inbox ADD COLUMN reply_to text;
CREATE TABLE inbox_replies (
    id         bigint      PRIMARY KEY,
    node_id    text        NOT NULL,
    error_type text,
    message    text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_replies_of_node ON inbox_replies (node_id);
