package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Calling a {@link TaskHandler} so that its answer is a stage that always ends, whatever the handler does. */
final class HandlerCalls {
    private HandlerCalls() {
    }

    /**
     * The handler's stage; a handler that throws fails it with what it threw, and one that returns
     * no stage fails it with {@code errorIfNone}, naming the resource.
     */
    static CompletionStage<JsonNode> invoke(TaskHandler handler, TaskRequest request, String errorIfNone, String what) {
        CompletionStage<JsonNode> outcome;
        try {
            outcome = handler.invoke(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return outcome != null ? outcome : CompletableFuture.failedFuture(new StatesException(errorIfNone,
                "The " + what + " for " + request.resource() + " returned no CompletionStage"));
    }
}
