package dev.statewright.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.integrations.MockConfig;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A state machine set up for a test: its mocks (per state, from Java or from a Step Functions
 * Local mock file) and in-process handlers. Each {@link #run} is a fresh execution on a virtual
 * clock: Waits and retry back-off are skipped (the history still shows the time passing), and a
 * mock answers at once, so no test waits. A Task that nothing mocks or handles fails, saying so.
 */
public final class WorkflowUnderTest {
    private final StateMachine machine;
    private String name;
    private final Map<String, MockAnswer> mocks = new LinkedHashMap<>();
    private final TaskHandlers.Builder handlers = TaskHandlers.builder();
    private MockConfig mockConfig;
    private String testCase;

    WorkflowUnderTest(String definition, String name) {
        this.machine = DefinitionParser.parse(definition);
        this.name = name;
    }

    /** The machine's name: for the mock file's StateMachines and the execution's ARN. */
    public WorkflowUnderTest named(String machineName) {
        this.name = machineName;
        return this;
    }

    /** Mocks a Task state, whatever its resource; it takes precedence over a mock file. */
    public WorkflowUnderTest mock(String stateName, MockAnswer answer) {
        mocks.put(stateName, answer);
        return this;
    }

    /** Mocks a Task state with one result for every call (JSON text). */
    public WorkflowUnderTest mockReturning(String stateName, String json) {
        return mock(stateName, MockAnswer.returning(json));
    }

    /** Mocks a Task state with one failure for every call. */
    public WorkflowUnderTest mockFailing(String stateName, String error, String cause) {
        return mock(stateName, MockAnswer.failing(error, cause));
    }

    /**
     * The Task states a test case of a Step Functions Local mock file names answer from it; the
     * file is checked against the machine (states, integrations) now, naming what does not fit.
     */
    public WorkflowUnderTest withMockConfig(Path file, String testCaseName) {
        MockConfig config = MockConfig.load(file);
        String missing = config.missingTestCase(name, testCaseName);
        if (missing != null) {
            throw new IllegalArgumentException(missing + " (name the machine with named(...))");
        }
        List<String> problems = config.problems(name, testCaseName, machine);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.mockConfig = config;
        this.testCase = testCaseName;
        return this;
    }

    /** Handles every Task whose resource starts with the prefix, in process (after the mocks). */
    public WorkflowUnderTest handler(String resourcePrefix, TaskHandler handler) {
        handlers.resourcePrefix(resourcePrefix, handler);
        return this;
    }

    /** Runs one execution to its end with this input (JSON text). */
    public WorkflowRun run(String inputJson) {
        return run(Json.parse(inputJson));
    }

    /** Runs one execution to its end with this input. */
    public WorkflowRun run(JsonNode input) {
        TaskHandlers base = handlers.build();
        TaskHandlers behind = mockConfig == null ? base : mockConfig.handlers(name, testCase, base);
        Map<String, Integer> calls = new HashMap<>();
        Map<String, MockAnswer> answers = Map.copyOf(mocks);
        TaskHandler mocked = new TaskHandler() {
            @Override
            public java.util.concurrent.CompletionStage<JsonNode> invoke(dev.statewright.interpreter.engine.TaskRequest request) {
                MockAnswer answer = answers.get(request.stateName());
                if (answer == null) {
                    return behind.forResource(request.resource()).invoke(request);
                }
                int call;
                synchronized (calls) {
                    call = calls.merge(request.stateName(), 1, Integer::sum) - 1;
                }
                try {
                    return CompletableFuture.completedFuture(answer.answer(request.input(), call));
                } catch (StatesException e) {
                    return CompletableFuture.failedFuture(e);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(new StatesException("States.TaskFailed", "The mock of '"
                            + request.stateName() + "' threw " + e));
                }
            }

            @Override
            public String refusal(String resource) {
                return null; // a mocked activity need not exist
            }
        };
        Engine engine = new Engine(TaskHandlers.builder().resourcePrefix("", mocked).build());
        return new WorkflowRun(name, engine.run(machine, input, Engine.RunSettings.defaults().withNames(name, null)));
    }
}
