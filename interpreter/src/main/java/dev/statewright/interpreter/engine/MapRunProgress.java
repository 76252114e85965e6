package dev.statewright.interpreter.engine;

import java.time.Instant;

/**
 * A Distributed Map's run as it is at one moment: its settings, which UpdateMapRun may change while
 * it runs, and where its items are. Each item is one child workflow execution, so the counts of
 * items and of child executions are the same.
 *
 * @param toleratedFailureCount      null when the Map sets none
 * @param toleratedFailurePercentage null when the Map sets none
 * @param stopDate                   null while it runs
 */
public record MapRunProgress(String mapRunArn, String executionArn, MapRunStatus status, Instant startDate,
                             Instant stopDate, int maxConcurrency, Integer toleratedFailureCount,
                             Double toleratedFailurePercentage, Counts counts) {

    /** How many items are in each state; {@code total} is every item of the run. */
    public record Counts(long pending, long running, long succeeded, long failed, long aborted, long total) {
    }
}
