package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.jsonata.JsonataScope;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.MapState;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Map's ItemReader with its paths or expressions resolved: what to read (Resource, and
 * Parameters or Arguments such as Bucket and Key or Prefix) and how (ReaderConfig, its MaxItems
 * a number). The engine does not read: it hands this to the task handler registered for the
 * reader's Resource, as the input of a {@link TaskRequest} ({@link #asTaskInput()}), so a durable
 * service journals the items read like any task's outcome. A handler reads it back with
 * {@link #of(TaskRequest)}.
 *
 * <p>The engine reads a page at a time ({@link Page}: at most Limit items after a token), so a
 * Map over millions of items never holds them all: the handler answers {@link ItemsRead} (the
 * items and the token the next page starts after, null at the end), or, for a request without a
 * page, every item as one JSON array. The engine counts MaxItems itself across pages.
 *
 * @param resource     the reader's Resource, e.g. {@code arn:aws:states:::s3:getObject}
 * @param parameters   the resolved Parameters (JSONPath) or Arguments (JSONata); an empty object where absent
 * @param readerConfig the ReaderConfig with MaxItems resolved (0 or absent: no limit); an empty object where absent
 */
public record ItemReaderRequest(String resource, ObjectNode parameters, ObjectNode readerConfig) {

    /** A JSONPath Map's reader: Parameters is a payload template, MaxItemsPath a path. */
    static ItemReaderRequest resolve(MapState map, JsonNode input, Supplier<JsonNode> context, DataFlowProcessor flow) {
        JsonNode reader = map.itemReader();
        String at = "/States/" + map.name() + "/ItemReader";
        ObjectNode parameters = Json.object();
        if (reader.has("Parameters")) {
            JsonNode resolved = flow.template(DefinitionParser.template(reader.get("Parameters"), at + "/Parameters"),
                    input, context);
            parameters = asObject(resolved, "Parameters");
        }
        ObjectNode config = reader.path("ReaderConfig").isObject()
                ? (ObjectNode) reader.get("ReaderConfig").deepCopy() : Json.object();
        if (config.has("MaxItemsPath")) {
            int maxItems = MapRun.integerAt(config.get("MaxItemsPath").asText(), "MaxItemsPath", input, context);
            config.remove("MaxItemsPath");
            config.put("MaxItems", maxItems);
        }
        return new ItemReaderRequest(reader.path("Resource").asText(), parameters, config);
    }

    /** A JSONata Map's reader: Arguments and ReaderConfig's MaxItems may hold expressions. */
    static ItemReaderRequest resolveJsonata(MapState map, JsonataScope scope) {
        JsonNode reader = map.itemReader();
        ObjectNode parameters = Json.object();
        JsonNode arguments = reader.has("Arguments") ? reader.get("Arguments") : reader.get("Parameters");
        if (arguments != null) {
            parameters = asObject(JsonataTemplate.compile(arguments).evaluate(scope, "ItemReader.Arguments"), "Arguments");
        }
        ObjectNode config = reader.path("ReaderConfig").isObject()
                ? (ObjectNode) reader.get("ReaderConfig").deepCopy() : Json.object();
        JsonNode maxItems = config.get("MaxItems");
        if (maxItems != null && !maxItems.isNumber()) {
            config.put("MaxItems", JsonataFields.integer(JsonataTemplate.compile(maxItems), scope,
                    "ItemReader.ReaderConfig.MaxItems"));
        }
        return new ItemReaderRequest(reader.path("Resource").asText(), parameters, config);
    }

    private static ObjectNode asObject(JsonNode value, String field) {
        if (!(value instanceof ObjectNode object)) {
            throw new StatesException(StatesErrors.RUNTIME, "The ItemReader's " + field
                    + " must give a JSON object, but gave " + Json.write(value));
        }
        return object;
    }

    /**
     * What AWS checks before reading, failing the Map Run with States.ItemReaderFailed: a
     * negative MaxItems, CSV headers that repeat.
     */
    void requireValid() {
        if (readerConfig.path("MaxItems").asLong(0) < 0) {
            throw new StatesException(StatesErrors.ITEM_READER_FAILED, "field MaxItems must be positive");
        }
        JsonNode headers = readerConfig.get("CSVHeaders");
        if (headers != null && headers.isArray()) {
            Set<String> seen = new HashSet<>();
            for (JsonNode header : headers) {
                if (!seen.add(header.asText())) {
                    throw new StatesException(StatesErrors.ITEM_READER_FAILED, "CSV headers cannot contain duplicates.");
                }
            }
        }
    }

    /** At most this many items are read; 0 for all of them. */
    public int maxItems() {
        return readerConfig.path("MaxItems").asInt(0);
    }

    /** ReaderConfig's InputType (JSON, JSONL, CSV, MANIFEST), or null where it is absent (listObjectsV2). */
    public String inputType() {
        JsonNode type = readerConfig.get("InputType");
        return type == null ? null : type.asText();
    }

    /** The input of the task request that carries this read, every item at once, to its handler. */
    public ObjectNode asTaskInput() {
        ObjectNode input = Json.object();
        input.set("Parameters", parameters);
        input.set("ReaderConfig", readerConfig);
        return input;
    }

    /** The input of the task request that reads one page. */
    public ObjectNode asTaskInput(Page page) {
        ObjectNode input = asTaskInput();
        ObjectNode pageNode = input.putObject("Page");
        pageNode.set("After", page.after() == null ? Json.NODES.nullNode() : page.after());
        pageNode.put("Limit", page.limit());
        return input;
    }

    /**
     * One page of a read: at most {@code limit} items, after the place {@code after} names (the
     * token the previous page ended with, opaque to the engine; null for the first page).
     */
    public record Page(JsonNode after, int limit) {
    }

    /** The page a request asks for, or null where it asks for every item at once. */
    public static Page pageOf(TaskRequest request) {
        JsonNode page = request.input().get("Page");
        if (page == null || !page.isObject()) {
            return null;
        }
        JsonNode after = page.get("After");
        return new Page(after == null || after.isNull() ? null : after, page.path("Limit").asInt(Integer.MAX_VALUE));
    }

    /** The read a task request carries (its input made by {@link #asTaskInput()}). */
    public static ItemReaderRequest of(TaskRequest request) {
        JsonNode input = request.input();
        return new ItemReaderRequest(request.resource(),
                input.path("Parameters").isObject() ? (ObjectNode) input.get("Parameters") : Json.object(),
                input.path("ReaderConfig").isObject() ? (ObjectNode) input.get("ReaderConfig") : Json.object());
    }
}
