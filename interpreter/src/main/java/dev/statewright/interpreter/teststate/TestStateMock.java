package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;

/** What the tested state's work gives instead of running: a result, or a failure. */
public sealed interface TestStateMock {

    /** The Task's result, or a Map's or Parallel's whole result. */
    record Result(JsonNode value) implements TestStateMock {
    }

    /** The work fails with this error and cause. */
    record Failure(String error, String cause) implements TestStateMock {
    }
}
