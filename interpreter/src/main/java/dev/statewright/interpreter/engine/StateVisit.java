package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.model.Recoverable;
import dev.statewright.interpreter.model.State;

import java.time.Instant;

/**
 * One entry into a state, from its StateEntered event until it exits or fails, with its retries.
 * {@code attempt} changes whenever the state's work is restarted or given up, so late callbacks
 * from an earlier attempt (a task finishing after its timeout) can tell they are stale.
 */
final class StateVisit {
    final State state;
    final JsonNode rawInput;
    final long enteredEventId;
    final Instant enteredTime;
    final int[] retriesByRetrier;
    int attempt;
    /** The callback token of the current attempt of a {@code .waitForTaskToken} Task, else null. */
    String taskToken;
    /**
     * On a redrive, the work this state had under way when the execution stopped (a Parallel's or
     * Map's run), whose finished branches and iterations its first attempt keeps; else null.
     */
    BranchRun.Activity redriving;

    StateVisit(State state, JsonNode rawInput, long enteredEventId, Instant enteredTime) {
        this.state = state;
        this.rawInput = rawInput;
        this.enteredEventId = enteredEventId;
        this.enteredTime = enteredTime;
        this.retriesByRetrier = new int[state instanceof Recoverable recoverable ? recoverable.retry().size() : 0];
    }

    /** The earlier run a redriven Parallel or Map state goes on from, once (a retry runs everything again); or null. */
    <T extends BranchRun.Activity> T takeRedriving(Class<T> kind) {
        BranchRun.Activity earlier = redriving;
        redriving = null;
        return kind.isInstance(earlier) ? kind.cast(earlier) : null;
    }

    /** Retries so far, across all retriers: {@code $$.State.RetryCount}. */
    int retryCount() {
        int total = 0;
        for (int retries : retriesByRetrier) {
            total += retries;
        }
        return total;
    }
}
