package dev.statewright.interpreter;

/**
 * A failure in the language's own terms: an error name (such as {@code States.Runtime}) and a cause.
 * States, Retry and Catch see only these; anything else thrown inside the engine is a bug.
 */
public class StatesException extends RuntimeException {
    private final String error;
    private final String cause;
    private final boolean terminal;

    public StatesException(String error, String cause) {
        this(error, cause, StatesErrors.RUNTIME.equals(error));
    }

    private StatesException(String error, String cause, boolean terminal) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.cause = cause;
        this.terminal = terminal;
    }

    /**
     * A failure no Retry or Catch may handle: the execution fails. States.Runtime always is; a
     * state's own input or output over the payload limit is States.DataLimitExceeded and terminal
     * too, while a task's oversized result is the same error name and can be caught, as AWS's
     * recorded executions show.
     */
    public static StatesException terminal(String error, String cause) {
        return new StatesException(error, cause, true);
    }

    /**
     * A task handler's failure as a States error: a StatesException as it is, anything else as
     * States.TaskFailed with the exception's class and message for cause.
     */
    public static StatesException fromTaskFailure(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof StatesException states) {
            return states;
        }
        return new StatesException(StatesErrors.TASK_FAILED,
                cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** The same failure with another cause, as terminal as before. */
    public StatesException withCause(String newCause) {
        return new StatesException(error, newCause, terminal);
    }

    /** The error name, or null for a Fail state without Error. */
    public String error() {
        return error;
    }

    /** The cause text, or null where there is none. */
    public String cause() {
        return cause;
    }
}
