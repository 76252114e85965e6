package dev.statewright.interpreter;

import java.util.concurrent.CompletionException;

/** The failure a stage completed with, as it was thrown: stages chained after it wrap it in a CompletionException. */
public final class CompletionFailures {
    private CompletionFailures() {
    }

    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
