package dev.statewright.interpreter.engine;

/** AWS's history event type names and the details field each one carries. */
public final class EventTypes {
    public static final String EXECUTION_STARTED = "ExecutionStarted";
    public static final String EXECUTION_SUCCEEDED = "ExecutionSucceeded";
    public static final String EXECUTION_FAILED = "ExecutionFailed";
    public static final String EXECUTION_ABORTED = "ExecutionAborted";
    public static final String EXECUTION_TIMED_OUT = "ExecutionTimedOut";
    public static final String TASK_SCHEDULED = "TaskScheduled";
    public static final String TASK_STARTED = "TaskStarted";
    public static final String TASK_SUCCEEDED = "TaskSucceeded";
    public static final String TASK_FAILED = "TaskFailed";
    public static final String TASK_TIMED_OUT = "TaskTimedOut";
    public static final String MAP_STATE_STARTED = "MapStateStarted";
    public static final String MAP_STATE_SUCCEEDED = "MapStateSucceeded";
    public static final String MAP_STATE_FAILED = "MapStateFailed";
    public static final String MAP_STATE_ABORTED = "MapStateAborted";
    public static final String MAP_ITERATION_STARTED = "MapIterationStarted";
    public static final String MAP_ITERATION_SUCCEEDED = "MapIterationSucceeded";
    public static final String MAP_ITERATION_FAILED = "MapIterationFailed";
    public static final String MAP_ITERATION_ABORTED = "MapIterationAborted";
    public static final String MAP_RUN_STARTED = "MapRunStarted";
    public static final String MAP_RUN_SUCCEEDED = "MapRunSucceeded";
    public static final String MAP_RUN_FAILED = "MapRunFailed";
    public static final String PARALLEL_STATE_STARTED = "ParallelStateStarted";
    public static final String PARALLEL_STATE_FAILED = "ParallelStateFailed";
    public static final String PARALLEL_STATE_ABORTED = "ParallelStateAborted";

    private EventTypes() {
    }

    public static String entered(String stateType) {
        return stateType + "StateEntered";
    }

    public static String exited(String stateType) {
        return stateType + "StateExited";
    }

    /** The details field of an event type, or null for types that carry none. */
    public static String detailsKey(String type) {
        if (type.endsWith("StateEntered")) {
            return "stateEnteredEventDetails";
        }
        if (type.endsWith("StateExited")) {
            return "stateExitedEventDetails";
        }
        return switch (type) {
            case EXECUTION_STARTED -> "executionStartedEventDetails";
            case EXECUTION_SUCCEEDED -> "executionSucceededEventDetails";
            case EXECUTION_FAILED -> "executionFailedEventDetails";
            case EXECUTION_ABORTED -> "executionAbortedEventDetails";
            case EXECUTION_TIMED_OUT -> "executionTimedOutEventDetails";
            case TASK_SCHEDULED -> "taskScheduledEventDetails";
            case TASK_STARTED -> "taskStartedEventDetails";
            case TASK_SUCCEEDED -> "taskSucceededEventDetails";
            case TASK_FAILED -> "taskFailedEventDetails";
            case TASK_TIMED_OUT -> "taskTimedOutEventDetails";
            case MAP_STATE_STARTED -> "mapStateStartedEventDetails";
            case MAP_ITERATION_STARTED -> "mapIterationStartedEventDetails";
            case MAP_ITERATION_SUCCEEDED -> "mapIterationSucceededEventDetails";
            case MAP_ITERATION_FAILED -> "mapIterationFailedEventDetails";
            case MAP_ITERATION_ABORTED -> "mapIterationAbortedEventDetails";
            case MAP_RUN_STARTED -> "mapRunStartedEventDetails";
            case MAP_RUN_FAILED -> "mapRunFailedEventDetails";
            default -> null;
        };
    }
}
