package dev.statewright.interpreter.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;

/**
 * The corpus masks the account-specific parts of Task resources ({@code arn:<partition>:lambda:
 * <region>:111111111111:function:<name>}, or a bare {@code activity_arn}). This puts realistic
 * values back, as the recording had them, so the validator judges the definition AWS judged.
 */
public final class RecordedResources {
    private RecordedResources() {
    }

    public static JsonNode unmasked(JsonNode definition) {
        JsonNode copy = definition.deepCopy();
        unmask(copy);
        return copy;
    }

    public static String unmaskText(String text) {
        if ("activity_arn".equals(text)) {
            return "arn:aws:states:us-east-1:111111111111:activity:recorded-activity";
        }
        return text.replace("<partition>", "aws").replace("<region>", "us-east-1")
                .replaceAll("<([A-Za-z0-9_-]+)>", "$1");
    }

    /** Every string of a value unmasked, not only Resource fields (inputs name functions too). */
    public static JsonNode unmaskedEverywhere(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(unmaskText(node.textValue()));
        }
        JsonNode copy = node.deepCopy();
        unmaskStrings(copy);
        return copy;
    }

    private static void unmaskStrings(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    ((ObjectNode) node).put(field.getKey(), unmaskText(field.getValue().textValue()));
                } else {
                    unmaskStrings(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual()) {
                    ((ArrayNode) node).set(i, unmaskText(node.get(i).textValue()));
                } else {
                    unmaskStrings(node.get(i));
                }
            }
        }
    }

    private static void unmask(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if ("Resource".equals(field.getKey()) && field.getValue().isTextual()) {
                    ((ObjectNode) node).put("Resource", unmaskText(field.getValue().textValue()));
                } else {
                    unmask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(RecordedResources::unmask);
        }
    }
}
