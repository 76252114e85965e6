package dev.statewright.api.store;

/**
 * An API call's input for an execution that a node other than the one that received it drives,
 * passed on through the shared store: a stop ({@code kind} "stop", body {@code {"error","cause"}}),
 * or a worker's answer to a callback task ("taskSuccess" {@code {"taskToken","output"}},
 * "taskFailure" {@code {"taskToken","error","cause"}}, "taskHeartbeat" {@code {"taskToken"}}), or
 * an activity task's pick-up by a worker ("activityPickedUp" {@code {"taskToken","workerName"}}).
 *
 * @param replyTo the node that waits for the outcome ({@link Store#reply}), or null when none does
 */
public record ForwardedInput(long id, String executionArn, String kind, String body, String replyTo) {
}
