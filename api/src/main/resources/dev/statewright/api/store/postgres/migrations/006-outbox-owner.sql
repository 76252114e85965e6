-- Which node delivers an outbox entry: the node that wrote it, or one that took it over once
-- the writer stopped renewing (it died or stopped). Entries written before this column have
-- none, and are taken over like a dead node's.
ALTER TABLE outbox ADD COLUMN node_id text;
CREATE INDEX outbox_by_node ON outbox (node_id);
