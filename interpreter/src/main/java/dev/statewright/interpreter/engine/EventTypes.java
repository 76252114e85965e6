package dev.statewright.interpreter.engine;

/** AWS's history event type names and the details field each one carries. */
public final class EventTypes {
    public static final String EXECUTION_STARTED = "ExecutionStarted";
    public static final String EXECUTION_SUCCEEDED = "ExecutionSucceeded";
    public static final String EXECUTION_FAILED = "ExecutionFailed";
    public static final String EXECUTION_ABORTED = "ExecutionAborted";
    public static final String EXECUTION_TIMED_OUT = "ExecutionTimedOut";
    public static final String EXECUTION_REDRIVEN = "ExecutionRedriven";
    public static final String MAP_STATE_STARTED = "MapStateStarted";
    public static final String MAP_STATE_SUCCEEDED = "MapStateSucceeded";
    public static final String MAP_STATE_FAILED = "MapStateFailed";
    public static final String MAP_ITERATION_STARTED = "MapIterationStarted";
    public static final String MAP_ITERATION_SUCCEEDED = "MapIterationSucceeded";
    public static final String MAP_ITERATION_FAILED = "MapIterationFailed";
    public static final String MAP_ITERATION_ABORTED = "MapIterationAborted";
    public static final String MAP_RUN_STARTED = "MapRunStarted";
    public static final String MAP_RUN_SUCCEEDED = "MapRunSucceeded";
    public static final String MAP_RUN_FAILED = "MapRunFailed";
    public static final String MAP_RUN_REDRIVEN = "MapRunRedriven";
    public static final String PARALLEL_STATE_STARTED = "ParallelStateStarted";
    public static final String EVALUATION_FAILED = "EvaluationFailed";
    public static final String PARALLEL_STATE_FAILED = "ParallelStateFailed";

    private EventTypes() {
    }

    public static String entered(String stateType) {
        return stateType + "StateEntered";
    }

    public static String exited(String stateType) {
        return stateType + "StateExited";
    }

    public static String aborted(String stateType) {
        return stateType + "StateAborted";
    }

    /**
     * The details field of an event type, as AWS names it: {@code stateEnteredEventDetails} for
     * every *StateEntered type, {@code stateExitedEventDetails} for every *StateExited, and the
     * type's own name otherwise ({@code TaskScheduled} has {@code taskScheduledEventDetails}).
     */
    public static String detailsKey(String type) {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }
}
