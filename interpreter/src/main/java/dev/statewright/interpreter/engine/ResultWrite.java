package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

/**
 * One write a Distributed Map's ResultWriter asks its handler for, as a task request's input:
 * a result file ({@link Part}: answered {@code {"Key", "Size"}}) or, once every file is written,
 * the manifest that lists them ({@link Manifest}: answered {@code {"Bucket", "Key"}}, the Map's
 * ResultWriterDetails). A Map over many items writes a part each time enough results of one
 * status gathered, so it never holds them all.
 */
public sealed interface ResultWrite {

    ResultWriterRequest writer();

    String mapRunArn();

    /** The input of the task request that carries this write. */
    ObjectNode asTaskInput();

    /**
     * A result file: the {@code number}th of its {@code status} (SUCCEEDED, FAILED or PENDING),
     * holding {@code results} as the writer's Transformation shaped them.
     */
    record Part(ResultWriterRequest writer, String mapRunArn, String status, int number, ArrayNode results)
            implements ResultWrite {
        @Override
        public ObjectNode asTaskInput() {
            ObjectNode input = writer.baseInput(mapRunArn);
            ObjectNode part = input.putObject("Part");
            part.put("Status", status).put("Number", number);
            part.set("Results", results);
            return input;
        }
    }

    /** The manifest: {@code files} lists, per status, the {@code {"Key", "Size"}} of each file written. */
    record Manifest(ResultWriterRequest writer, String mapRunArn, ObjectNode files) implements ResultWrite {
        @Override
        public ObjectNode asTaskInput() {
            ObjectNode input = writer.baseInput(mapRunArn);
            input.set("Manifest", files);
            return input;
        }
    }

    /** The write a handler's request carries. */
    public static ResultWrite of(TaskRequest request) {
        ResultWriterRequest writer = ResultWriterRequest.of(request);
        JsonNode input = request.input();
        String mapRunArn = input.path("MapRunArn").asText();
        JsonNode part = input.get("Part");
        if (part != null && part.isObject()) {
            return new Part(writer, mapRunArn, part.path("Status").asText(), part.path("Number").asInt(),
                    part.get("Results") instanceof ArrayNode results ? results : Json.NODES.arrayNode());
        }
        return new Manifest(writer, mapRunArn,
                input.get("Manifest") instanceof ObjectNode files ? files : Json.object());
    }
}
