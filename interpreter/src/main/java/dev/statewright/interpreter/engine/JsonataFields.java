package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.jsonata.JsonataScope;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.jsonata.QueryEvaluationError;

/**
 * Fields of JSONata states that must come out as one JSON type (Items an array, Seconds an
 * integer, a Condition a boolean), with AWS's error when they do not.
 */
final class JsonataFields {
    private JsonataFields() {
    }

    static ArrayNode array(JsonataTemplate template, JsonataScope scope, String field) {
        JsonNode value = template.evaluate(scope, field);
        if (!(value instanceof ArrayNode array)) {
            throw wrongType(template, field, "array", value);
        }
        return array;
    }

    static long integer(JsonataTemplate template, JsonataScope scope, String field) {
        JsonNode value = template.evaluate(scope, field);
        if (!value.isNumber() || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw wrongType(template, field, "integer", value);
        }
        return value.longValue();
    }

    /** A count (MaxConcurrency, ToleratedFailureCount, Seconds): an integer from 0 up, within int range. */
    static int count(JsonataTemplate template, JsonataScope scope, String field) {
        long value = integer(template, scope, field);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new StatesException(StatesErrors.RUNTIME, "The " + field + " field must be an integer from 0 to "
                    + Integer.MAX_VALUE + ", but was " + value);
        }
        return (int) value;
    }

    static double number(JsonataTemplate template, JsonataScope scope, String field) {
        JsonNode value = template.evaluate(scope, field);
        if (!value.isNumber()) {
            throw wrongType(template, field, "number", value);
        }
        return value.doubleValue();
    }

    static boolean bool(JsonataTemplate template, JsonataScope scope, String field) {
        JsonNode value = template.evaluate(scope, field);
        if (!value.isBoolean()) {
            throw wrongType(template, field, "boolean", value);
        }
        return value.booleanValue();
    }

    static String text(JsonataTemplate template, JsonataScope scope, String field) {
        JsonNode value = template.evaluate(scope, field);
        if (!value.isTextual()) {
            throw wrongType(template, field, "string", value);
        }
        return value.textValue();
    }

    private static QueryEvaluationError wrongType(JsonataTemplate template, String field, String expected, JsonNode value) {
        String source = template instanceof JsonataTemplate.Expression expression ? expression.expression().source()
                : Json.write(value);
        return QueryEvaluationError.unexpectedType(source, field, expected, typeName(value), Json.write(value));
    }

    static String typeName(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return "number";
        }
        return "boolean";
    }
}
