package dev.statewright.interpreter.model;

import java.util.Map;

/**
 * A graph of states with its start: a whole definition, a Parallel branch or a Map item processor.
 *
 * @param timeoutSeconds the execution's TimeoutSeconds (top level only), or null
 */
public record StateMachine(String comment, String startAt, Map<String, State> states, Integer timeoutSeconds) {
    public StateMachine {
        states = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(states));
    }

    public State state(String name) {
        return states.get(name);
    }
}
