package dev.statewright.api.store;

/**
 * An API call's input for an execution that a node other than the one that received it drives,
 * passed on through the shared store: a stop ({@code kind} "stop", body {@code {"error","cause"}}).
 */
public record ForwardedInput(long id, String executionArn, String kind, String body) {
}
