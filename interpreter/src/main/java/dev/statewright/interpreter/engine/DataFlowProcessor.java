package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.intrinsic.IntrinsicFunctions;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.json.JsonPaths;
import dev.statewright.interpreter.json.ReferencePath;
import dev.statewright.interpreter.model.PayloadTemplate;

import java.util.function.Supplier;

/**
 * The JSONPath data flow of a state: InputPath, payload templates (Parameters, ResultSelector,
 * ItemSelector), ResultPath and OutputPath, with AWS's rules for null paths and its errors.
 */
final class DataFlowProcessor {
    private final IntrinsicFunctions intrinsics;

    DataFlowProcessor(IntrinsicFunctions intrinsics) {
        this.intrinsics = intrinsics;
    }

    /** InputPath and OutputPath: null gives {}, "$" the whole document, "$$" paths read the context object. */
    JsonNode select(String path, JsonNode document, Supplier<JsonNode> context) {
        if (path == null) {
            return Json.object();
        }
        return require(path, document, context, null);
    }

    /**
     * Reads a path that must select something, from the input or (for {@code $$} paths) the
     * context object. Every path field that is not a payload template reads through here.
     *
     * @param missing the States.Runtime cause when the path selects nothing; null for AWS's usual
     *                "Invalid path '$.x' : No results for path: $['x']"
     */
    static JsonNode require(String path, JsonNode document, Supplier<JsonNode> context, String missing) {
        try {
            return JsonPaths.read(path, document, context);
        } catch (JsonPaths.PathNotFound e) {
            throw new StatesException(StatesErrors.RUNTIME,
                    missing != null ? missing : "Invalid path '" + path + "' : " + e.getMessage());
        }
    }

    /** ResultPath: null keeps the input, "$" takes the result, a deeper path places it. */
    JsonNode resultPath(ReferencePath path, JsonNode input, JsonNode result) {
        if (path == null) {
            return input;
        }
        try {
            return path.write(input, result);
        } catch (ReferencePath.PathMismatch e) {
            throw new StatesException(StatesErrors.RESULT_PATH_MATCH_FAILURE,
                    "Unable to apply ResultPath \"" + path + "\" to input " + Json.write(input));
        }
    }

    /** Evaluates a payload template against an input and the context object. */
    JsonNode template(PayloadTemplate template, JsonNode input, Supplier<JsonNode> context) {
        if (template instanceof PayloadTemplate.Constant constant) {
            return constant.value();
        }
        if (template instanceof PayloadTemplate.ObjectTemplate object) {
            ObjectNode result = Json.object();
            for (PayloadTemplate.Field field : object.fields()) {
                result.set(field.name(), fieldValue(field, input, context));
            }
            return result;
        }
        if (template instanceof PayloadTemplate.ArrayTemplate array) {
            ArrayNode result = Json.NODES.arrayNode(array.items().size());
            for (PayloadTemplate item : array.items()) {
                result.add(template(item, input, context));
            }
            return result;
        }
        return value(template, "", input, context);
    }

    private JsonNode fieldValue(PayloadTemplate.Field field, JsonNode input, Supplier<JsonNode> context) {
        PayloadTemplate value = field.value();
        if (value instanceof PayloadTemplate.PathValue || value instanceof PayloadTemplate.IntrinsicValue) {
            return value(value, field.sourceKey(), input, context);
        }
        return template(value, input, context);
    }

    /**
     * Evaluates a path or intrinsic call (a {@code .$} value, ErrorPath, CausePath).
     *
     * @param field the field being computed, named in the error when the path selects nothing
     */
    JsonNode value(PayloadTemplate expression, String field, JsonNode input, Supplier<JsonNode> context) {
        try {
            if (expression instanceof PayloadTemplate.PathValue path) {
                return JsonPaths.read(path.path(), input, context);
            }
            return intrinsics.evaluate(((PayloadTemplate.IntrinsicValue) expression).call(), input, context);
        } catch (JsonPaths.PathNotFound e) {
            boolean inContext = JsonPaths.isContextPath(e.path());
            throw new StatesException(StatesErrors.RUNTIME, "The JSONPath '" + e.path() + "' specified for the field '"
                    + field + "' could not be found in the " + (inContext ? "context object '" + Json.write(context.get())
                    : "input '" + Json.write(input)) + "'");
        }
    }
}
