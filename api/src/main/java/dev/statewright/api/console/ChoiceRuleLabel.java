package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** A short, readable text for a Choice rule, used as its edge's label in the console's graph. */
final class ChoiceRuleLabel {
    static final int MAX_LENGTH = 48;

    private ChoiceRuleLabel() {
    }

    static String of(JsonNode rule) {
        String text = describe(rule);
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "\u2026";
    }

    private static String describe(JsonNode rule) {
        if (rule.hasNonNull("Condition")) {
            return rule.get("Condition").asText();
        }
        if (rule.has("And")) {
            return joined(rule.get("And"), " and ");
        }
        if (rule.has("Or")) {
            return joined(rule.get("Or"), " or ");
        }
        if (rule.has("Not")) {
            return "not (" + describe(rule.get("Not")) + ")";
        }
        String variable = rule.path("Variable").asText("?");
        Iterator<Map.Entry<String, JsonNode>> fields = rule.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String operator = field.getKey();
            if (!operator.equals("Variable") && !operator.equals("Next") && !operator.equals("Comment")
                    && !operator.equals("Assign") && !operator.equals("Output")) {
                return variable + " " + operator + " " + field.getValue().toString();
            }
        }
        return variable;
    }

    private static String joined(JsonNode rules, String separator) {
        List<String> parts = new ArrayList<>();
        rules.forEach(rule -> parts.add(describe(rule)));
        return "(" + String.join(separator, parts) + ")";
    }
}
