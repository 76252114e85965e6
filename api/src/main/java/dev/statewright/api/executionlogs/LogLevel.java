package dev.statewright.api.executionlogs;

import dev.statewright.interpreter.engine.EventTypes;

import java.util.Set;

/** A loggingConfiguration's level: which history events AWS writes to CloudWatch Logs at it. */
enum LogLevel {
    /** Every event. */
    ALL,
    /** Every event that tells of an error: failures, timeouts, aborts, and a Fail state entered. */
    ERROR,
    /** Only the execution's own unsuccessful end. */
    FATAL,
    OFF;

    private static final Set<String> FATAL_TYPES = Set.of(EventTypes.EXECUTION_FAILED, EventTypes.EXECUTION_ABORTED,
            EventTypes.EXECUTION_TIMED_OUT);

    boolean includes(String eventType) {
        return switch (this) {
            case ALL -> true;
            case ERROR -> isError(eventType);
            case FATAL -> FATAL_TYPES.contains(eventType);
            case OFF -> false;
        };
    }

    /**
     * AWS's ERROR list is every event type that ends in Failed (TaskFailed, LambdaFunctionStartFailed,
     * MapRunFailed, EvaluationFailed, ...), TimedOut or Aborted, and FailStateEntered.
     */
    private static boolean isError(String type) {
        return type.endsWith("Failed") || type.endsWith("TimedOut") || type.endsWith("Aborted")
                || type.equals("FailStateEntered");
    }
}
