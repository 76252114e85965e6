package dev.statewright.interpreter.model;

import java.util.List;

/**
 * A Task: work done by a handler chosen by {@code resource}. Timeouts are in seconds; each has a
 * fixed value or a path, null where absent.
 */
public record TaskState(
        String name,
        DataFlow dataFlow,
        String next,
        String resource,
        Integer timeoutSeconds,
        String timeoutSecondsPath,
        Integer heartbeatSeconds,
        String heartbeatSecondsPath,
        List<Retrier> retry,
        List<Catcher> catchers) implements State, Recoverable {
    @Override
    public String type() {
        return "Task";
    }
}
