package dev.statewright.interpreter.model;

import java.util.List;

/** One Catch rule: the errors it takes, where it goes, and where the error output is placed. */
public record Catcher(List<String> errorEquals, String next, String resultPath) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }
}
