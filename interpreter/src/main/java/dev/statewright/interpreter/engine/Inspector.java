package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.model.State;

import java.time.Duration;

/**
 * Watches and steers the first state of an execution's own branch, for TestState: it sees each
 * data-flow step, and decides at the points where a single-state test ends instead of going on
 * (a retry, an exit). Branches inside the state (Map iterations, Parallel branches) are not
 * inspected. Executions without one pay a null check and nothing else.
 */
public interface Inspector {

    /**
     * A value of the state's data flow: {@code input}, {@code afterInputPath},
     * {@code afterParameters}, {@code afterArguments}, {@code result}, {@code afterResultSelector},
     * {@code afterResultPath}, {@code afterItemsPath}, {@code maxConcurrency},
     * {@code toleratedFailureCount}, {@code toleratedFailurePercentage}, {@code variables}.
     */
    default void step(String name, JsonNode value) {
    }

    /** Retries each retrier is taken to have made already when the state is entered. */
    default int retriesSoFar() {
        return 0;
    }

    /** Retrier {@code index} matched and would retry after {@code delay}: true stops here instead. */
    default boolean retrying(int index, StatesException error, Duration delay) {
        return false;
    }

    /** Retrier {@code index} matched but has no attempts left. */
    default void retriesExhausted(int index) {
    }

    /** Catcher {@code index} took the error. */
    default void caught(int index, StatesException error) {
    }

    /** The state exits with {@code output} towards {@code next} (null: the end): true stops here instead. */
    default boolean exited(String state, JsonNode output, String next) {
        return false;
    }

    /**
     * The whole result of a Map or Parallel state, given instead of running its iterations or
     * branches; null runs them. May throw a States error to fail the state with it.
     *
     * @param items the number of Map items (0 for a Parallel)
     */
    default JsonNode substituteResult(State state, int items) {
        return null;
    }

    /** Map iterations taken to have failed, checked against the Map's tolerance with a substituted result. */
    default int simulatedIterationFailures() {
        return 0;
    }

    /** The context object every state sees instead of the execution's own, or null. */
    default JsonNode context() {
        return null;
    }
}
