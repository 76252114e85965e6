package dev.statewright.interpreter.model;

import java.util.List;

/** @param defaultNext the Default state, or null (no match then fails with States.NoChoiceMatched) */
public record ChoiceState(String name, DataFlow dataFlow, List<ChoiceRule.Branch> choices, String defaultNext)
        implements State {
    public ChoiceState {
        choices = List.copyOf(choices);
    }

    @Override
    public String type() {
        return "Choice";
    }

    /** A Choice has no Next of its own: where it goes is decided by its rules and Default. */
    @Override
    public String next() {
        return null;
    }
}
