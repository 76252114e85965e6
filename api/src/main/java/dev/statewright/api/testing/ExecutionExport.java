package dev.statewright.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A finished execution made into a {@link WorkflowTest}: its input, a mock test case that gives
 * every Task the result or error it recorded, call by call, and its recorded end and path. Run,
 * the test takes the same path to the same end; changed so that it goes another way, it fails,
 * which is how a bug seen once becomes a regression test.
 *
 * <p>It reads the history as GetExecutionHistory gives it (events with {@code id},
 * {@code previousEventId}, {@code type} and their {@code ...EventDetails}, inputs and outputs as
 * text), so an execution of this service or of AWS itself can be exported. A call is matched to
 * its Task state through the previous-event chain, which leads from each Scheduled event back to
 * its state's Entered event, and to its outcome the same way.
 */
public final class ExecutionExport {
    /** The test case the export writes; its responses are named after their states (unique in a machine). */
    public static final String TEST_CASE = "Recorded";
    private static final Set<String> SCHEDULED = Set.of("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled");
    /** Failures that take the place of a Scheduled event: the call never went out. */
    private static final Set<String> SCHEDULE_FAILED = Set.of("LambdaFunctionScheduleFailed", "ActivityScheduleFailed");
    private static final Set<String> SUCCEEDED = Set.of("TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded");
    private static final Set<String> FAILED = Set.of("TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed",
            "LambdaFunctionFailed", "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "ActivityFailed",
            "ActivityTimedOut");

    private ExecutionExport() {
    }

    /**
     * @param executionArn the execution's ARN (its machine's name is taken from it)
     * @param definition   the definition the execution ran
     * @param events       its whole history, in order, in GetExecutionHistory's shape
     * @throws IllegalArgumentException for an execution that cannot be reproduced: still running,
     *                                  stopped, or redriven
     */
    public static ObjectNode toTest(String executionArn, String definition, List<JsonNode> events) {
        String[] arnParts = executionArn.split(":");
        if (arnParts.length < 8) {
            throw new IllegalArgumentException("'" + executionArn + "' is not an execution ARN");
        }
        String machineName = arnParts[6];
        String executionName = arnParts[7];
        Map<Long, JsonNode> byId = new HashMap<>();
        Map<Long, String> stateOfScheduled = new HashMap<>();
        Map<Long, Integer> callOfScheduled = new HashMap<>();
        Map<String, List<JsonNode>> calls = new LinkedHashMap<>();
        JsonNode input = Json.object();
        List<String> path = new ArrayList<>();
        JsonNode end = null;
        for (JsonNode event : events) {
            long id = event.path("id").asLong();
            byId.put(id, event);
            String type = event.path("type").asText();
            JsonNode details = details(event);
            if (type.equals("ExecutionStarted")) {
                input = parse(details.path("input"));
            } else if (type.equals("ExecutionRedriven")) {
                throw new IllegalArgumentException(executionArn + " was redriven: a test reproduces one run; export"
                        + " it before a redrive, or write the test by hand");
            } else if (type.endsWith("StateEntered")) {
                path.add(details.path("name").asText());
            } else if (SCHEDULED.contains(type) || SCHEDULE_FAILED.contains(type)) {
                String state = stateOf(event, byId);
                List<JsonNode> list = calls.computeIfAbsent(state, s -> new ArrayList<>());
                stateOfScheduled.put(id, state);
                callOfScheduled.put(id, list.size());
                list.add(null);
                if (SCHEDULE_FAILED.contains(type)) {
                    list.set(list.size() - 1, thrown(details));
                }
            } else if (SUCCEEDED.contains(type) || FAILED.contains(type)) {
                Long scheduled = scheduledOf(event, byId);
                if (scheduled != null) {
                    JsonNode response = SUCCEEDED.contains(type)
                            ? Json.object().set("Return", parse(details.path("output"))) : thrown(details);
                    calls.get(stateOfScheduled.get(scheduled)).set(callOfScheduled.get(scheduled), response);
                }
            } else if (type.startsWith("Execution") && !type.equals("ExecutionStarted")) {
                end = event;
            }
        }
        if (end == null) {
            throw new IllegalArgumentException(executionArn + " has not finished: export it once it has");
        }
        ObjectNode expect = expectation(executionArn, end);
        expect.set("path", Json.MAPPER.valueToTree(path));
        JsonNode mockConfig = null;
        if (!calls.isEmpty()) {
            ObjectNode responses = Json.object();
            ObjectNode testCase = Json.object();
            calls.forEach((state, list) -> {
                testCase.put(state, state);
                responses.set(state, invocations(list));
            });
            ObjectNode config = Json.object();
            config.putObject("StateMachines").putObject(machineName).putObject("TestCases").set(TEST_CASE, testCase);
            config.set("MockedResponses", responses);
            mockConfig = config;
        }
        return WorkflowTest.toJson(machineName + "/" + executionName, Json.parse(definition), machineName, input,
                mockConfig, mockConfig == null ? null : TEST_CASE, expect);
    }

