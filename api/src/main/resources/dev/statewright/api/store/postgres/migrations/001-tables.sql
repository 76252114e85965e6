-- The store's tables. Records are kept as the embedded store keeps them (RecordCodec's JSON text);
-- beside an execution's record, the columns lists filter and sort by. Times are nanoseconds since
-- the epoch, as the records and events hold them.

CREATE TABLE state_machines (
    arn    text PRIMARY KEY,
    record text NOT NULL
);

CREATE TABLE activities (
    arn    text PRIMARY KEY,
    record text NOT NULL
);

CREATE TABLE aliases (
    arn    text PRIMARY KEY,
    record text NOT NULL
);

-- Each definition once, named by its content: every execution keeps a copy of its machine's.
CREATE TABLE definitions (
    id         text PRIMARY KEY,
    definition text NOT NULL
);

CREATE TABLE executions (
    arn                text PRIMARY KEY,
    name               text   NOT NULL,
    state_machine_arn  text   NOT NULL,
    state_machine_name text   NOT NULL,
    status             text   NOT NULL,
    start_nanos        bigint NOT NULL,
    stop_nanos         bigint,
    version_arn        text,
    alias_arn          text,
    redrive_count      integer NOT NULL,
    redrive_nanos      bigint,
    definition_id      text   NOT NULL REFERENCES definitions (id),
    record             text   NOT NULL
);
CREATE INDEX executions_newest_first ON executions (start_nanos DESC, arn DESC);
CREATE INDEX executions_of_machine ON executions (state_machine_arn, start_nanos DESC, arn DESC);
CREATE INDEX executions_running ON executions (arn) WHERE status = 'RUNNING';

CREATE TABLE events (
    execution_arn text   NOT NULL,
    id            bigint NOT NULL,
    type          text   NOT NULL,
    json          text   NOT NULL,
    PRIMARY KEY (execution_arn, id)
);

CREATE TABLE journal (
    execution_arn text   NOT NULL,
    sequence      bigint NOT NULL,
    time_nanos    bigint NOT NULL,
    json          text   NOT NULL,
    PRIMARY KEY (execution_arn, sequence)
);

CREATE TABLE map_runs (
    arn           text   PRIMARY KEY,
    execution_arn text   NOT NULL,
    start_nanos   bigint NOT NULL,
    record        text   NOT NULL
);
CREATE INDEX map_runs_of_execution ON map_runs (execution_arn, start_nanos DESC, arn DESC);
