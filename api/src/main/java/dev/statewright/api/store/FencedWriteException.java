package dev.statewright.api.store;

/**
 * A write of an execution that this node no longer drives: on a store shared by several nodes,
 * another node took the execution's lease over (this one was paused, or cut off, for longer than
 * the lease), so what this node computed since is not stored. The execution goes on at its new
 * owner, from what was stored; this node lets it go.
 */
public final class FencedWriteException extends IllegalStateException {
    public FencedWriteException(String message) {
        super(message);
    }

    /** Whether {@code failure} (or the cause a CompletionException wraps) is one: the execution moved to another node. */
    public static boolean isMove(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof FencedWriteException;
    }
}
