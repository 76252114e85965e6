package dev.statewright.interpreter.model;

/** A Wait: exactly one of seconds, secondsPath, timestamp, timestampPath is set. */
public record WaitState(
        String name,
        DataFlow dataFlow,
        String next,
        Long seconds,
        String secondsPath,
        String timestamp,
        String timestampPath) implements State {
    @Override
    public String type() {
        return "Wait";
    }
}
