-- Several nodes on one database. A running execution is driven by one node at a time, under a
-- lease: its owner, until when (the database's clock, so nodes' clocks do not matter), and an
-- epoch that grows at each takeover. Every batch of the execution is written only while the
-- lease row still names the writer and the epoch it took (checked in the batch's transaction).

CREATE TABLE nodes (
    id         text PRIMARY KEY,
    address    text,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE leases (
    execution_arn text PRIMARY KEY,
    owner         text        NOT NULL,
    epoch         bigint      NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX leases_by_expiry ON leases (expires_at);
CREATE INDEX leases_by_owner ON leases (owner);

-- Inputs for an execution that a node other than its owner received (a stop, a task's answer):
-- the owner takes them in order and deletes them once handled.
CREATE TABLE inbox (
    id            bigserial PRIMARY KEY,
    execution_arn text NOT NULL,
    kind          text NOT NULL,
    body          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inbox_of_execution ON inbox (execution_arn, id);
