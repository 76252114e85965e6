-- Messages waiting to leave the service (status-change events), written with the batch that
-- stores the change they tell of, deleted once every sink took them. An entry's key
-- (OutboxEntry.key: the ARN, a NUL, the zero-padded event id) cannot be text here: PostgreSQL
-- text holds no NUL, so the key's two parts are columns, ordered as the key's characters would be.
CREATE TABLE outbox (
    execution_arn text   NOT NULL,
    event_id      bigint NOT NULL,
    json          text   NOT NULL,
    PRIMARY KEY (execution_arn, event_id)
);
CREATE INDEX outbox_in_key_order ON outbox ((execution_arn COLLATE "C"), event_id);
