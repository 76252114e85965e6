package dev.statewright.api.store;

/**
 * What the node that drives an execution made of an input another node passed on to it (see
 * {@link Store#forwardForReply}): done ({@code errorType} null), or refused with the error an API
 * caller gets (TaskTimedOut, TaskDoesNotExist, ...).
 */
public record ForwardedReply(String errorType, String message) {
    public static final ForwardedReply DONE = new ForwardedReply(null, null);

    public boolean done() {
        return errorType == null;
    }
}
