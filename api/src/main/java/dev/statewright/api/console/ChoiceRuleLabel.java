package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Choice rule in words, used as its edge's label in the console's graph: {@code $.x > 3},
 * {@code $.name == "a"}, {@code ($.a is present and not ($.b is null))}. The label is cut to
 * {@link #MAX_LENGTH}; {@link #full} gives the whole text for the label's tooltip.
 */
final class ChoiceRuleLabel {
    static final int MAX_LENGTH = 40;

    private ChoiceRuleLabel() {
    }

    static String of(JsonNode rule) {
        String text = full(rule);
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "\u2026";
    }

    static String full(JsonNode rule) {
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
            return "not (" + full(rule.get("Not")) + ")";
        }
        String variable = rule.path("Variable").asText("?");
        Iterator<Map.Entry<String, JsonNode>> fields = rule.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String operator = field.getKey();
            if (!operator.equals("Variable") && !operator.equals("Next") && !operator.equals("Comment")
                    && !operator.equals("Assign") && !operator.equals("Output")) {
                return variable + " " + comparison(operator, field.getValue());
            }
        }
        return variable;
    }

    /** "NumericGreaterThanPath": "$.y" reads "> $.y"; a value is shown as JSON ("a", 3, true). */
    private static String comparison(String operator, JsonNode value) {
        boolean path = operator.endsWith("Path");
        String base = path ? operator.substring(0, operator.length() - 4) : operator;
        String operand = path ? value.asText() : value.toString();
        switch (base) {
            case "IsPresent":
                return value.asBoolean() ? "is present" : "is absent";
            case "IsNull":
                return value.asBoolean() ? "is null" : "is not null";
            case "IsNumeric":
                return value.asBoolean() ? "is a number" : "is not a number";
            case "IsString":
                return value.asBoolean() ? "is a string" : "is not a string";
            case "IsBoolean":
                return value.asBoolean() ? "is a boolean" : "is not a boolean";
            case "IsTimestamp":
                return value.asBoolean() ? "is a timestamp" : "is not a timestamp";
            case "StringMatches":
                return "matches " + operand;
            default:
                break;
        }
        for (String kind : List.of("String", "Numeric", "Boolean", "Timestamp")) {
            if (base.startsWith(kind)) {
                String symbol = symbol(base.substring(kind.length()));
                if (symbol != null) {
                    return symbol + " " + (kind.equals("Timestamp") ? "time " : "") + operand;
                }
            }
        }
        return operator + " " + operand;
    }

    private static String symbol(String relation) {
        return switch (relation) {
            case "Equals" -> "==";
            case "LessThan" -> "<";
            case "GreaterThan" -> ">";
            case "LessThanEquals" -> "<=";
            case "GreaterThanEquals" -> ">=";
            default -> null;
        };
    }

    private static String joined(JsonNode rules, String separator) {
        List<String> parts = new ArrayList<>();
        rules.forEach(rule -> parts.add(full(rule)));
        return "(" + String.join(separator, parts) + ")";
    }
}
