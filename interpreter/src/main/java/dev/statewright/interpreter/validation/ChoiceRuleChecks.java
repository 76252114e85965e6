package dev.statewright.interpreter.validation;

import dev.statewright.interpreter.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.model.ComparisonOperator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Choice rules in JSONPath states: one comparison each, with a value of the operator's type. */
final class ChoiceRuleChecks {
    private static final Set<String> COMBINATORS = Set.of("And", "Or", "Not");
    private static final Set<String> RULE_FIELDS = Set.of("Variable", "Next", "Comment", "Assign");

    private final Findings findings;
    private final PathChecks paths;

    ChoiceRuleChecks(Findings findings, PathChecks paths) {
        this.findings = findings;
        this.paths = paths;
    }

    /** A rule of the Choices array (it carries Next; the schema checked that Next is there). */
    void topLevelRule(JsonNode rule, String at) {
        rule(rule, at, true);
    }

    private void rule(JsonNode rule, String at, boolean topLevel) {
        if (!rule.isObject()) {
            if (!topLevel) { // the schema reports a rule of the Choices array
                findings.schema(at, "A choice rule must be an object");
            }
            return;
        }
        if (!topLevel && rule.has("Next")) {
            findings.schema(at + "/Next", "A choice rule nested in And, Or or Not cannot have 'Next'");
        }
        List<String> operators = new ArrayList<>();
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (COMBINATORS.contains(name) || ComparisonOperator.byAslName(name) != null) {
                operators.add(name);
            } else if (!RULE_FIELDS.contains(name)) {
                findings.schema(at + "/" + SourcePositions.escape(name), "The field '" + name + "' is not supported in a choice rule");
            }
        }
        if (operators.isEmpty()) {
            findings.schema(at, "A choice rule needs a comparison operator (such as StringEquals), or And, Or or Not");
            return;
        }
        if (operators.size() > 1) {
            findings.schema(at, "A choice rule takes exactly one comparison operator, found " + String.join(", ", operators));
            return;
        }
        String operator = operators.get(0);
        JsonNode value = rule.get(operator);
        if (COMBINATORS.contains(operator)) {
            combinator(operator, value, at + "/" + operator);
            if (rule.has("Variable")) {
                findings.schema(at + "/Variable", "'Variable' cannot be used with " + operator);
            }
            return;
        }
        comparison(rule, ComparisonOperator.byAslName(operator), value, at);
    }

    private void combinator(String operator, JsonNode value, String at) {
        if ("Not".equals(operator)) {
            if (!value.isObject()) {
                findings.schema(at, "The field 'Not' must be a choice rule object");
            } else {
                rule(value, at, false);
            }
            return;
        }
        if (!value.isArray() || value.isEmpty()) {
            findings.schema(at, "The field '" + operator + "' must be a non-empty array of choice rules");
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            rule(value.get(i), at + "/" + i, false);
        }
    }

    private void comparison(JsonNode rule, ComparisonOperator operator, JsonNode value, String at) {
        JsonNode variable = rule.get("Variable");
        if (variable == null) {
            findings.schema(at, "The field 'Variable' is required but was missing");
        } else if (!variable.isTextual()) {
            findings.schema(at + "/Variable", "The field 'Variable' must be a string");
        } else {
            paths.pathField(rule, "Variable", at);
        }
        String name = operator.aslName();
        String valueAt = at + "/" + name;
        if (operator.isPath()) {
            if (!value.isTextual()) {
                findings.schema(valueAt, "The field '" + name + "' must be a JSONPath string");
            } else {
                paths.pathField(rule, name, at);
            }
            return;
        }
        switch (operator.kind()) {
            case STRING:
                if (!value.isTextual()) {
                    findings.schema(valueAt, "The field '" + name + "' must be a string");
                }
                break;
            case NUMERIC:
                if (!value.isNumber()) {
                    findings.schema(valueAt, "The field '" + name + "' must be a number");
                }
                break;
            case BOOLEAN:
            case TYPE_TEST:
                if (!value.isBoolean()) {
                    findings.schema(valueAt, "The field '" + name + "' must be a boolean");
                }
                break;
            case TIMESTAMP:
                if (!value.isTextual() || !Timestamps.isRfc3339(value.textValue())) {
                    findings.schema(valueAt, "String does not match RFC3339 timestamp");
                }
                break;
            default:
                break;
        }
    }
}
