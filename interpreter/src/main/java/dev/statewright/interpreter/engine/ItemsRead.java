package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

/**
 * A page of items an ItemReader's handler read, and where the next page starts: {@code after} is
 * the reader's own token (a byte offset and the object's ETag, say), handed back with the next
 * {@link ItemReaderRequest.Page}; null when nothing is left. It travels as the handler's answer,
 * {@code {"Items": [...], "After": ...}}, so a durable service journals it like any task outcome.
 */
public record ItemsRead(ArrayNode items, JsonNode after) {

    /** The last page: nothing follows it. */
    public static ItemsRead last(ArrayNode items) {
        return new ItemsRead(items, null);
    }

    public boolean isLast() {
        return after == null;
    }

    public ObjectNode toJson() {
        ObjectNode answer = Json.object();
        answer.set("Items", items);
        answer.set("After", after == null ? Json.NODES.nullNode() : after);
        return answer;
    }

    /** A handler's answer: a page, or a bare array of every item; null for anything else. */
    public static ItemsRead fromAnswer(JsonNode answer) {
        if (answer instanceof ArrayNode all) {
            return last(all);
        }
        if (answer instanceof ObjectNode page && page.get("Items") instanceof ArrayNode items) {
            JsonNode after = page.get("After");
            return new ItemsRead(items, after == null || after.isNull() ? null : after);
        }
        return null;
    }
}
