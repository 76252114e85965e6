package dev.statewright.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.testing.WorkflowTestRun;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;

import java.util.List;

/** One finished execution of a {@link WorkflowUnderTest}: check it with {@link WorkflowAssertions#assertThat}. */
public final class WorkflowRun {
    private final String name;
    private final ExecutionResult result;

    WorkflowRun(String name, ExecutionResult result) {
        this.name = name;
        this.result = result;
    }

    /** The state machine's name. */
    public String name() {
        return name;
    }

    public ExecutionStatus status() {
        return result.status();
    }

    /** The output when it succeeded, else null. */
    public JsonNode output() {
        return result.output();
    }

    public String error() {
        return result.error();
    }

    public String cause() {
        return result.cause();
    }

    /** Every history event, with AWS's types and details. */
    public List<HistoryEvent> history() {
        return result.history();
    }

    /** The names of the states entered, in the order of their StateEntered events. */
    public List<String> path() {
        return WorkflowTestRun.path(result.history());
    }

    @Override
    public String toString() {
        return name + " " + status() + (error() == null ? "" : " (" + error() + (cause() == null ? "" : ": " + cause())
                + ")") + " through " + path();
    }
}
