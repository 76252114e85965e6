package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A task for an activity's workers: its token, its input, the answer the execution waits for,
 * and whom to tell which worker took it (AWS records ActivityStarted then).
 */
public record ActivityTask(String token, JsonNode input, CompletableFuture<JsonNode> answer,
                           Consumer<String> pickedUp) {
}
