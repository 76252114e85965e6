package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.intrinsic.IntrinsicExpression;
import dev.statewright.interpreter.intrinsic.IntrinsicParser;
import dev.statewright.interpreter.json.JsonPaths;
import dev.statewright.interpreter.json.ReferencePath;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an ASL definition (JSON) into the immutable model. It rejects only what it cannot model
 * (a missing Type, a field of the wrong JSON type); unknown fields are tolerated and judging the
 * definition as a whole is the validator's work.
 */
public final class DefinitionParser {

    private DefinitionParser() {
    }

    public static StateMachine parse(String json) {
        JsonNode root;
        try {
            root = Json.STRICT.readTree(json);
        } catch (java.io.IOException e) {
            throw new InvalidDefinitionException("", "The definition is not valid JSON: " + e.getMessage());
        }
        return parse(root);
    }

    /** @throws InvalidDefinitionException naming where and why */
    public static StateMachine parse(JsonNode definition) {
        // The model keeps parts of the tree (Result, constant templates): it takes its own copy.
        JsonNode root = definition.deepCopy();
        // States without their own QueryLanguage take the machine's, at every depth.
        return stateMachine(root, "", JSONATA.equals(root.path("QueryLanguage").asText("JSONPath")));
    }

    private static final String JSONATA = "JSONata";

