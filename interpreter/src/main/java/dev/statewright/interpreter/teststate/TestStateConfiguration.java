package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Circumstances a TestState request sets up around its one attempt.
 *
 * @param retrierRetryCount        retries each retrier is taken to have made already
 * @param errorCausedByState       the state inside a Map whose failure the mocked error stands for, or null
 * @param mapIterationFailureCount Map iterations taken to have failed, or 0
 * @param mapItemReaderData        the items an ItemReader would read, or null
 */
public record TestStateConfiguration(int retrierRetryCount, String errorCausedByState, int mapIterationFailureCount,
                                     ArrayNode mapItemReaderData) {
    public static TestStateConfiguration none() {
        return new TestStateConfiguration(0, null, 0, null);
    }
}
