package dev.statewright.interpreter;

/**
 * A failure in the language's own terms: an error name (such as {@code States.Runtime}) and a cause.
 * States, Retry and Catch see only these; anything else thrown inside the engine is a bug.
 */
public class StatesException extends RuntimeException {
    private final String error;
    private final String cause;

    public StatesException(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.cause = cause;
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
