package dev.statewright.interpreter.engine;

/**
 * AWS's execution statuses. PENDING_REDRIVE is an ended execution whose redrive was asked for and
 * has not begun yet: it is not finished, and not yet running.
 */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE;

    public boolean isFinished() {
        return this != RUNNING && this != PENDING_REDRIVE;
    }

    /** Whether an execution that ended so may be redriven (RedriveExecution): it did not succeed. */
    public boolean isUnsuccessful() {
        return this == FAILED || this == TIMED_OUT || this == ABORTED;
    }
}
