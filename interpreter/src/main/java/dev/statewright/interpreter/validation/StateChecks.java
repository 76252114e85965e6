package dev.statewright.interpreter.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.Timestamps;
import dev.statewright.interpreter.jsonata.JsonataExpression;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.model.StateMachineType;

import java.util.List;
import java.util.Set;

/**
 * The rules of one state that a schema cannot say: fields that exclude each other, ranges
 * between fields, error-name lists, and the syntax of paths and intrinsic calls.
 */
final class StateChecks {
    private static final Set<String> TRANSITIONING = Set.of("Pass", "Task", "Wait", "Parallel", "Map");
    private static final List<String[]> EXCLUSIVE_PAIRS = List.of(
            new String[] {"TimeoutSeconds", "TimeoutSecondsPath"},
            new String[] {"HeartbeatSeconds", "HeartbeatSecondsPath"},
            new String[] {"MaxConcurrency", "MaxConcurrencyPath"},
            new String[] {"ToleratedFailureCount", "ToleratedFailureCountPath"},
            new String[] {"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"},
            new String[] {"Error", "ErrorPath"},
            new String[] {"Cause", "CausePath"},
            new String[] {"ItemProcessor", "Iterator"},
            new String[] {"Items", "ItemsPath"});
    private static final List<String> PATH_FIELDS = List.of("InputPath", "OutputPath", "ItemsPath", "SecondsPath",
            "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath",
            "ToleratedFailureCountPath", "ToleratedFailurePercentagePath");
    private static final Set<String> NESTED_SCOPES = Set.of("Branches", "ItemProcessor", "Iterator");
    private static final List<String> TEMPLATE_FIELDS = List.of("Parameters", "ResultSelector", "ItemSelector", "Assign");
    private static final List<String> JSONATA_NUMBER_FIELDS = List.of("TimeoutSeconds", "HeartbeatSeconds", "Seconds",
            "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage");

    private final Findings findings;
    private final PathChecks paths;
    private final ChoiceRuleChecks choiceRules;
    private final ResourceChecks resources;
    private final StateMachineType machineType;

    StateChecks(Findings findings, StateMachineType machineType) {
        this.findings = findings;
        this.paths = new PathChecks(findings);
        this.choiceRules = new ChoiceRuleChecks(findings, paths);
        this.resources = new ResourceChecks(findings);
        this.machineType = machineType;
    }

    void check(JsonNode state, boolean jsonata, String at) {
        String type = state.path("Type").asText();
        transition(state, type, at);
        for (String[] pair : EXCLUSIVE_PAIRS) {
            if (state.has(pair[0]) && state.has(pair[1])) {
                findings.schema(at, "The fields '" + pair[0] + "' and '" + pair[1] + "' cannot both be set");
            }
        }
        recoverers(state, "Retry", at, jsonata);
        recoverers(state, "Catch", at, jsonata);
        if (jsonata) {
            jsonataNumbers(state, at);
            jsonataExpressions(state, at);
        } else {
            jsonPathFields(state, at);
        }
        switch (type) {
            case "Task":
                task(state, at);
                break;
            case "Wait":
                waitState(state, jsonata, at);
                break;
            case "Choice":
                choice(state, jsonata, at);
                break;
            case "Map":
                if (!state.has("ItemProcessor") && !state.has("Iterator")) {
                    findings.schema(at, "The field 'ItemProcessor' is required but was missing");
                }
                break;
            default:
                break;
        }
    }

    private void transition(JsonNode state, String type, String at) {
        if (!TRANSITIONING.contains(type)) {
            return; // the schema refuses Next and End on Choice, Succeed and Fail
        }
        boolean end = state.path("End").asBoolean(false);
        boolean next = state.has("Next");
        if (end && next) {
            findings.schema(at, "The fields 'Next' and 'End' cannot both be set");
        } else if (!end && !next) {
            findings.schema(at, "A " + type + " state needs either 'Next' or \"End\": true");
        }
    }

    private void recoverers(JsonNode state, String field, String at, boolean jsonata) {
        JsonNode list = state.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        String kind = "Retry".equals(field) ? "retrier" : "catcher";
        for (int i = 0; i < list.size(); i++) {
            JsonNode recoverer = list.get(i);
            String recovererAt = at + "/" + field + "/" + i;
            JsonNode errors = recoverer.get("ErrorEquals");
            boolean all = false;
            if (errors != null && errors.isArray()) {
                for (JsonNode error : errors) {
                    all |= "States.ALL".equals(error.asText());
                }
            }
            if (all) { // once per recoverer, however often States.ALL is listed
                if (errors.size() > 1) {
                    findings.schema(recovererAt + "/ErrorEquals", "'States.ALL' must appear alone in 'ErrorEquals'");
                }
                if (i != list.size() - 1) {
                    findings.schema(recovererAt, "A " + kind + " with 'States.ALL' must be the last " + kind);
                }
            }
            if (!jsonata && "Catch".equals(field)) {
                paths.referencePathField(recoverer, "ResultPath", recovererAt);
                paths.template(recoverer.get("Assign"), recovererAt + "/Assign");
            }
        }
    }

