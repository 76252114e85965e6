package dev.statewright.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

/**
 * Reads a text that must be exactly one JSON value. A plain {@code readTree} stops after the
 * first value, so {@code {"a": 1} junk} would pass, and it takes an empty text as "no value";
 * request bodies and execution inputs must be refused in both cases, as AWS refuses them.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /** The one value of {@code text}, or null when it holds none (empty or blank). */
    public static JsonNode read(String text) throws JsonProcessingException {
        JsonNode node = Json.STRICT.readTree(text);
        return node == null || node.isMissingNode() ? null : node;
    }
}
