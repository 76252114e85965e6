package dev.statewright.interpreter.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values between Jackson trees and the plain Java values the JSONata library works on.
 * JSON null is the library's NULL_VALUE; Java null means "undefined", which JSON has no word for.
 */
public final class JsonataValues {
    private JsonataValues() {
    }

    /** A Jackson tree as JSONata input. */
    public static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
        }
        return node.doubleValue(); // JSONata numbers are doubles, as in JavaScript
    }

    /** Whether a result is a value JSON can hold (not a function, not undefined). */
    public static boolean isJson(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().allMatch(v -> v == null || isJson(v));
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(v -> v == null || isJson(v));
        }
        return value == Jsonata.NULL_VALUE || value instanceof String || value instanceof Number
                || value instanceof Boolean;
    }

    /** A JSONata result as a Jackson tree; undefined members of objects are left out, as JSON.stringify does. */
    public static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = Json.object();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (entry.getValue() != null) {
                    object.set(String.valueOf(entry.getKey()), toJson(entry.getValue()));
                }
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = Json.NODES.arrayNode(list.size());
            for (Object item : list) {
                array.add(toJson(item));
            }
            return array;
        }
        if (value instanceof String text) {
            return Json.NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return Json.NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return integral(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? integral(big.longValue()) : Json.NODES.numberNode(big);
        }
        if (value instanceof BigDecimal decimal) {
            return Json.NODES.numberNode(decimal);
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e21) {
                // Whole numbers in full digits, as JavaScript prints them below 1e21: 3.0 prints as 3.
                BigInteger whole = new BigDecimal(d).toBigInteger();
                return whole.bitLength() < 64 ? integral(whole.longValue()) : Json.NODES.numberNode(whole);
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Json.NODES.numberNode(d);
            }
            // A decimal as Json.parse reads one (exact BigDecimal), so it equals the same number read from JSON.
            return Json.NODES.numberNode(BigDecimal.valueOf(d).stripTrailingZeros());
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
    }

    /**
     * An integer node of the kind Json.parse makes for the same text (int when it fits, else
     * long), so values from JSONata equal values read from JSON in JSONPath states and intrinsics.
     */
    private static JsonNode integral(long value) {
        return value == (int) value ? Json.NODES.numberNode((int) value) : Json.NODES.numberNode(value);
    }

    /** The JSONata type name of a result, as AWS's messages use them. */
    public static String typeName(Object value) {
        if (value == Jsonata.NULL_VALUE) {
            return "null";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return "function";
    }
}
