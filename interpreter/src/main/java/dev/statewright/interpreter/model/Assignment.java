package dev.statewright.interpreter.model;

import dev.statewright.interpreter.jsonata.JsonataTemplate;

/**
 * An {@code Assign} field: the variables a state (or a catcher, or a Choice rule) sets, written
 * in the query language of its state.
 */
public sealed interface Assignment {

    /** JSONPath: a payload template ({@code "x.$": "$.path"}) read against the state's result. */
    record PathAssignment(PayloadTemplate values) implements Assignment {
    }

    /** JSONata: values in which {@code {% %}} strings are expressions. */
    record JsonataAssignment(JsonataTemplate values) implements Assignment {
    }
}
