package dev.statewright.api.store;

import dev.statewright.interpreter.engine.MapRunStatus;

import java.time.Instant;

/**
 * A Distributed Map's run as stored: written with the turn of its execution that changed it, so it
 * is as durable as the history beside it. Its items are child executions run inside the parent
 * execution, so one count serves for items and child executions alike.
 *
 * @param toleratedFailureCount      null when the Map set none (AWS then shows 0)
 * @param toleratedFailurePercentage null when the Map set none (AWS then shows 0)
 * @param stopDate                   null while it runs
 * @param redrives                   how often it was redriven (by a redrive of its execution)
 */
public record MapRunRecord(String arn, String executionArn, MapRunStatus status, Instant startDate, Instant stopDate,
                           int maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage,
                           Counts counts, Redrives redrives) {
    public MapRunRecord {
        redrives = redrives != null ? redrives : Redrives.NONE;
    }

    /** How many items are in each state; {@code total} is every item of the run. */
    public record Counts(long pending, long running, long succeeded, long failed, long aborted, long total) {
    }
}
