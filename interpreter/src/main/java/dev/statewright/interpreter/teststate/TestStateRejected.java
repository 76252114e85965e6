package dev.statewright.interpreter.teststate;

/**
 * A TestState request that cannot run, with AWS's error name: InvalidDefinition for a state that
 * does not validate, ValidationException for a request that does not make sense.
 */
public final class TestStateRejected extends RuntimeException {
    private final String errorType;

    public TestStateRejected(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public static TestStateRejected invalidDefinition(String message) {
        return new TestStateRejected("InvalidDefinition", message);
    }

    public static TestStateRejected validation(String message) {
        return new TestStateRejected("ValidationException", message);
    }

    public String errorType() {
        return errorType;
    }
}
