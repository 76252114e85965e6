package dev.statewright.interpreter.model;

public record SucceedState(String name, DataFlow dataFlow) implements State {
    @Override
    public String type() {
        return "Succeed";
    }

    @Override
    public String next() {
        return null;
    }
}
