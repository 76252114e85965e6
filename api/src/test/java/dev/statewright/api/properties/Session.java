package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the answers of a run gave that later requests use (a task token, an execution's ARN, a
 * next token: generated requests name them by placeholders such as {@code {{token}}}), and the
 * executions the service acknowledged, with the input each was started with.
 */
final class Session {
    static final String ARN_PREFIX = "arn:aws:states:us-east-1:123456789012:";
    static final String TOKEN = "{{token}}";
    static final String EXECUTION = "{{execution}}";
    static final String NEXT_TOKEN = "{{nextToken}}";

    /** Until an answer gives a token: not shaped like one, so refused at once rather than after a 2 s grace. */
    private String token = "no-token-yet";
    private String executionArn = ARN_PREFIX + "execution:m1:e1";
    private String nextToken = "bm90aGluZw";
    private final Map<String, String> acknowledged = new LinkedHashMap<>();

    /** A generated value with its placeholder, if it is one, replaced by what an earlier answer gave. */
    String resolve(String value) {
        return switch (value) {
            case TOKEN -> token;
            case EXECUTION -> executionArn;
            case NEXT_TOKEN -> nextToken;
            default -> value;
        };
    }

    /** An execution's REST id (MACHINE:EXECUTION) for the last execution seen. */
    String executionId() {
        int at = executionArn.indexOf(":execution:");
        return at >= 0 ? executionArn.substring(at + ":execution:".length()) : "m1:e1";
    }

    /** Remembers the task tokens, execution ARNs and next tokens an answer carries. */
    void learn(Answer answer) {
        if (answer.status() >= 300) {
            return;
        }
        answer.json().ifPresent(json -> {
            Deque<JsonNode> pending = new ArrayDeque<>();
            pending.push(json);
            int visited = 0;
            while (!pending.isEmpty() && visited++ < 2000) {
                JsonNode node = pending.pop();
                if (node.path("taskToken").isTextual()) {
                    token = node.get("taskToken").textValue();
                }
                if (node.path("executionArn").isTextual()) {
                    executionArn = node.get("executionArn").textValue();
                }
                if (node.path("nextToken").isTextual()) {
                    nextToken = node.get("nextToken").textValue();
                }
                if (node.isContainerNode()) {
                    node.forEach(pending::push);
                }
            }
        });
    }

    /**
     * An execution the service said it started, with its input as the service read it. A start
     * answered for a running execution of the same name (AWS's idempotent start) must have come
     * with the same input as the first, as JSON.
     */
    void acknowledge(String executionArn, String input) {
        String first = acknowledged.putIfAbsent(executionArn, input);
        if (first != null && !Json.parse(first).equals(Json.parse(input))) {
            throw new AssertionError("A second start of " + executionArn + " was acknowledged with another input: "
                    + input + " (first: " + first + ")");
        }
    }

    Map<String, String> acknowledged() {
        return acknowledged;
    }
}
