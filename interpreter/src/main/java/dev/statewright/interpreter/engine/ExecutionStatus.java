package dev.statewright.interpreter.engine;

/** AWS's execution statuses. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
