package dev.statewright.interpreter.model;

/**
 * A Fail. Error and cause are each a literal, a path ({@code ErrorPath}/{@code CausePath}, which
 * may also be an intrinsic call), or absent.
 */
public record FailState(String name, DataFlow dataFlow, String error, PayloadTemplate errorPath, String cause,
                        PayloadTemplate causePath)
        implements State {
    @Override
    public String type() {
        return "Fail";
    }

    @Override
    public String next() {
        return null;
    }
}
