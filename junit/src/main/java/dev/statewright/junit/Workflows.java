package dev.statewright.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@link StatewrightTest} gives a test method or constructor: state machines to set up and
 * run in process. One per test, holding nothing between tests.
 */
public final class Workflows {
    Workflows() {
    }

    /**
     * A definition from a file; the machine is named after it (after its folder for
     * {@code definition.json}), as {@code statewright run} names it for mock files.
     */
    public WorkflowUnderTest load(Path definition) {
        String text;
        try {
            text = Files.readString(definition);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the definition " + definition, e);
        }
        String stem = definition.getFileName().toString().replaceFirst("\\.json$", "");
        Path parent = definition.toAbsolutePath().normalize().getParent();
        String name = stem.equals("definition") && parent != null ? parent.getFileName().toString() : stem;
        return new WorkflowUnderTest(text, name);
    }

    /** A definition given as JSON text, named {@code StateMachine} until {@link WorkflowUnderTest#named}. */
    public WorkflowUnderTest define(String definitionJson) {
        return new WorkflowUnderTest(definitionJson, "StateMachine");
    }
}
