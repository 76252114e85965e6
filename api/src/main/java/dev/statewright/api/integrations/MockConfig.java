package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.MapState;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.State;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.TaskState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * states its case names get their responses in order of invocation (one count per state and
 * execution, retries and Map iterations included), the others run normally. As in Step Functions
 * Local, a call past the last response defined fails the execution with States.Runtime; a
 * response is never reused silently. In the service the mock answers in front of the journal, as
 * part of the deterministic engine, so a resumed execution counts its invocations as the first run did.
 *
 * <p>What can be judged from the file alone is checked when it is read; what needs the machine
 * (its states, their resources) by {@link #problems} once the machine is known. Every message
 * names the file, and the test case, state and response it is about.
 */
public final class MockConfig {
    private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    /** One response: a result, or an error and cause. */
    record Response(JsonNode result, String error, String cause) {
    }

    private final String source;
    private final Map<String, Map<String, Map<String, String>>> testCases;
    private final Map<String, List<Response>> responses;

    private MockConfig(String source, Map<String, Map<String, Map<String, String>>> testCases,
                       Map<String, List<Response>> responses) {
        this.source = source;
        this.testCases = testCases;
        this.responses = responses;
    }

    /** @throws IllegalArgumentException naming the file and what is wrong in it */
    public static MockConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mock configuration " + file, e);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong in the configuration */
    public static MockConfig parse(String text) {
        return parse(text, "the mock configuration");
    }

    /** @param source how messages name the configuration: its file */
    public static MockConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a mock configuration is a JSON object with StateMachines"
                    + " and MockedResponses");
        }
        Map<String, List<Response>> responses = new LinkedHashMap<>();
        root.path("MockedResponses").fields().forEachRemaining(mock -> responses.put(mock.getKey(),
                invocations(source, mock.getKey(), mock.getValue())));
        Map<String, Map<String, Map<String, String>>> testCases = new LinkedHashMap<>();
        root.path("StateMachines").fields().forEachRemaining(machine -> {
            Map<String, Map<String, String>> cases = new LinkedHashMap<>();
            machine.getValue().path("TestCases").fields().forEachRemaining(testCase -> {
                Map<String, String> states = new LinkedHashMap<>();
                testCase.getValue().fields().forEachRemaining(state -> {
                    String where = source + ": test case '" + testCase.getKey() + "' of '" + machine.getKey()
                            + "': state '" + state.getKey() + "'";
                    if (!state.getValue().isTextual()) {
                        throw new IllegalArgumentException(where + ": the value must be the name of a mocked response");
                    }
                    String response = state.getValue().asText();
                    if (!responses.containsKey(response)) {
                        throw new IllegalArgumentException(where + ": the mocked response '" + response
                                + "' is not defined in MockedResponses" + known(responses.keySet()));
                    }
                    states.put(state.getKey(), response);
                });
                cases.put(testCase.getKey(), Collections.unmodifiableMap(states));
            });
            testCases.put(machine.getKey(), Collections.unmodifiableMap(cases));
        });
        return new MockConfig(source, Collections.unmodifiableMap(testCases), Collections.unmodifiableMap(responses));
    }

    /** Invocation keys "0", "1-2", ... become one response per invocation, in order. */
    private static List<Response> invocations(String source, String name, JsonNode mock) {
        String where = source + ": mocked response '" + name + "'";
        if (!mock.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object of invocations such as {\"0\": {\"Return\": ...}}");
        }
        List<Response> list = new ArrayList<>();
        mock.fields().forEachRemaining(entry -> {
            String[] range = entry.getKey().split("-");
            int from;
            int to;
            try {
                from = Integer.parseInt(range[0].trim());
                to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": '" + entry.getKey()
                        + "' is not an invocation number or range such as 0 or 1-2");
            }
            if (from < 0 || to < from || range.length > 2) {
                throw new IllegalArgumentException(where + ": '" + entry.getKey()
                        + "' is not an invocation number or range such as 0 or 1-2");
            }
            Response response = response(where + " " + entry.getKey(), entry.getValue());
            for (int i = from; i <= to; i++) {
                while (list.size() <= i) {
                    list.add(null);
                }
                list.set(i, response);
            }
        });
        int gap = list.indexOf(null);
        if (gap >= 0) {
            throw new IllegalArgumentException(where + ": invocation " + gap + " has no response (the keys must cover"
                    + " 0, 1, 2, ... without gaps)");
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(where + ": defines no invocation; give at least \"0\"");
        }
        return List.copyOf(list);
    }

    private static Response response(String where, JsonNode value) {
        if (value.has("Return") && value.has("Throw")) {
            throw new IllegalArgumentException(where + ": has both Return and Throw; give one");
        }
        if (value.has("Return")) {
            return new Response(value.get("Return"), null, null);
        }
        if (value.has("Throw")) {
            JsonNode error = value.path("Throw").path("Error");
            if (!error.isTextual()) {
                throw new IllegalArgumentException(where + ": Throw needs an Error (a string)");
            }
            JsonNode cause = value.path("Throw").path("Cause");
            return new Response(null, error.asText(), cause.isMissingNode() || cause.isNull() ? null : cause.asText());
        }
        throw new IllegalArgumentException(where + ": needs Return or Throw");
    }

    /** Where the configuration came from (its file), as messages name it. */
    public String source() {
        return source;
    }

    /** The machines and, for each, its test cases with the state each mocks and the response: for listing. */
    public Map<String, Map<String, Map<String, String>>> testCases() {
        return testCases;
    }

    /** Whether the test case exists for the machine. */
    public boolean hasTestCase(String machineName, String testCase) {
        return testCases.getOrDefault(machineName, Map.of()).containsKey(testCase);
    }

    /** Why a test case cannot be used for a machine of that name (with the names there are), or null. */
    public String missingTestCase(String machineName, String testCase) {
        Map<String, Map<String, String>> cases = testCases.get(machineName);
        if (cases == null) {
            return source + ": no state machine '" + machineName + "'" + known(testCases.keySet());
        }
        if (!cases.containsKey(testCase)) {
            return source + ": no test case '" + testCase + "' for the state machine '" + machineName + "'"
                    + known(cases.keySet());
        }
        return null;
    }

    /**
     * What is wrong with a machine's test cases against its definition: a state that is not in
     * it, a state that is not a Task, a response that does not fit the state's integration.
     *
     * @param testCase the one test case to check, or null for all the machine's
     */
    public List<String> problems(String machineName, String testCase, StateMachine machine) {
        Map<String, TaskState> tasks = new LinkedHashMap<>();
        Map<String, State> others = new LinkedHashMap<>();
        collect(machine, tasks, others);
        List<String> problems = new ArrayList<>();
        testCases.getOrDefault(machineName, Map.of()).forEach((name, states) -> {
            if (testCase != null && !testCase.equals(name)) {
                return;
            }
            states.forEach((stateName, responseName) -> {
                String where = source + ": test case '" + name + "' of '" + machineName + "': state '" + stateName + "'";
                TaskState task = tasks.get(stateName);
                if (task == null) {
                    State other = others.get(stateName);
                    problems.add(other != null
                            ? where + ": is a " + other.type() + " state; only Task states can be mocked"
                            : where + ": there is no such state in the state machine" + known(tasks.keySet()));
                    return;
                }
                List<Response> list = responses.get(responseName);
                for (int i = 0; i < list.size(); i++) {
                    String misfit = misfit(task.resource(), list.get(i));
                    if (misfit != null) {
                        problems.add(where + ": the mocked response '" + responseName + "' (invocation " + i + ") "
                                + misfit);
                        break;
                    }
                }
            });
        });
        return problems;
    }

    /** Why a response cannot be what the resource answers, or null. */
    private static String misfit(String resource, Response response) {
        if (response.result() == null) {
            return null;
        }
        if (LAMBDA_INVOKE.equals(resource) && !response.result().has("Payload")) {
            return "does not fit " + LAMBDA_INVOKE + ": its Return needs a Payload (the function's answer),"
                    + " as Lambda's Invoke answers {\"StatusCode\": 200, \"Payload\": ...}";
        }
        return null;
    }

    private static void collect(StateMachine machine, Map<String, TaskState> tasks, Map<String, State> others) {
        for (State state : machine.states().values()) {
            if (state instanceof TaskState task) {
                tasks.put(task.name(), task);
            } else {
                others.put(state.name(), state);
            }
            if (state instanceof ParallelState parallel) {
                parallel.branches().forEach(branch -> collect(branch, tasks, others));
            } else if (state instanceof MapState map) {
                collect(map.processor(), tasks, others);
            }
        }
    }

    private static String known(java.util.Collection<String> names) {
        return names.isEmpty() ? " (there are none)" : " (there are: " + String.join(", ", names) + ")";
    }

    /**
     * Handlers for one execution under a test case: its mocked states answer from the
     * configuration, the rest go to {@code real}; a failure of those names the state and the test case.
     */
    public TaskHandlers handlers(String machineName, String testCase, TaskHandlers real) {
        String missing = missingTestCase(machineName, testCase);
        if (missing != null) {
            throw new IllegalArgumentException(missing);
        }
        Map<String, String> states = testCases.get(machineName).get(testCase);
        Map<String, Integer> calls = new HashMap<>();
        TaskHandler mocked = new TaskHandler() {
            @Override
            public CompletionStage<JsonNode> invoke(TaskRequest request) {
                String response = states.get(request.stateName());
                if (response == null) {
                    return unmocked(request);
                }
                List<Response> list = responses.get(response);
                int call;
                synchronized (calls) {
                    call = calls.merge(request.stateName(), 1, Integer::sum) - 1;
                }
                if (call >= list.size()) {
                    return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME, source
                            + ": test case '" + testCase + "': the state '" + request.stateName() + "' was called "
                            + (call + 1) + " times, but the mocked response '" + response + "' defines "
                            + list.size() + " (invocations 0-" + (list.size() - 1) + ")"));
                }
                Response answer = list.get(call);
                return answer.result() == null
                        ? CompletableFuture.failedFuture(new StatesException(answer.error(), answer.cause()))
                        : CompletableFuture.completedFuture(answer.result().deepCopy());
            }

            private CompletionStage<JsonNode> unmocked(TaskRequest request) {
                CompletionStage<JsonNode> call = realCall(request);
                String note = " (the state '" + request.stateName() + "' is not mocked by the test case '" + testCase
                        + "' of " + source + ", so it made the real call)";
                CompletableFuture<JsonNode> answer = new CompletableFuture<>();
                call.whenComplete((result, failure) -> {
                    if (failure == null) {
                        answer.complete(result);
                    } else {
                        StatesException states = StatesException.fromTaskFailure(failure);
                        answer.completeExceptionally(states.withCause((states.cause() == null ? "" : states.cause()) + note));
                    }
                });
                // The engine cancels a call it gives up on (timeout, stop): the real one must hear of it.
                answer.whenComplete((result, failure) -> {
                    if (answer.isCancelled()) {
                        call.toCompletableFuture().cancel(false);
                    }
                });
                return answer;
            }

            private CompletionStage<JsonNode> realCall(TaskRequest request) {
                try {
                    return real.forResource(request.resource()).invoke(request);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public String refusal(String resource) {
                return real.forResource(resource).refusal(resource);
            }
        };
        return TaskHandlers.builder().resourcePrefix("", mocked).build();
    }
}
