package dev.statewright.interpreter.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The structural half of validation: applies the ASL JSON Schema ({@code schemas/asl.schema.json})
 * to one part of a definition and words each violation the way AWS does.
 */
final class SchemaChecks {
    /** The parts of a definition the schema describes, each a {@code $defs} entry. */
    enum Part {
        STATE_MACHINE("stateMachine"),
        BRANCH("branch"),
        ITEM_PROCESSOR("itemProcessor"),
        JSONPATH_STATE("jsonPathState"),
        JSONATA_STATE("jsonataState");

        final String definition;

        Part(String definition) {
            this.definition = definition;
        }
    }

    private static final String SCHEMA_RESOURCE = "/schemas/asl.schema.json";
    private static final String SCHEMA_ID = "https://statewright.dev/schemas/asl.schema.json";

    private final Map<Part, Schema> schemas = new EnumMap<>(Part.class);

    SchemaChecks() {
        JsonNode root = load();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        for (Part part : Part.values()) {
            // One small schema per part: the shared $defs with a root that points at the part.
            ObjectNode entry = root.deepCopy();
            entry.put("$id", SCHEMA_ID + "?part=" + part.definition);
            entry.put("$ref", "#/$defs/" + part.definition);
            schemas.put(part, registry.getSchema(SchemaLocation.of(SCHEMA_ID + "?part=" + part.definition), entry));
        }
    }

    private static JsonNode load() {
        try (InputStream in = SchemaChecks.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The violations of {@code node}, which sits at JSON pointer {@code at} in the definition. */
    List<Diagnostic> check(JsonNode node, Part part, String at) {
        List<Error> errors = schemas.get(part).validate(node);
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, List<String>> missingByObject = new LinkedHashMap<>();
        for (Error error : errors) {
            String location = at + pointer(error.getInstanceLocation());
            if ("required".equals(error.getKeyword())) {
                missingByObject.computeIfAbsent(location, key -> new ArrayList<>()).add(error.getProperty());
                continue;
            }
            diagnostics.add(Diagnostic.error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED, message(error), location(error, location)));
        }
        missingByObject.forEach((location, fields) -> diagnostics.add(Diagnostic.error(
                DiagnosticCodes.SCHEMA_VALIDATION_FAILED,
                fields.size() == 1
                        ? "The field '" + fields.get(0) + "' is required but was missing"
                        : "These fields are required: [" + String.join(", ", fields) + "]",
                location.isEmpty() ? "/" : location)));
        return diagnostics;
    }

    private static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(SourcePositions.escape(path.getName(i)));
        }
        return pointer.toString();
    }

    private static String location(Error error, String location) {
        if ("additionalProperties".equals(error.getKeyword())) {
            return location + "/" + SourcePositions.escape(error.getProperty());
        }
        return location.isEmpty() ? "/" : location;
    }

    private static String message(Error error) {
        String field = fieldName(error.getInstanceLocation());
        JsonNode schema = error.getSchemaNode();
        switch (error.getKeyword()) {
            case "enum":
                return "The field '" + field + "' should have one of these values: ["
                        + StreamSupport.stream(schema.spliterator(), false).map(JsonNode::asText)
                                .collect(Collectors.joining(", ")) + "]";
            case "additionalProperties":
                return "The field '" + error.getProperty() + "' is not supported here";
            case "type":
                return "The field '" + field + "' must be " + typeWords(schema);
            case "minItems":
            case "minProperties":
            case "minLength":
                return "Value cannot be empty";
            case "minimum":
                return "The field '" + field + "' must be at least " + schema.asText();
            case "maximum":
                return "The field '" + field + "' must be at most " + schema.asText();
            default:
                return error.getMessage();
        }
    }

    private static String fieldName(NodePath path) {
        int count = path.getNameCount();
        return count == 0 ? "" : path.getName(count - 1);
    }

    private static String typeWords(JsonNode type) {
        if (type.isArray()) {
            return StreamSupport.stream(type.spliterator(), false).map(t -> article(t.asText()))
                    .collect(Collectors.joining(" or "));
        }
        return article(type.asText());
    }

    private static String article(String type) {
        return (type.startsWith("a") || type.startsWith("i") || type.startsWith("o") ? "an " : "a ") + type;
    }
}
