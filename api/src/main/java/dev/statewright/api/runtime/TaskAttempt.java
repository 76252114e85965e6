package dev.statewright.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskRequest;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Names for one attempt of one Task state in one execution, the same every time the task is sent
 * (a resumed execution sends it again): read from the execution, the state, when it was entered
 * and its retry count.
 */
public final class TaskAttempt {
    private TaskAttempt() {
    }

    /** A UUID for the attempt; {@code purpose} keeps names made for different uses apart. */
    public static UUID id(TaskRequest request, String purpose) {
        JsonNode context = request.context();
        String key = purpose + "|" + context.path("Execution").path("Id").asText() + "|" + request.stateName() + "|"
                + context.path("State").path("EnteredTime").asText() + "|" + context.path("State").path("RetryCount").asInt();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
