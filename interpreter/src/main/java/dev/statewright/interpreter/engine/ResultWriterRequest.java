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

import java.util.function.Supplier;

/**
 * A Distributed Map's ResultWriter with its Parameters (or Arguments) resolved. With a Resource
 * ({@code arn:aws:states:::s3:putObject}) the child executions' results go to S3, as AWS writes
 * them: result files per status ({@code SUCCEEDED_0.json}, ...) and a {@code manifest.json} that
 * lists them; the Map's output is then {@code {"MapRunArn", "ResultWriterDetails": {Bucket, Key}}}.
 * Without one, WriterConfig only shapes the Map's output. Like an ItemReader's read, each write is
 * a task request to the handler registered for the Resource ({@link ResultWrite}), so a durable
 * service journals its answer and a replay does not write again.
 *
 * @param resource       the Resource, or null where only WriterConfig is given
 * @param parameters     the resolved Parameters (Bucket, Prefix); an empty object where absent
 * @param transformation NONE (each child's record: ARN, input, output, dates...), COMPACT (its
 *                       output) or FLATTEN (its output, an array's elements one by one)
 * @param outputType     JSON (a file is one array) or JSONL (a record a line)
 */
public record ResultWriterRequest(String resource, ObjectNode parameters, Transformation transformation,
                                  OutputType outputType) {

    public enum Transformation { NONE, COMPACT, FLATTEN }

    public enum OutputType { JSON, JSONL }

    /** Whether the results go to S3 (a Resource is given), not only into the Map's output. */
    public boolean exports() {
        return resource != null;
    }

    static ResultWriterRequest resolve(MapState map, JsonNode input, Supplier<JsonNode> context, DataFlowProcessor flow) {
        JsonNode writer = map.resultWriter();
        ObjectNode parameters = Json.object();
        if (writer.has("Parameters")) {
            String at = "/States/" + map.name() + "/ResultWriter/Parameters";
            parameters = asObject(flow.template(DefinitionParser.template(writer.get("Parameters"), at), input, context));
        }
        return withConfig(writer, parameters);
    }

    static ResultWriterRequest resolveJsonata(MapState map, JsonataScope scope) {
        JsonNode writer = map.resultWriter();
        JsonNode arguments = writer.has("Arguments") ? writer.get("Arguments") : writer.get("Parameters");
        ObjectNode parameters = arguments == null ? Json.object()
                : asObject(JsonataTemplate.compile(arguments).evaluate(scope, "ResultWriter.Arguments"));
        return withConfig(writer, parameters);
    }

    private static ResultWriterRequest withConfig(JsonNode writer, ObjectNode parameters) {
        String resource = writer.hasNonNull("Resource") ? writer.get("Resource").asText() : null;
        JsonNode config = writer.path("WriterConfig");
        // AWS: exported results are whole records unless WriterConfig says otherwise; the Map's own output is compact.
        Transformation transformation = config.has("Transformation")
                ? enumValue(Transformation.class, config.get("Transformation"), "Transformation")
                : resource != null ? Transformation.NONE : Transformation.COMPACT;
        OutputType outputType = config.has("OutputType")
                ? enumValue(OutputType.class, config.get("OutputType"), "OutputType") : OutputType.JSON;
        return new ResultWriterRequest(resource, parameters, transformation, outputType);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode value, String field) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.asText())) {
                return constant;
            }
        }
        throw new StatesException(StatesErrors.RUNTIME, "The ResultWriter's WriterConfig." + field + " "
                + Json.write(value) + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    private static ObjectNode asObject(JsonNode value) {
        if (!(value instanceof ObjectNode object)) {
            throw new StatesException(StatesErrors.RUNTIME, "The ResultWriter's Parameters must give a JSON object,"
                    + " but gave " + Json.write(value));
        }
        return object;
    }

    /**
     * What the Map's output holds of one child's record under this Transformation: COMPACT and
     * FLATTEN keep a succeeded child's output only (FLATTEN spreads an array); a failed child's
     * record stays whole.
     */
    void addShaped(ArrayNode into, ObjectNode record, JsonNode output, boolean succeeded) {
        if (transformation == Transformation.NONE || !succeeded) {
            into.add(record);
        } else if (transformation == Transformation.FLATTEN && output instanceof ArrayNode elements) {
            into.addAll(elements);
        } else {
            into.add(output);
        }
    }

    /** The WriterConfig a handler is told, as it resolved. */
    ObjectNode writerConfig() {
        return Json.object().put("Transformation", transformation.name()).put("OutputType", outputType.name());
    }

    /** A write request's input carries the writer itself, for its handler. */
    ObjectNode baseInput(String mapRunArn) {
        ObjectNode input = Json.object();
        input.set("Parameters", parameters);
        input.set("WriterConfig", writerConfig());
        input.put("MapRunArn", mapRunArn);
        return input;
    }

    /** The writer a handler's request names (its input made by {@link ResultWrite}). */
    public static ResultWriterRequest of(TaskRequest request) {
        JsonNode input = request.input();
        JsonNode config = input.path("WriterConfig");
        return new ResultWriterRequest(request.resource(),
                input.path("Parameters").isObject() ? (ObjectNode) input.get("Parameters") : Json.object(),
                Transformation.valueOf(config.path("Transformation").asText("NONE")),
                OutputType.valueOf(config.path("OutputType").asText("JSON")));
    }

    /** Bucket, which an export needs: a missing one fails the Map with States.ResultWriterFailed. */
    public String bucket() {
        JsonNode bucket = parameters.get("Bucket");
        if (bucket == null || !bucket.isTextual() || bucket.textValue().isEmpty()) {
            throw new StatesException(StatesErrors.RESULT_WRITER_FAILED, "The ResultWriter's Parameters need the"
                    + " string field Bucket, but have " + Json.write(parameters));
        }
        return bucket.textValue();
    }

    /** Prefix, "" where absent. */
    public String prefix() {
        return parameters.path("Prefix").asText("");
    }
}
