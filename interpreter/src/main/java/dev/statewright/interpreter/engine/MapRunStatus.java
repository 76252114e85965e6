package dev.statewright.interpreter.engine;

/** Where a Distributed Map's run is, named as AWS's DescribeMapRun names it. */
public enum MapRunStatus {
    RUNNING, SUCCEEDED, FAILED, ABORTED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
