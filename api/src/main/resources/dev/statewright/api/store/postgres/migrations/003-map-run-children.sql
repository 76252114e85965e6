-- A Distributed Map's child executions: one row each, as it last was, listed per run by item index.
CREATE TABLE map_run_children (
    arn           text    PRIMARY KEY,
    map_run_arn   text    NOT NULL,
    item_index    integer NOT NULL,
    status        text    NOT NULL,
    record        text    NOT NULL
);
CREATE INDEX map_run_children_of_run ON map_run_children (map_run_arn, item_index DESC);
