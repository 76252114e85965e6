package dev.statewright.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/**
 * A task handler's answer that someone outside waits to see stored: a worker's SendTaskSuccess
 * is acknowledged only once the outcome it gave is durable, not when it reached memory.
 */
public final class StoredAnswer extends CompletableFuture<JsonNode> {
    private final CompletableFuture<Void> stored = new CompletableFuture<>();

    /** Completes once the outcome is committed (exceptionally if it could not be). */
    public CompletableFuture<Void> stored() {
        return stored;
    }
}
