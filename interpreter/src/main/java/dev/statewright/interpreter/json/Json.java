package dev.statewright.interpreter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * The one Jackson configuration the engine uses.
 *
 * <p>Payloads are JSON trees treated as immutable once built: the engine never mutates a node it
 * has handed on, so trees can be shared between states, events and branches without copying.
 * Code that builds a new value copies only the spine it changes.
 */
public final class Json {
    /** Decimals stay exact (BigDecimal) so numbers round-trip as AWS prints them. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    /**
     * How deeply an execution's data may nest. Jackson reads and writes at most 1000 levels, and the
     * service stores a payload inside an event (two levels more): data past this could be taken in
     * and then not be stored. Far deeper than any workflow's data.
     */
    public static final int MAX_PAYLOAD_DEPTH = 512;

    /**
     * Reads a text that must be exactly one JSON value: a plain read stops after the first one,
     * so {@code {"a": 1} junk} would pass. Definitions, inputs and JSON texts in requests use it.
     */
    public static final com.fasterxml.jackson.databind.ObjectReader STRICT =
            MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compact JSON text, the form AWS uses for inputs and outputs in its API. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code node} nests more than {@code maxDepth} levels (a scalar is level 0, {@code {}} level 1). */
    public static boolean deeperThan(JsonNode node, int maxDepth) {
        // Iterative, so data nested past the stack's depth is measured, not overflowed on.
        java.util.ArrayDeque<JsonNode> level = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<JsonNode> next = new java.util.ArrayDeque<>();
        if (node != null && node.isContainerNode()) {
            level.add(node);
        }
        for (int depth = 1; !level.isEmpty(); depth++) {
            if (depth > maxDepth) {
                return true;
            }
            for (JsonNode container : level) {
                for (JsonNode child : container) {
                    if (child.isContainerNode()) {
                        next.add(child);
                    }
                }
            }
            java.util.ArrayDeque<JsonNode> done = level;
            level = next;
            next = done;
            next.clear();
        }
        return false;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A shallow copy of an object: children are shared, which is safe as nodes are not mutated. */
    public static ObjectNode shallowCopy(ObjectNode source) {
        ObjectNode copy = NODES.objectNode();
        copy.setAll(source);
        return copy;
    }
}
