package dev.statewright.api.store;

import java.util.List;

/**
 * One page of executions, newest first. A page may hold fewer than asked for, even none, and still
 * have a next cursor: a filtered scan stops after a bounded amount of work, as AWS's list
 * operations may.
 *
 * @param nextCursor where the next page begins, or null after the last
 */
public record ExecutionPage(List<ExecutionSummary> executions, String nextCursor) {
}
