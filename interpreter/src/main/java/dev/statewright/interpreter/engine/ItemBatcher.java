package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.jsonata.JsonataScope;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.MapState;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A Map's ItemBatcher with its paths or expressions resolved: each iteration gets a batch,
 * {@code {"Items": [...], "BatchInput": {...}}} (BatchInput only where given), of at most
 * MaxItemsPerBatch items and at most MaxInputBytesPerBatch bytes of JSON. A batch holds at
 * least one item, however large.
 *
 * @param maxItems   the most items in a batch; 0 for no limit
 * @param maxBytes   the most bytes of a batch's JSON; 0 for no limit
 * @param batchInput what every batch carries as BatchInput, or null
 */
record ItemBatcher(int maxItems, int maxBytes, JsonNode batchInput) {

    static ItemBatcher resolve(MapState map, JsonNode input, Supplier<JsonNode> context, DataFlowProcessor flow) {
        JsonNode batcher = map.itemBatcher();
        int maxItems = batcher.path("MaxItemsPerBatch").asInt(0);
        if (batcher.has("MaxItemsPerBatchPath")) {
            maxItems = MapRun.integerAt(batcher.get("MaxItemsPerBatchPath").asText(), "MaxItemsPerBatchPath",
                    input, context);
        }
        int maxBytes = batcher.path("MaxInputBytesPerBatch").asInt(0);
        if (batcher.has("MaxInputBytesPerBatchPath")) {
            maxBytes = MapRun.integerAt(batcher.get("MaxInputBytesPerBatchPath").asText(), "MaxInputBytesPerBatchPath",
                    input, context);
        }
        JsonNode batchInput = null;
        if (batcher.has("BatchInput")) {
            batchInput = flow.template(DefinitionParser.template(batcher.get("BatchInput"),
                    "/States/" + map.name() + "/ItemBatcher/BatchInput"), input, context);
        }
        return checked(maxItems, maxBytes, batchInput);
    }

    static ItemBatcher resolveJsonata(MapState map, JsonataScope scope) {
        JsonNode batcher = map.itemBatcher();
        int maxItems = count(batcher, "MaxItemsPerBatch", scope);
        int maxBytes = count(batcher, "MaxInputBytesPerBatch", scope);
        JsonNode batchInput = batcher.has("BatchInput")
                ? JsonataTemplate.compile(batcher.get("BatchInput")).evaluate(scope, "ItemBatcher.BatchInput") : null;
        return checked(maxItems, maxBytes, batchInput);
    }

    private static int count(JsonNode batcher, String field, JsonataScope scope) {
        JsonNode value = batcher.get(field);
        if (value == null) {
            return 0;
        }
        return value.isNumber() ? value.intValue()
                : JsonataFields.count(JsonataTemplate.compile(value), scope, "ItemBatcher." + field);
    }

    private static ItemBatcher checked(int maxItems, int maxBytes, JsonNode batchInput) {
        if (maxItems < 0) {
            throw new StatesException(StatesErrors.RUNTIME, "The ItemBatcher's MaxItemsPerBatch must not be negative,"
                    + " but was " + maxItems);
        }
        if (maxBytes < 0) {
            throw new StatesException(StatesErrors.RUNTIME, "The ItemBatcher's MaxInputBytesPerBatch must not be"
                    + " negative, but was " + maxBytes);
        }
        return new ItemBatcher(maxItems, maxBytes, batchInput);
    }

    /** The items grouped into batches, in order: each batch an array of items. */
    ArrayNode group(ArrayNode items) {
        ArrayNode batches = Json.NODES.arrayNode();
        ArrayNode current = null;
        long currentBytes = 0;
        long overhead = bytes(batch(Json.NODES.arrayNode()));
        for (JsonNode item : items) {
            long itemBytes = bytes(item) + 1; // and its comma
            boolean full = current != null && ((maxItems > 0 && current.size() >= maxItems)
                    || (maxBytes > 0 && overhead + currentBytes + itemBytes > maxBytes));
            if (current == null || full) {
                current = batches.addArray();
                currentBytes = 0;
            }
            current.add(item);
            currentBytes += itemBytes;
        }
        return batches;
    }

    /** What an iteration gets for a batch of (selected) items. */
    ObjectNode batch(ArrayNode items) {
        ObjectNode batch = Json.object();
        if (batchInput != null) {
            batch.set("BatchInput", batchInput);
        }
        batch.set("Items", items);
        return batch;
    }

    private static long bytes(JsonNode value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8).length;
    }
}
