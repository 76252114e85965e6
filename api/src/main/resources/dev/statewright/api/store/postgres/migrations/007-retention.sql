-- Closed executions by when they ended, for the upkeep that removes those older than the retention.
CREATE INDEX executions_by_stop ON executions (stop_nanos) WHERE stop_nanos IS NOT NULL;