    static StateMachine stateMachine(JsonNode node, String at, boolean jsonataByDefault) {
        requireObject(node, at);
        String startAt = requiredText(node, "StartAt", at);
        JsonNode statesNode = node.get("States");
        if (statesNode == null || !statesNode.isObject()) {
            throw new InvalidDefinitionException(at + "/States", "States must be an object");
        }
        Map<String, State> states = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = statesNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            states.put(entry.getKey(), state(entry.getKey(), entry.getValue(), at + "/States/" + escape(entry.getKey()),
                    jsonataByDefault));
        }
        Integer timeout = optionalInt(node, "TimeoutSeconds", at);
        return new StateMachine(optionalText(node, "Comment", at), startAt, states, timeout);
    }

    private static State state(String name, JsonNode node, String at, boolean jsonataByDefault) {
        requireObject(node, at);
        String type = requiredText(node, "Type", at);
        String next = node.path("End").asBoolean(false) ? null : optionalText(node, "Next", at);
        JsonNode queryLanguage = node.get("QueryLanguage");
        boolean jsonata = queryLanguage == null ? jsonataByDefault : JSONATA.equals(queryLanguage.asText());
        if (jsonata) {
            return JsonataStates.state(name, type, node, at, next, jsonataByDefault);
        }
        return switch (type) {
            case "Pass" -> new PassState(name, dataFlow(node, at, true, false), next, node.get("Result"));
            case "Task" -> new TaskState(name, dataFlow(node, at, true, true), next,
                    requiredText(node, "Resource", at),
                    optionalInt(node, "TimeoutSeconds", at), pathText(node, "TimeoutSecondsPath", at),
                    optionalInt(node, "HeartbeatSeconds", at), pathText(node, "HeartbeatSecondsPath", at),
                    retriers(node, at), catchers(node, at));
            case "Choice" -> new ChoiceState(name, dataFlow(node, at, false, false), choices(node, at),
                    optionalText(node, "Default", at));
            case "Wait" -> new WaitState(name, dataFlow(node, at, false, false), next,
                    node.hasNonNull("Seconds") ? optionalLong(node, "Seconds", at) : null,
                    pathText(node, "SecondsPath", at),
                    optionalText(node, "Timestamp", at), pathText(node, "TimestampPath", at));
            case "Succeed" -> new SucceedState(name, dataFlow(node, at, false, false));
            case "Fail" -> new FailState(name, DataFlow.DEFAULT,
                    optionalText(node, "Error", at), valueExpression(node, "ErrorPath", at),
                    optionalText(node, "Cause", at), valueExpression(node, "CausePath", at));
            case "Parallel" -> new ParallelState(name, dataFlow(node, at, true, true), next,
                    branches(node, at, jsonataByDefault), retriers(node, at), catchers(node, at));
            case "Map" -> map(name, node, at, next, jsonataByDefault);
            default -> throw new InvalidDefinitionException(at + "/Type", "Unknown state type " + type);
        };
    }

    private static MapState map(String name, JsonNode node, String at, String next, boolean jsonataByDefault) {
        JsonNode processorNode = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        String processorAt = at + (node.has("ItemProcessor") ? "/ItemProcessor" : "/Iterator");
        if (processorNode == null) {
            throw new InvalidDefinitionException(at, "A Map state needs an ItemProcessor");
        }
        String modeName = processorNode.path("ProcessorConfig").path("Mode").asText("INLINE");
        MapState.ProcessorMode mode;
        try {
            mode = MapState.ProcessorMode.valueOf(modeName);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(processorAt + "/ProcessorConfig/Mode", "Unknown Map mode " + modeName);
        }
        JsonNode selector = node.has("ItemSelector") ? node.get("ItemSelector") : node.get("Parameters");
        String selectorAt = at + (node.has("ItemSelector") ? "/ItemSelector" : "/Parameters");
        DataFlow flow = dataFlow(node, at, false, true);
        return new MapState(name, flow, next, stateMachine(processorNode, processorAt, jsonataByDefault), mode,
                node.has("ItemsPath") ? checked(nullableText(node, "ItemsPath", at), at + "/ItemsPath") : "$",
                selector == null ? null : template(selector, selectorAt),
                optionalInt(node, "MaxConcurrency", at), pathText(node, "MaxConcurrencyPath", at),
                optionalDouble(node, "ToleratedFailurePercentage", at),
                pathText(node, "ToleratedFailurePercentagePath", at),
                optionalInt(node, "ToleratedFailureCount", at), pathText(node, "ToleratedFailureCountPath", at),
                optionalText(node, "Label", at), node.get("ItemReader"), node.get("ItemBatcher"), node.get("ResultWriter"),
                retriers(node, at), catchers(node, at));
    }

    private static DataFlow dataFlow(JsonNode node, String at, boolean hasParameters, boolean hasResultSelector) {
        boolean isPass = "Pass".equals(node.path("Type").asText());
        return new DataFlow(
                path(node, "InputPath", at),
                hasParameters && node.has("Parameters") ? template(node.get("Parameters"), at + "/Parameters") : null,
                hasResultSelector && node.has("ResultSelector")
                        ? template(node.get("ResultSelector"), at + "/ResultSelector") : null,
                hasResultSelector || isPass || node.has("ResultPath") ? resultPath(node, "ResultPath", at) : ReferencePath.ROOT,
                path(node, "OutputPath", at)).withAssign(pathAssignment(node, at));
    }

    /** A JSONPath state's Assign (a payload template), or null. */
    static Assignment pathAssignment(JsonNode node, String at) {
        JsonNode assign = assignObject(node, at);
        return assign == null ? null : new Assignment.PathAssignment(template(assign, at + "/Assign"));
    }

    /** The Assign field of a state, catcher or Choice rule, or null; it must be an object. */
    static JsonNode assignObject(JsonNode node, String at) {
        JsonNode assign = node.get("Assign");
        if (assign != null && !assign.isObject()) {
            throw new InvalidDefinitionException(at + "/Assign", "Assign must be an object");
        }
        return assign;
    }

    /** A path field: "$" when absent, null when JSON null. */
    private static String path(JsonNode node, String field, String at) {
        return node.has(field) ? checked(nullableText(node, field, at), at + "/" + field) : "$";
    }

    /** A ResultPath, parsed: "$" when absent, null when JSON null; it must name one place. */
    private static ReferencePath resultPath(JsonNode node, String field, String at) {
        if (!node.has(field)) {
            return ReferencePath.ROOT;
        }
        String path = nullableText(node, field, at);
        if (path == null) {
            return null;
        }
        try {
            return ReferencePath.parse(path);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + "/" + field, e.getMessage());
        }
    }

    /** An optional field holding a JSONPath, checked. */
    private static String pathText(JsonNode node, String field, String at) {
        return checked(optionalText(node, field, at), at + "/" + field);
    }

    /**
     * Checks a JSONPath's syntax (null passes), so that a malformed path is a definition error at
     * parse time and never an exception while running.
     */
    private static String checked(String path, String at) {
        if (path == null) {
            return null;
        }
        if (JsonPaths.isVariablePath(path)) {
            return path; // a variable reference: variables are judged with their feature
        }
        try {
            JsonPaths.compile(JsonPaths.isContextPath(path) ? path.substring(1) : path);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at, e.getMessage());
        }
        return path;
    }

    private static String nullableText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidDefinitionException(at + "/" + field, field + " must be a string or null");
        }
        return value.textValue();
    }

    /** Compiles a payload template: "key.$" fields become paths or intrinsic calls. */
    public static PayloadTemplate template(JsonNode node, String at) {
        if (node.isObject()) {
            List<PayloadTemplate.Field> fields = new ArrayList<>();
            boolean dynamic = false;
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                String key = entry.getKey();
                String fieldAt = at + "/" + escape(key);
                PayloadTemplate value;
                String name = key;
                if (key.endsWith(".$") && key.length() > 2) {
                    if (!entry.getValue().isTextual()) {
                        throw new InvalidDefinitionException(fieldAt,
                                "The value of " + key + " must be a path or an intrinsic function");
                    }
                    name = key.substring(0, key.length() - 2);
                    value = valueExpression(entry.getValue().textValue(), fieldAt);
                } else {
                    value = template(entry.getValue(), fieldAt);
                }
                dynamic |= !(value instanceof PayloadTemplate.Constant);
                fields.add(new PayloadTemplate.Field(name, key, value));
            }
            return dynamic ? new PayloadTemplate.ObjectTemplate(fields) : new PayloadTemplate.Constant(node);
        }
        if (node.isArray()) {
            List<PayloadTemplate> items = new ArrayList<>();
            boolean dynamic = false;
            for (int i = 0; i < node.size(); i++) {
                PayloadTemplate item = template(node.get(i), at + "/" + i);
                dynamic |= !(item instanceof PayloadTemplate.Constant);
                items.add(item);
            }
            return dynamic ? new PayloadTemplate.ArrayTemplate(items) : new PayloadTemplate.Constant(node);
        }
        return new PayloadTemplate.Constant(node);
    }

    private static PayloadTemplate valueExpression(JsonNode node, String field, String at) {
        return node.hasNonNull(field) ? valueExpression(node.get(field).asText(), at + "/" + field) : null;
    }

    private static PayloadTemplate valueExpression(String text, String at) {
        if (IntrinsicParser.looksLikeCall(text)) {
            IntrinsicExpression.Call call;
            try {
                call = IntrinsicParser.parse(text);
            } catch (IntrinsicParser.IntrinsicSyntaxException e) {
                throw new InvalidDefinitionException(at, e.getMessage());
            }
            checkPathArguments(call, at);
            return new PayloadTemplate.IntrinsicValue(text, call);
        }
        if (!text.startsWith("$")) {
            throw new InvalidDefinitionException(at,
                    "The value " + text + " is neither a JSONPath nor an intrinsic function");
        }
        return new PayloadTemplate.PathValue(checked(text, at));
    }

    private static void checkPathArguments(IntrinsicExpression.Call call, String at) {
        for (IntrinsicExpression argument : call.arguments()) {
            if (argument instanceof IntrinsicExpression.Path path) {
                checked(path.path(), at);
            } else if (argument instanceof IntrinsicExpression.Call nested) {
                checkPathArguments(nested, at);
            }
        }
    }

    private static List<ChoiceRule.Branch> choices(JsonNode node, String at) {
        return choices(node, at, (rule, ruleAt) -> new ChoiceRule.Branch(choiceRule(rule, ruleAt),
                requiredText(rule, "Next", ruleAt), null, pathAssignment(rule, ruleAt), null));
    }

    /** Reads one top-level Choice rule, in the query language of its state. */
    interface ChoiceReader {
        ChoiceRule.Branch read(JsonNode rule, String at);
    }

    static List<ChoiceRule.Branch> choices(JsonNode node, String at, ChoiceReader reader) {
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray()) {
            throw new InvalidDefinitionException(at + "/Choices", "A Choice state needs a Choices array");
        }
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            branches.add(reader.read(choices.get(i), at + "/Choices/" + i));
        }
        return branches;
    }

    private static ChoiceRule choiceRule(JsonNode node, String at) {
        requireObject(node, at);
        if (node.has("And")) {
            return new ChoiceRule.And(choiceRules(node.get("And"), at + "/And"));
        }
        if (node.has("Or")) {
            return new ChoiceRule.Or(choiceRules(node.get("Or"), at + "/Or"));
        }
        if (node.has("Not")) {
            return new ChoiceRule.Not(choiceRule(node.get("Not"), at + "/Not"));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            ComparisonOperator operator = ComparisonOperator.byAslName(field);
            if (operator != null) {
                String variable = checked(requiredText(node, "Variable", at), at + "/Variable");
                JsonNode value = node.get(field);
                if (operator.isPath()) {
                    if (!value.isTextual()) {
                        throw new InvalidDefinitionException(at + "/" + field, field + " must be a JSONPath string");
                    }
                    checked(value.textValue(), at + "/" + field);
                }
                return new ChoiceRule.Comparison(variable, operator, value);
            }
        }
        throw new InvalidDefinitionException(at, "A choice rule needs And, Or, Not or a comparison operator");
    }

    private static List<ChoiceRule> choiceRules(JsonNode node, String at) {
        if (!node.isArray()) {
            throw new InvalidDefinitionException(at, "Expected an array of choice rules");
        }
        List<ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            rules.add(choiceRule(node.get(i), at + "/" + i));
        }
        return rules;
    }

    static List<StateMachine> branches(JsonNode node, String at, boolean jsonataByDefault) {
        JsonNode branches = node.get("Branches");
        if (branches == null || !branches.isArray()) {
            throw new InvalidDefinitionException(at + "/Branches", "A Parallel state needs a Branches array");
        }
        List<StateMachine> result = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            result.add(stateMachine(branches.get(i), at + "/Branches/" + i, jsonataByDefault));
        }
        return result;
    }

    static List<Retrier> retriers(JsonNode node, String at) {
        JsonNode retry = node.get("Retry");
        if (retry == null) {
            return List.of();
        }
        if (!retry.isArray()) {
            throw new InvalidDefinitionException(at + "/Retry", "Retry must be an array of retriers");
        }
        List<Retrier> result = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            JsonNode rule = retry.get(i);
            String ruleAt = at + "/Retry/" + i;
            Integer interval = optionalInt(rule, "IntervalSeconds", ruleAt);
            Integer attempts = optionalInt(rule, "MaxAttempts", ruleAt);
            Double backoff = optionalDouble(rule, "BackoffRate", ruleAt);
            String jitter = optionalText(rule, "JitterStrategy", ruleAt);
            result.add(new Retrier(errorEquals(rule, ruleAt),
                    interval == null ? 1 : interval,
                    attempts == null ? 3 : attempts,
                    backoff == null ? 2.0 : backoff,
                    optionalInt(rule, "MaxDelaySeconds", ruleAt),
                    "FULL".equals(jitter) ? Retrier.JitterStrategy.FULL : Retrier.JitterStrategy.NONE));
        }
        return List.copyOf(result);
    }

    private static List<Catcher> catchers(JsonNode node, String at) {
        return catchers(node, at, (rule, ruleAt) -> new Catcher(errorEquals(rule, ruleAt), requiredText(rule, "Next", ruleAt),
                resultPath(rule, "ResultPath", ruleAt), pathAssignment(rule, ruleAt), null));
    }

    /** Reads one catcher, in the query language of its state. */
    interface CatcherReader {
        Catcher read(JsonNode rule, String at);
    }

    static List<Catcher> catchers(JsonNode node, String at, CatcherReader reader) {
        JsonNode catchNode = node.get("Catch");
        if (catchNode == null) {
            return List.of();
        }
        if (!catchNode.isArray()) {
            throw new InvalidDefinitionException(at + "/Catch", "Catch must be an array of catchers");
        }
        List<Catcher> result = new ArrayList<>();
        for (int i = 0; i < catchNode.size(); i++) {
            result.add(reader.read(catchNode.get(i), at + "/Catch/" + i));
        }
        return List.copyOf(result);
    }

    static List<String> errorEquals(JsonNode rule, String at) {
        JsonNode errors = rule.get("ErrorEquals");
        if (errors == null || !errors.isArray()) {
            throw new InvalidDefinitionException(at + "/ErrorEquals", "ErrorEquals must be an array of error names");
        }
        List<String> names = new ArrayList<>();
        errors.forEach(error -> names.add(error.asText()));
        return names;
    }

    static void requireObject(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new InvalidDefinitionException(at, "Expected a JSON object");
        }
    }

    static String requiredText(JsonNode node, String field, String at) {
        String value = optionalText(node, field, at);
        if (value == null) {
            throw new InvalidDefinitionException(at, "Missing required field " + field);
        }
        return value;
    }

    static String optionalText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidDefinitionException(at + "/" + field, field + " must be a string");
        }
        return value.textValue();
    }

    static Integer optionalInt(JsonNode node, String field, String at) {
        Long value = optionalLong(node, field, at);
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new InvalidDefinitionException(at + "/" + field, field + " is out of range");
        }
        return value.intValue();
    }

    private static Long optionalLong(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidDefinitionException(at + "/" + field, field + " must be an integer");
        }
        return value.longValue();
    }

    static Double optionalDouble(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidDefinitionException(at + "/" + field, field + " must be a number");
        }
        return value.doubleValue();
    }

    /** Escapes a name for a JSON pointer (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
