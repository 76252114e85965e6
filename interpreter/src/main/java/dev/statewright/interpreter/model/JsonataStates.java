package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.json.ReferencePath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads states written in JSONata: Arguments, Output and Assign instead of the five JSONPath
 * fields, and {@code {% %}} expressions allowed where AWS allows them (a field that takes a
 * number or a timestamp may hold an expression instead). Expressions compile here, once.
 */
final class JsonataStates {
    private JsonataStates() {
    }

    static State state(String name, String type, JsonNode node, String at, String next, boolean jsonataByDefault) {
        Map<String, JsonataTemplate> expressions = new LinkedHashMap<>();
        Assignment assign = assignment(node, at);
        JsonataTemplate arguments = optional(node, "Arguments", at);
        JsonataTemplate output = optional(node, "Output", at);
        switch (type) {
            case "Pass":
                return new PassState(name, DataFlow.jsonata(assign, null, output, expressions), next, null);
            case "Task": {
                Integer timeout = integerOrExpression(node, "TimeoutSeconds", at, expressions);
                Integer heartbeat = integerOrExpression(node, "HeartbeatSeconds", at, expressions);
                return new TaskState(name, DataFlow.jsonata(assign, arguments, output, expressions), next,
                        DefinitionParser.requiredText(node, "Resource", at), timeout, null, heartbeat, null,
                        DefinitionParser.retriers(node, at), catchers(node, at));
            }
            case "Choice":
                return new ChoiceState(name, DataFlow.jsonata(assign, null, output, expressions), choices(node, at),
                        DefinitionParser.optionalText(node, "Default", at));
            case "Wait": {
                Integer seconds = integerOrExpression(node, "Seconds", at, expressions);
                String timestamp = textOrExpression(node, "Timestamp", at, expressions);
                return new WaitState(name, DataFlow.jsonata(assign, null, output, expressions), next,
                        seconds == null ? null : Long.valueOf(seconds), null, timestamp, null);
            }
            case "Succeed":
                return new SucceedState(name, DataFlow.jsonata(null, null, output, expressions));
            case "Fail": {
                String error = textOrExpression(node, "Error", at, expressions);
                String cause = textOrExpression(node, "Cause", at, expressions);
                return new FailState(name, DataFlow.jsonata(null, null, null, expressions), error, null, cause, null);
            }
            case "Parallel":
                return new ParallelState(name, DataFlow.jsonata(assign, arguments, output, expressions), next,
                        DefinitionParser.branches(node, at, jsonataByDefault), DefinitionParser.retriers(node, at),
                        catchers(node, at));
            case "Map":
                return map(name, node, at, next, jsonataByDefault, assign, arguments, output, expressions);
            default:
                throw new InvalidDefinitionException(at + "/Type", "Unknown state type " + type);
        }
    }

    private static MapState map(String name, JsonNode node, String at, String next, boolean jsonataByDefault,
                                Assignment assign, JsonataTemplate arguments, JsonataTemplate output,
                                Map<String, JsonataTemplate> expressions) {
        JsonNode processorNode = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        String processorAt = at + (node.has("ItemProcessor") ? "/ItemProcessor" : "/Iterator");
        if (processorNode == null) {
            throw new InvalidDefinitionException(at, "A Map state needs an ItemProcessor");
        }
        String modeName = processorNode.path("ProcessorConfig").path("Mode").asText("INLINE");
        MapState.ProcessorMode mode = "DISTRIBUTED".equals(modeName) ? MapState.ProcessorMode.DISTRIBUTED
                : MapState.ProcessorMode.INLINE;
        JsonataTemplate items = optional(node, "Items", at);
        if (items != null) {
            expressions.put("Items", items);
        }
        JsonataTemplate selector = optional(node, "ItemSelector", at);
        if (selector != null) {
            expressions.put("ItemSelector", selector);
        }
        Integer maxConcurrency = integerOrExpression(node, "MaxConcurrency", at, expressions);
        Integer toleratedCount = integerOrExpression(node, "ToleratedFailureCount", at, expressions);
        Double toleratedPercentage = null;
        JsonNode percentage = node.get("ToleratedFailurePercentage");
        if (percentage != null && percentage.isNumber()) {
            toleratedPercentage = percentage.doubleValue();
        } else if (percentage != null) {
            expressions.put("ToleratedFailurePercentage", compile(percentage, at + "/ToleratedFailurePercentage"));
        }
        return new MapState(name, DataFlow.jsonata(assign, arguments, output, expressions), next,
                DefinitionParser.stateMachine(processorNode, processorAt, jsonataByDefault), mode, null, null,
                maxConcurrency, null, toleratedPercentage, null, toleratedCount, null,
                DefinitionParser.optionalText(node, "Label", at), node.get("ItemReader"), node.get("ItemBatcher"), node.get("ResultWriter"),
                DefinitionParser.retriers(node, at), catchers(node, at));
    }

    private static List<ChoiceRule.Branch> choices(JsonNode node, String at) {
        return DefinitionParser.choices(node, at, (rule, ruleAt) -> {
            DefinitionParser.requireObject(rule, ruleAt);
            JsonNode condition = rule.get("Condition");
            if (condition == null) {
                throw new InvalidDefinitionException(ruleAt, "A JSONata choice rule needs a Condition");
            }
            return new ChoiceRule.Branch(null, DefinitionParser.requiredText(rule, "Next", ruleAt),
                    compile(condition, ruleAt + "/Condition"), assignment(rule, ruleAt), optional(rule, "Output", ruleAt));
        });
    }

    private static List<Catcher> catchers(JsonNode node, String at) {
        return DefinitionParser.catchers(node, at, (rule, ruleAt) -> new Catcher(DefinitionParser.errorEquals(rule, ruleAt),
                DefinitionParser.requiredText(rule, "Next", ruleAt), ReferencePath.ROOT, assignment(rule, ruleAt),
                optional(rule, "Output", ruleAt)));
    }

    private static Assignment assignment(JsonNode node, String at) {
        JsonNode assign = DefinitionParser.assignObject(node, at);
        return assign == null ? null : new Assignment.JsonataAssignment(compile(assign, at + "/Assign"));
    }

    private static JsonataTemplate optional(JsonNode node, String field, String at) {
        return node.has(field) ? compile(node.get(field), at + "/" + field) : null;
    }

    /** A number field that may hold an expression instead: the number, or null with the expression kept. */
    private static Integer integerOrExpression(JsonNode node, String field, String at,
                                               Map<String, JsonataTemplate> expressions) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.intValue();
        }
        expressions.put(field, compile(value, at + "/" + field));
        return null;
    }

    /** A text field that may hold an expression instead. */
    private static String textOrExpression(JsonNode node, String field, String at, Map<String, JsonataTemplate> expressions) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (value.isTextual() && !JsonataTemplate.isExpression(value.textValue())) {
            return value.textValue();
        }
        expressions.put(field, compile(value, at + "/" + field));
        return null;
    }

    private static JsonataTemplate compile(JsonNode value, String at) {
        try {
            return JsonataTemplate.compile(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at, "Invalid JSONata expression: " + e.getMessage());
        }
    }
}
