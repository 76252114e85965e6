package dev.statewright.bench;

/** A machine's output was not its expected output: the run is refused rather than timed. */
public final class OutputMismatchException extends RuntimeException {
    public OutputMismatchException(String message) {
        super(message);
    }
}
