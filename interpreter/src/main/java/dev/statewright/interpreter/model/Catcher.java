package dev.statewright.interpreter.model;

import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.json.ReferencePath;

import java.util.List;

/**
 * One Catch rule: the errors it takes, where it goes, and what it passes on: in JSONPath the
 * error output placed by {@code resultPath} (null: discarded); in JSONata {@code output} (null:
 * the error output itself). {@code assign} may set variables; it is null when absent.
 */
public record Catcher(List<String> errorEquals, String next, ReferencePath resultPath, Assignment assign,
                      JsonataTemplate output) {
    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }

    public Catcher(List<String> errorEquals, String next, ReferencePath resultPath) {
        this(errorEquals, next, resultPath, null, null);
    }
}
