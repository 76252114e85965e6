package dev.statewright.interpreter.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON value of a JSONata state (Arguments, Output, an Assign value, Items, ...) in which every
 * string of the form {@code {% expression %}} is an expression, compiled once.
 */
public sealed interface JsonataTemplate {

    /** A value with no expression in it: used as it is. */
    record Constant(JsonNode value) implements JsonataTemplate {
    }

    record Expression(JsonataExpression expression) implements JsonataTemplate {
    }

    record ObjectTemplate(List<Field> fields) implements JsonataTemplate {
    }

    record ArrayTemplate(List<JsonataTemplate> items) implements JsonataTemplate {
    }

    record Field(String name, JsonataTemplate value) {
    }

    /** Whether a string is a JSONata expression: {@code {%} at the start, {@code %}} at the end. */
    static boolean isExpression(String text) {
        return text.startsWith("{%") && text.endsWith("%}") && text.length() >= 4;
    }

    /**
     * Compiles a value.
     *
     * @throws IllegalArgumentException naming the expression that is not JSONata
     */
    static JsonataTemplate compile(JsonNode node) {
        if (node.isTextual() && isExpression(node.textValue())) {
            String text = node.textValue();
            return new Expression(JsonataExpression.compile(text.substring(2, text.length() - 2).trim()));
        }
        if (node.isObject()) {
            List<Field> fields = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                JsonataTemplate value = compile(entry.getValue());
                dynamic |= !(value instanceof Constant);
                fields.add(new Field(entry.getKey(), value));
            }
            return dynamic ? new ObjectTemplate(fields) : new Constant(node);
        }
        if (node.isArray()) {
            List<JsonataTemplate> items = new ArrayList<>();
            boolean dynamic = false;
            for (JsonNode item : node) {
                JsonataTemplate value = compile(item);
                dynamic |= !(value instanceof Constant);
                items.add(value);
            }
            return dynamic ? new ArrayTemplate(items) : new Constant(node);
        }
        return new Constant(node);
    }

    /**
     * Evaluates the value; {@code field} is its place for error messages ({@code Arguments}, and
     * {@code Arguments/Name} for a member).
     *
     * @throws QueryEvaluationError when an expression fails or gives nothing
     */
    default JsonNode evaluate(JsonataScope scope, String field) {
        if (this instanceof Constant constant) {
            return constant.value();
        }
        if (this instanceof Expression expression) {
            return expression.expression().evaluateToJson(scope, field);
        }
        if (this instanceof ObjectTemplate object) {
            ObjectNode result = Json.object();
            for (Field member : object.fields()) {
                result.set(member.name(), member.value().evaluate(scope, field + "/" + member.name()));
            }
            return result;
        }
        ArrayNode result = Json.NODES.arrayNode();
        List<JsonataTemplate> items = ((ArrayTemplate) this).items();
        for (int i = 0; i < items.size(); i++) {
            result.add(items.get(i).evaluate(scope, field + "/" + i));
        }
        return result;
    }
}
