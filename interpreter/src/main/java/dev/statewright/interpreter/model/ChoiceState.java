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

    /** A Choice never ends a branch; where it goes is decided by its rules. */
    @Override
    public String next() {
        return null;
    }

    @Override
    public boolean isEnd() {
        return false;
    }
}
