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
 */
public record ExecutionQuery(String stateMachineArn, ExecutionStatus status, String nameContains, int pageSize,
                             String cursor) {
    public ExecutionQuery {
        if (pageSize < 1) {
            throw new IllegalArgumentException("A page holds at least one execution, asked for " + pageSize);
        }
    }
}
