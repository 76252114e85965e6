package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

/**
 * Which executions to list, newest first, and from where.
 *
 * @param stateMachineArn only this machine's, or null for every machine's
 * @param status          only those in this status, or null
 * @param nameContains    only those whose name holds this text (any case), or null
 * @param pageSize        the most to return
 * @param cursor          where the previous page ended ({@link ExecutionPage#nextCursor}), or null for the first
 * @param redriven        only those redriven at least once (true), only those never redriven (false), or null for all
 */
public record ExecutionQuery(String stateMachineArn, ExecutionStatus status, String nameContains, int pageSize,
                             String cursor, Boolean redriven) {
    public ExecutionQuery {
        if (pageSize < 1) {
            throw new IllegalArgumentException("A page holds at least one execution, asked for " + pageSize);
        }
    }

    /** A query that does not look at redrives. */
    public ExecutionQuery(String stateMachineArn, ExecutionStatus status, String nameContains, int pageSize,
                          String cursor) {
        this(stateMachineArn, status, nameContains, pageSize, cursor, null);
    }

    /** Whether a summary passes the redrive filter. */
    public boolean redriveMatches(ExecutionSummary summary) {
        return redriven == null || redriven == (summary.redrives().count() > 0);
    }
}
