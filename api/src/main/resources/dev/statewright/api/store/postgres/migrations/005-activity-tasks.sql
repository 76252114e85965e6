-- Activity tasks waiting for a worker, shared by the nodes: GetActivityTask on any node takes
-- the oldest of its activity (FOR UPDATE SKIP LOCKED), whichever node drives its execution.
-- The token names that execution; a task added again after a restart keeps one row.
CREATE TABLE activity_tasks (
    id           bigserial PRIMARY KEY,
    token        text NOT NULL UNIQUE,
    activity_arn text NOT NULL,
    input        text NOT NULL
);
CREATE INDEX activity_tasks_oldest_first ON activity_tasks (activity_arn, id);
