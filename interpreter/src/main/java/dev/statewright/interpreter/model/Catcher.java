package dev.statewright.interpreter.model;

import dev.statewright.interpreter.json.ReferencePath;

import java.util.List;

/** One Catch rule: the errors it takes, where it goes, and where the error output is placed (null: discarded). */
public record Catcher(List<String> errorEquals, String next, ReferencePath resultPath) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }
}
