package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.util.Locale;

/**
 * Which executions to list, newest first, and from where.
 *
 * @param stateMachineArn only this machine's, or null for every machine's
 * @param status          only those in this status, or null
 * @param nameContains    only those whose name holds this text (any case), or null
 * @param pageSize        the most to return
 * @param cursor          where the previous page ended ({@link ExecutionPage#nextCursor}), or null for the first
 * @param startedThrough  only those started through this version or alias ARN, or null
 */
public record ExecutionQuery(String stateMachineArn, ExecutionStatus status, String nameContains, int pageSize,
                             String cursor, String startedThrough) {
    public ExecutionQuery {
        if (pageSize < 1) {
            throw new IllegalArgumentException("A page holds at least one execution, asked for " + pageSize);
        }
    }

    public ExecutionQuery(String stateMachineArn, ExecutionStatus status, String nameContains, int pageSize,
                          String cursor) {
        this(stateMachineArn, status, nameContains, pageSize, cursor, null);
    }

    /** This query, for only the executions started through a version or an alias ARN. */
    public ExecutionQuery startedThrough(String versionOrAliasArn) {
        return new ExecutionQuery(stateMachineArn, status, nameContains, pageSize, cursor, versionOrAliasArn);
    }

    /** Whether an execution is one this query lists (its position apart). */
    public boolean matches(ExecutionSummary summary) {
        return (stateMachineArn == null || summary.stateMachineArn().equals(stateMachineArn))
                && (status == null || summary.status() == status)
                && (nameContains == null
                    || summary.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT)))
                && (startedThrough == null || startedThrough.equals(summary.stateMachineVersionArn())
                    || startedThrough.equals(summary.stateMachineAliasArn()));
    }
}
