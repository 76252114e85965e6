package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.Inspector;
import dev.statewright.interpreter.model.MapState;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.State;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches the tested state through the engine: keeps every data-flow step, stops the run at the
 * first exit or retry, and stands in for Map and Parallel work when the request mocks it.
 */
final class TestInspector implements Inspector {
    private final TestStateRequest request;
    final Map<String, JsonNode> steps = new HashMap<>();
    Integer retryIndex;
    Long retryBackoffSeconds;
    boolean retriable;
    Integer catchIndex;
    StatesException handledError;
    boolean exited;
    JsonNode output;
    String next;

    TestInspector(TestStateRequest request) {
        this.request = request;
    }

    @Override
    public void step(String name, JsonNode value) {
        steps.putIfAbsent(name, value); // one attempt: the first value is the one AWS shows
    }

    @Override
    public int retriesSoFar() {
        return request.configuration().retrierRetryCount();
    }

    @Override
    public boolean retrying(int index, StatesException error, Duration delay) {
        retryIndex = index;
        retryBackoffSeconds = delay.toSeconds();
        retriable = true;
        handledError = error;
        return true; // TestState reports the retry; it never waits for it
    }

    @Override
    public void retriesExhausted(int index) {
        retryIndex = index;
    }

    @Override
    public void caught(int index, StatesException error) {
        catchIndex = index;
        handledError = error;
    }

    @Override
    public boolean exited(String state, JsonNode value, String nextState) {
        exited = true;
        output = value;
        next = nextState;
        return true;
    }

    @Override
    public JsonNode substituteResult(State state, int items) {
        if (!(state instanceof MapState) && !(state instanceof ParallelState)) {
            return null;
        }
        if (request.mock() instanceof TestStateMock.Failure failure) {
            throw new StatesException(failure.error(), failure.cause());
        }
        return request.mock() instanceof TestStateMock.Result result ? result.value() : null;
    }

    @Override
    public int simulatedIterationFailures() {
        return request.configuration().mapIterationFailureCount();
    }

    @Override
    public JsonNode context() {
        return request.context();
    }
}
