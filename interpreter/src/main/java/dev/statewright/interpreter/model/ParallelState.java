package dev.statewright.interpreter.model;

import java.util.List;

public record ParallelState(
        String name,
        DataFlow dataFlow,
        String next,
        List<StateMachine> branches,
        List<Retrier> retry,
        List<Catcher> catchers) implements State, Recoverable {
    public ParallelState {
        branches = List.copyOf(branches);
    }

    @Override
    public String type() {
        return "Parallel";
    }
}
