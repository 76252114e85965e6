package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Mocked task responses in Step Functions Local's format:
 * <pre>
 * {"StateMachines": {"Machine": {"TestCases": {"HappyPath": {"Charge": "ChargeOk"}}}},
 *  "MockedResponses": {"ChargeOk": {"0": {"Return": {...}}, "1-2": {"Throw": {"Error": "E", "Cause": "C"}}}}}
 * </pre>
 * An execution chooses a test case by starting {@code stateMachineArn#TestCaseName}; the Task
 * states its case names get their responses in order of invocation (retries count), the others
 * run normally. In the service the mock answers in front of the journal, as part of the
 * deterministic engine, so a resumed execution counts its invocations as the first run did.
 */
public final class MockConfig {
    /** One response: a result, or an error and cause. */
    record Response(JsonNode result, String error, String cause) {
    }

    private final Map<String, Map<String, Map<String, String>>> testCases;
    private final Map<String, List<Response>> responses;

    private MockConfig(Map<String, Map<String, Map<String, String>>> testCases, Map<String, List<Response>> responses) {
        this.testCases = testCases;
        this.responses = responses;
    }

    public static MockConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mock configuration " + file, e);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong in the configuration */
    public static MockConfig parse(String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("The mock configuration is not JSON: " + e.getMessage());
        }
        Map<String, Map<String, Map<String, String>>> testCases = new HashMap<>();
        root.path("StateMachines").fields().forEachRemaining(machine -> {
            Map<String, Map<String, String>> cases = new HashMap<>();
            machine.getValue().path("TestCases").fields().forEachRemaining(testCase -> {
                Map<String, String> states = new HashMap<>();
                testCase.getValue().fields().forEachRemaining(state -> states.put(state.getKey(), state.getValue().asText()));
                cases.put(testCase.getKey(), states);
            });
            testCases.put(machine.getKey(), cases);
        });
        Map<String, List<Response>> responses = new HashMap<>();
        root.path("MockedResponses").fields().forEachRemaining(mock -> responses.put(mock.getKey(),
                invocations(mock.getKey(), mock.getValue())));
        for (Map<String, Map<String, String>> cases : testCases.values()) {
            for (Map<String, String> states : cases.values()) {
                for (String response : states.values()) {
                    if (!responses.containsKey(response)) {
                        throw new IllegalArgumentException("The mocked response '" + response + "' is not defined");
                    }
                }
            }
        }
        return new MockConfig(testCases, responses);
    }

    /** Invocation keys "0", "1-2", ... become one response per invocation, in order. */
    private static List<Response> invocations(String name, JsonNode mock) {
        List<Response> list = new ArrayList<>();
        mock.fields().forEachRemaining(entry -> {
            String[] range = entry.getKey().split("-");
            int from;
            int to;
            try {
                from = Integer.parseInt(range[0].trim());
                to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Mocked response '" + name + "': '" + entry.getKey()
                        + "' is not an invocation number or range such as 0 or 1-2");
            }
            JsonNode value = entry.getValue();
            Response response;
            if (value.has("Return")) {
                response = new Response(value.get("Return"), null, null);
            } else if (value.has("Throw")) {
                response = new Response(null, value.path("Throw").path("Error").asText(null),
                        value.path("Throw").path("Cause").asText(null));
            } else {
                throw new IllegalArgumentException("Mocked response '" + name + "' " + entry.getKey()
                        + " needs Return or Throw");
            }
            for (int i = from; i <= to; i++) {
                while (list.size() <= i) {
                    list.add(null);
                }
                list.set(i, response);
            }
        });
        if (list.contains(null)) {
            throw new IllegalArgumentException("Mocked response '" + name + "' leaves invocations without a response");
        }
        return list;
    }

    /** Whether the test case exists for the machine. */
    public boolean hasTestCase(String machineName, String testCase) {
        return testCases.getOrDefault(machineName, Map.of()).containsKey(testCase);
    }

    /**
     * Handlers for one execution under a test case: its mocked states answer from the
     * configuration (the last response again once they run out), the rest go to {@code real}.
     */
    public TaskHandlers handlers(String machineName, String testCase, TaskHandlers real) {
        Map<String, String> states = testCases.getOrDefault(machineName, Map.of()).get(testCase);
        if (states == null) {
            throw new IllegalArgumentException("No test case '" + testCase + "' for the state machine '" + machineName + "'");
        }
        Map<String, Integer> calls = new HashMap<>();
        TaskHandler mocked = new TaskHandler() {
            @Override
            public CompletionStage<JsonNode> invoke(TaskRequest request) {
                String response = states.get(request.stateName());
                if (response == null) {
                    return real.forResource(request.resource()).invoke(request);
                }
                List<Response> list = responses.get(response);
                int call;
                synchronized (calls) {
                    call = calls.merge(request.stateName(), 1, Integer::sum) - 1;
                }
                Response answer = list.get(Math.min(call, list.size() - 1));
                return answer.error() != null || answer.result() == null
                        ? CompletableFuture.failedFuture(new StatesException(answer.error(), answer.cause()))
                        : CompletableFuture.completedFuture(answer.result().deepCopy());
            }

            @Override
            public String refusal(String resource) {
                return real.forResource(resource).refusal(resource);
            }
        };
        return TaskHandlers.builder().resourcePrefix("", mocked).build();
    }
}
