package dev.statewright.api.store;

/** A page's cursor that no list of this store gave: the API answers it as AWS's InvalidToken. */
public final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String cursor) {
        super("Not a position in a list of executions: " + cursor);
    }
}
