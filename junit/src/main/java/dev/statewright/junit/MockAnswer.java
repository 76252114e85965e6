package dev.statewright.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.util.List;

/**
 * What a mocked Task state answers, call by call: a result, or a failure thrown as a
 * {@link StatesException} (its error and cause are what Retry and Catch see).
 */
@FunctionalInterface
public interface MockAnswer {
    /**
     * @param input the task's effective input (after InputPath and Parameters)
     * @param call  how many times the state was called before in this execution (0 first; retries
     *              and Map iterations count)
     */
    JsonNode answer(JsonNode input, int call);

    /** Always this result (JSON text). */
    static MockAnswer returning(String json) {
        JsonNode result = Json.parse(json);
        return (input, call) -> result.deepCopy();
    }

    /** Always this failure. */
    static MockAnswer failing(String error, String cause) {
        return (input, call) -> {
            throw new StatesException(error, cause);
        };
    }

    /**
     * A call that took longer than the state's TimeoutSeconds: fails at once with States.Timeout,
     * as the task would after its timeout, so no test waits for it.
     */
    static MockAnswer timingOut() {
        return failing(StatesErrors.TIMEOUT, "The mocked task timed out");
    }

    /**
     * One answer per call, in order; a call past the last is a mistake in the test and fails the
     * execution with States.Runtime, as a mock file's would.
     */
    static MockAnswer inOrder(MockAnswer... answers) {
        List<MockAnswer> list = List.of(answers);
        return (input, call) -> {
            if (call >= list.size()) {
                throw new StatesException(StatesErrors.RUNTIME, "The mock was called " + (call + 1) + " times, but it has "
                        + list.size() + " answers");
            }
            return list.get(call).answer(input, call);
        };
    }
}
