-- An execution's events by batch: one row holds what one batch wrote, as lines "<id> <json>" (the
-- embedded store's chunks), zstd-compressed by the node when that saves space. A row per event cost
-- the database most of its work (an execution of ten Pass states wrote 22 rows), and PostgreSQL's
-- own compression of a chunk most of the rest. Event ids of an execution run 1..n without gaps, so
-- a page of history is read from the chunks that overlap its id range. The body is stored as
-- written: PostgreSQL does not try to compress it again.

CREATE TABLE event_chunks (
    execution_arn text    NOT NULL,
    first_id      bigint  NOT NULL,
    last_id       bigint  NOT NULL,
    zstd          boolean NOT NULL, -- body is a zstd frame of the lines; else the lines as UTF-8
    body          bytea   NOT NULL,
    PRIMARY KEY (execution_arn, first_id)
);
ALTER TABLE event_chunks ALTER COLUMN body SET STORAGE EXTERNAL;

INSERT INTO event_chunks (execution_arn, first_id, last_id, zstd, body)
SELECT execution_arn, id, id, false, convert_to(id || ' ' || json, 'UTF8') FROM events;

DROP TABLE events;
