package dev.statewright.api.http;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.util.List;

/**
 * ListExecutions' statusFilter, with the model's whole set of statuses. PENDING_REDRIVE is a status
 * AWS knows that no execution here is ever in, so it matches nothing rather than being refused.
 */
record StatusFilter(ExecutionStatus status, boolean matchesNothing) {
    /** The set as AWS's refusal lists it (recorded from AWS; not the model's order). */
    private static final List<String> AWS_ORDER = List.of("SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED",
            "FAILED", "RUNNING");
    static final String PENDING_REDRIVE = "PENDING_REDRIVE";

    static StatusFilter of(RequestFields request) {
        String value = request.optionalOneOf("statusFilter", AWS_ORDER);
        if (value == null) {
            return new StatusFilter(null, false);
        }
        return value.equals(PENDING_REDRIVE) ? new StatusFilter(null, true)
                : new StatusFilter(ExecutionStatus.valueOf(value), false);
    }
}