    private static ObjectNode expectation(String executionArn, JsonNode end) {
        JsonNode details = details(end);
        ObjectNode expect = Json.object();
        switch (end.path("type").asText()) {
            case "ExecutionSucceeded" -> {
                expect.put("status", "SUCCEEDED");
                expect.set("output", parse(details.path("output")));
            }
            case "ExecutionFailed" -> expect.put("status", "FAILED");
            case "ExecutionTimedOut" -> expect.put("status", "TIMED_OUT");
            default -> throw new IllegalArgumentException(executionArn + " ended " + end.path("type").asText()
                    + ": a stopped execution cannot be reproduced, since the stop came from outside");
        }
        if (details.hasNonNull("error")) {
            expect.put("error", details.get("error").asText());
        }
        if (details.hasNonNull("cause")) {
            expect.put("cause", details.get("cause").asText());
        }
        return expect;
    }

    /** Responses by call number, runs of the same response written as one range ("1-3"). */
    private static ObjectNode invocations(List<JsonNode> list) {
        ObjectNode invocations = Json.object();
        int from = 0;
        for (int i = 1; i <= list.size(); i++) {
            if (i == list.size() || !answer(list.get(i)).equals(answer(list.get(from)))) {
                invocations.set(from == i - 1 ? String.valueOf(from) : from + "-" + (i - 1), answer(list.get(from)));
                from = i;
            }
        }
        return invocations;
    }

    /** A call without a recorded outcome (its branch was cut short) answers with an error that says so. */
    private static JsonNode answer(JsonNode response) {
        if (response != null) {
            return response;
        }
        ObjectNode thrown = Json.object();
        thrown.putObject("Throw").put("Error", "Statewright.NoRecordedOutcome")
                .put("Cause", "The recorded call never ended (its branch was cut short)");
        return thrown;
    }

    private static JsonNode thrown(JsonNode details) {
        ObjectNode thrown = Json.object();
        ObjectNode body = thrown.putObject("Throw");
        body.put("Error", details.hasNonNull("error") ? details.get("error").asText() : "States.Timeout");
        if (details.hasNonNull("cause")) {
            body.put("Cause", details.get("cause").asText());
        }
        return thrown;
    }

    /** The Task state a call belongs to: the Entered event its chain leads back to. */
    private static String stateOf(JsonNode event, Map<Long, JsonNode> byId) {
        JsonNode current = byId.get(event.path("previousEventId").asLong());
        while (current != null) {
            if (current.path("type").asText().endsWith("StateEntered")) {
                return details(current).path("name").asText();
            }
            current = byId.get(current.path("previousEventId").asLong());
        }
        throw new IllegalArgumentException("event " + event.path("id").asLong() + " (" + event.path("type").asText()
                + ") leads back to no state: the history is incomplete");
    }

    private static Long scheduledOf(JsonNode event, Map<Long, JsonNode> byId) {
        JsonNode current = byId.get(event.path("previousEventId").asLong());
        while (current != null) {
            String type = current.path("type").asText();
            if (SCHEDULED.contains(type)) {
                return current.path("id").asLong();
            }
            if (type.endsWith("StateEntered")) {
                return null;
            }
            current = byId.get(current.path("previousEventId").asLong());
        }
        return null;
    }

    private static JsonNode details(JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = event.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith("EventDetails")) {
                return field.getValue();
            }
        }
        return Json.object();
    }

    /** An input or output as GetExecutionHistory gives it: JSON in a string. */
    private static JsonNode parse(JsonNode text) {
        if (text == null || text.isMissingNode() || text.isNull()) {
            return Json.NODES.nullNode();
        }
        return text.isTextual() ? Json.parse(text.asText()) : text;
    }
}
