package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The calls a Distributed Map makes besides its iterations (its ItemReader's pages, its
 * ResultWriter's files) go to the task handler registered for their Resource, as a task's do, so a
 * durable service journals each answer. While one is out, the loop keeps real time (it cannot skip
 * ahead of an answer it waits for); {@link #cancelAll} gives up those still out when the Map ends.
 */
final class MapRunCalls {
    private final Execution execution;
    private final EngineContext engine;
    private final String stateName;
    private final Supplier<JsonNode> context;
    private final List<CompletionStage<JsonNode>> out = new ArrayList<>();

    MapRunCalls(Execution execution, EngineContext engine, String stateName, Supplier<JsonNode> context) {
        this.execution = execution;
        this.engine = engine;
        this.stateName = stateName;
        this.context = context;
    }

    /**
     * Calls the handler of {@code resource} with {@code input}; {@code answered} runs on the loop
     * with the answer or the failure (a handler without a stage fails with {@code errorIfNone}).
     */
    void call(String resource, ObjectNode input, String errorIfNone, String what, BiConsumer<JsonNode, Throwable> answered) {
        ExecutionLoop loop = execution.loop();
        TaskHandler handler = engine.taskHandlers().forResource(resource);
        TaskRequest request = new TaskRequest(resource, input, stateName, context.get().deepCopy(), null, () -> {
        });
        loop.externalWorkStarted();
        CompletionStage<JsonNode> outcome = HandlerCalls.invoke(handler, request, errorIfNone, what);
        out.add(outcome);
        outcome.whenComplete((result, failure) -> loop.execute(() -> {
            if (out.remove(outcome)) {
                loop.externalWorkEnded();
                answered.accept(result, failure);
            }
        }));
    }

    /** Whether any call is still out. */
    boolean busy() {
        return !out.isEmpty();
    }

    /** Gives up every call still out: its answer, when it comes, is dropped. */
    void cancelAll() {
        for (CompletionStage<JsonNode> outcome : List.copyOf(out)) {
            out.remove(outcome);
            execution.loop().externalWorkEnded();
            if (outcome instanceof CompletableFuture<JsonNode> future && !future.isDone()) {
                future.cancel(false);
            }
        }
    }
}
