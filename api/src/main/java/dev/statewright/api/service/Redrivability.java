package dev.statewright.api.service;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Whether an execution may be redriven now, and if not why, in AWS's words: DescribeExecution's
 * {@code redriveStatus} and {@code redriveStatusReason}, and RedriveExecution's refusal.
 *
 * @param redrivable whether RedriveExecution would take it
 * @param reason     why not (AWS's redriveStatusReason), or null when it is redrivable
 */
public record Redrivability(boolean redrivable, String reason) {
    /** How long after it ends an execution may be redriven. */
    public static final Duration REDRIVE_PERIOD = Duration.ofDays(14);
    /** How long an execution may be open, its redrives included. */
    public static final Duration MAX_OPEN_TIME = Duration.ofDays(365);
    /**
     * A redriven execution appends at least ExecutionRedriven and one more event to its history, which
     * may hold 25,000: from this many events on, it cannot be redriven.
     */
    public static final long MAX_EVENTS_TO_REDRIVE = 24_999;

    private static final Redrivability REDRIVABLE = new Redrivability(true, null);

    public String redriveStatus() {
        return redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE";
    }

    /**
     * Judges an execution at {@code now}.
     *
     * @param machineExists whether its state machine still exists (a deleted one's executions are not redriven)
     * @param eventCount    how many events its history holds (asked only of an execution that ended unsuccessfully)
     */
    public static Redrivability of(ExecutionRecord execution, boolean machineExists, LongSupplier eventCount,
                                   Instant now) {
        ExecutionStatus status = execution.status();
        if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE) {
            return not("Execution is RUNNING and cannot be redriven");
        }
        if (status == ExecutionStatus.SUCCEEDED) {
            return not("Execution is SUCCEEDED and cannot be redriven");
        }
        if (Arns.isExpress(execution.arn())) {
            return not("Execution of an EXPRESS state machine cannot be redriven");
        }
        if (!machineExists) {
            return not("State machine is in DELETING status");
        }
        if (execution.stopDate() != null && now.isAfter(execution.stopDate().plus(REDRIVE_PERIOD))) {
            return not("Execution redrivable period exceeded");
        }
        if (now.isAfter(execution.startDate().plus(MAX_OPEN_TIME))) {
            return not("Execution has exceeded the max execution time");
        }
        if (eventCount.getAsLong() >= MAX_EVENTS_TO_REDRIVE) {
            return not("Execution history event limit exceeded");
        }
        return REDRIVABLE;
    }

    private static Redrivability not(String reason) {
        return new Redrivability(false, reason);
    }
}
