package dev.statewright.interpreter.model;

/**
 * The definition cannot be turned into a model. {@code location} is a JSON pointer into the
 * definition, such as {@code /States/Charge/Retry/0}.
 */
public class InvalidDefinitionException extends RuntimeException {
    private final String location;

    public InvalidDefinitionException(String location, String message) {
        super(message + " at " + (location.isEmpty() ? "/" : location));
        this.location = location;
    }

    public String location() {
        return location;
    }
}
