package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StrictJson;
import dev.statewright.api.runtime.StoredAnswer;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks waiting for a worker's answer, by task token: callback tasks ({@code .waitForTaskToken})
 * and activity tasks. SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat reach them here.
 * A task the engine gives up on (a timeout, a stop) leaves, so a late answer is refused.
 */
public final class CallbackRegistry {
    private static final int MAX_TOKEN_LENGTH = 1024;

    /** A task waiting for its token: what it was given, for people and tools looking for open tasks. */
    public record Waiting(String token, String resource, String stateName, JsonNode input, Runnable heartbeat,
                          StoredAnswer answer) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    /** Registers a task under its token; the stage completes with the worker's answer. */
    public CompletableFuture<JsonNode> register(String token, String resource, String stateName, JsonNode input,
                                                Runnable heartbeat) {
        StoredAnswer answer = new StoredAnswer();
        Waiting entry = new Waiting(token, resource, stateName, input, heartbeat, answer);
        waiting.put(token, entry);
        answer.whenComplete((result, failure) -> waiting.remove(token, entry));
        return answer;
    }

    /** Completes once the outcome is stored, so the worker's acknowledgement survives a crash. */
    public CompletableFuture<Void> succeed(String token, String output) {
        Waiting entry = find(token);
        JsonNode parsed;
        try {
            parsed = StrictJson.read(output);
        } catch (java.io.IOException | RuntimeException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw new ServiceException("InvalidOutput", "Invalid Output: '" + output + "'");
        }
        entry.answer().complete(parsed);
        return acknowledgement(entry);
    }

    public CompletableFuture<Void> fail(String token, String error, String cause) {
        Waiting entry = find(token);
        entry.answer().completeExceptionally(new StatesException(error, cause));
        return acknowledgement(entry);
    }

    /** Completes when the execution's loop has committed the outcome (its journal entry). */
    private static CompletableFuture<Void> acknowledgement(Waiting entry) {
        return entry.answer().stored();
    }

    public void heartbeat(String token) {
        find(token).heartbeat().run();
    }

    /** The tasks waiting now, for the REST API. */
    public List<ObjectNode> describeWaiting() {
        List<ObjectNode> list = new ArrayList<>();
        for (Waiting entry : waiting.values()) {
            ObjectNode node = Json.object().put("taskToken", entry.token()).put("resource", entry.resource())
                    .put("stateName", entry.stateName());
            node.set("input", entry.input());
            list.add(node);
        }
        return list;
    }

    private Waiting find(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        Waiting entry = waiting.get(token);
        if (entry == null) {
            throw new ServiceException("TaskDoesNotExist", "Task Does Not Exist: '" + token + "'");
        }
        return entry;
    }
}