    private void jsonPathFields(JsonNode state, String at) {
        for (String field : PATH_FIELDS) {
            paths.pathField(state, field, at);
        }
        paths.referencePathField(state, "ResultPath", at);
        paths.pathOrIntrinsicField(state, "ErrorPath", at);
        paths.pathOrIntrinsicField(state, "CausePath", at);
        for (String field : TEMPLATE_FIELDS) {
            paths.template(state.get(field), at + "/" + field);
        }
    }

    private void jsonataNumbers(JsonNode state, String at) {
        for (String field : JSONATA_NUMBER_FIELDS) {
            JsonNode value = state.get(field);
            if (value != null && value.isTextual() && !isJsonataExpression(value.textValue())) {
                findings.schema(at + "/" + field,
                        "The field '" + field + "' must be a number or a JSONata expression {% ... %}");
            }
        }
    }

    /** Every {@code {% %}} string of a JSONata state must be JSONata (nested scopes are checked as states of their own). */
    private void jsonataExpressions(JsonNode state, String at) {
        state.fields().forEachRemaining(field -> {
            if (!NESTED_SCOPES.contains(field.getKey())) {
                expressionsIn(field.getValue(), at + "/" + SourcePositions.escape(field.getKey()));
            }
        });
    }

    private void expressionsIn(JsonNode value, String at) {
        if (value.isTextual() && JsonataTemplate.isExpression(value.textValue())) {
            String text = value.textValue();
            String source = text.substring(2, text.length() - 2).trim();
            try {
                JsonataExpression.compile(source);
            } catch (IllegalArgumentException e) {
                findings.schema(at, "The JSONata expression '" + source + "' is not valid: " + e.getMessage());
            }
        } else if (value.isObject()) {
            value.fields().forEachRemaining(field -> expressionsIn(field.getValue(), at + "/" + SourcePositions.escape(field.getKey())));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                expressionsIn(value.get(i), at + "/" + i);
            }
        }
    }

    private void task(JsonNode state, String at) {
        JsonNode timeout = state.get("TimeoutSeconds");
        JsonNode heartbeat = state.get("HeartbeatSeconds");
        if (timeout != null && heartbeat != null && timeout.isNumber() && heartbeat.isNumber()
                && heartbeat.asLong() >= timeout.asLong()) {
            findings.schema(at + "/HeartbeatSeconds", "'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
        }
        JsonNode credentials = state.get("Credentials");
        if (credentials != null && credentials.isObject() && !credentials.has("RoleArn") && !credentials.has("RoleArn.$")) {
            findings.schema(at + "/Credentials", "The field 'RoleArn' is required but was missing");
        }
        JsonNode resource = state.get("Resource");
        if (resource != null && resource.isTextual()) {
            resources.check(resource.textValue(), machineType, at + "/Resource");
        }
    }

    private void waitState(JsonNode state, boolean jsonata, String at) {
        List<String> fields = jsonata ? List.of("Seconds", "Timestamp")
                : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath");
        long present = fields.stream().filter(state::has).count();
        if (present != 1) {
            findings.schema(at, "A Wait state needs exactly one of " + String.join(", ", fields));
        }
        JsonNode timestamp = state.get("Timestamp");
        if (timestamp != null && timestamp.isTextual()
                && !(jsonata && isJsonataExpression(timestamp.textValue()))
                && !Timestamps.isRfc3339(timestamp.textValue())) {
            findings.schema(at + "/Timestamp", "String does not match RFC3339 timestamp");
        }
    }

    private void choice(JsonNode state, boolean jsonata, String at) {
        JsonNode rules = state.get("Choices");
        if (rules == null || !rules.isArray()) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            String ruleAt = at + "/Choices/" + i;
            if (jsonata) {
                JsonNode condition = rules.get(i).get("Condition");
                if (condition != null && condition.isTextual() && !isJsonataExpression(condition.textValue())) {
                    findings.schema(ruleAt + "/Condition", "The field 'Condition' must be a JSONata expression {% ... %}");
                }
            } else {
                choiceRules.topLevelRule(rules.get(i), ruleAt);
                paths.template(rules.get(i).get("Assign"), ruleAt + "/Assign");
            }
        }
    }

    /** The engine's own test, so what validates is what runs. */
    static boolean isJsonataExpression(String text) {
        return JsonataTemplate.isExpression(text);
    }
}
