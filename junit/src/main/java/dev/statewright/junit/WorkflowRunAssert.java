package dev.statewright.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * AssertJ assertions on a {@link WorkflowRun}: its status, output, error, the path of states it
 * took and its history events. Each failure message shows the run (status, error, path).
 */
public final class WorkflowRunAssert extends AbstractAssert<WorkflowRunAssert, WorkflowRun> {
    /** Numbers equal as numbers: 1 and 1.0 are the same output. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    WorkflowRunAssert(WorkflowRun run) {
        super(run, WorkflowRunAssert.class);
    }

    public WorkflowRunAssert hasStatus(ExecutionStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected %s to end %s, but it ended %s", actual.name(), status, actual);
        }
        return this;
    }

    public WorkflowRunAssert succeeded() {
        return hasStatus(ExecutionStatus.SUCCEEDED);
    }

    public WorkflowRunAssert failed() {
        return hasStatus(ExecutionStatus.FAILED);
    }

    public WorkflowRunAssert timedOut() {
        return hasStatus(ExecutionStatus.TIMED_OUT);
    }

    /** It failed with this error (any cause). */
    public WorkflowRunAssert failedWith(String error) {
        failed();
        if (!error.equals(actual.error())) {
            failWithMessage("Expected %s to fail with %s, but it failed with %s: %s", actual.name(), error,
                    actual.error(), actual.cause());
        }
        return this;
    }

    /** It failed with this error and cause. */
    public WorkflowRunAssert failedWith(String error, String cause) {
        failedWith(error);
        if (!cause.equals(actual.cause())) {
            failWithMessage("Expected the cause%n  %s%nbut it was%n  %s", cause, actual.cause());
        }
        return this;
    }

    /** Its output equals this JSON (numbers compared by value). */
    public WorkflowRunAssert hasOutput(String json) {
        return hasOutput(Json.parse(json));
    }

    public WorkflowRunAssert hasOutput(JsonNode expected) {
        succeeded();
        if (!expected.equals(NUMBERS_BY_VALUE, actual.output())) {
            failWithMessage("Expected the output%n  %s%nbut it was%n  %s", Json.write(expected), Json.write(actual.output()));
        }
        return this;
    }

    /** The output's value at a JSON pointer ({@code /stock/source}) equals this JSON. */
    public WorkflowRunAssert hasOutputAt(String pointer, String json) {
        succeeded();
        JsonNode expected = Json.parse(json);
        JsonNode found = actual.output().at(pointer);
        if (found.isMissingNode() || !expected.equals(NUMBERS_BY_VALUE, found)) {
            failWithMessage("Expected %s in the output to be %s, but it was %s (output: %s)", pointer,
                    Json.write(expected), found.isMissingNode() ? "missing" : Json.write(found), Json.write(actual.output()));
        }
        return this;
    }

    /** It entered exactly these states, in this order (Map iterations and Parallel branches included). */
    public WorkflowRunAssert wentThrough(String... states) {
        isNotNull();
        if (!actual.path().equals(Arrays.asList(states))) {
            failWithMessage("Expected the path%n  %s%nbut it went%n  %s", Arrays.asList(states), actual.path());
        }
        return this;
    }

    /** It entered these states in this order, with any others between them. */
    public WorkflowRunAssert passedThrough(String... states) {
        isNotNull();
        List<String> path = actual.path();
        int next = 0;
        for (String state : path) {
            if (next < states.length && state.equals(states[next])) {
                next++;
            }
        }
        if (next < states.length) {
            failWithMessage("Expected to pass through %s in this order, but it went %s (no %s after %s)",
                    Arrays.asList(states), path, states[next], next == 0 ? "the start" : states[next - 1]);
        }
        return this;
    }

    public WorkflowRunAssert neverEntered(String state) {
        isNotNull();
        if (actual.path().contains(state)) {
            failWithMessage("Expected never to enter %s, but it went %s", state, actual.path());
        }
        return this;
    }

    /** It entered the state this many times. */
    public WorkflowRunAssert entered(String state, int times) {
        isNotNull();
        long count = actual.path().stream().filter(state::equals).count();
        if (count != times) {
            failWithMessage("Expected to enter %s %d times, but it entered it %d times (path %s)", state, times, count,
                    actual.path());
        }
        return this;
    }

    /** Its history has this many events of the type (such as {@code TaskFailed}). */
    public WorkflowRunAssert hasEvents(String type, int count) {
        isNotNull();
        long found = actual.history().stream().filter(e -> e.type().equals(type)).count();
        if (found != count) {
            failWithMessage("Expected %d %s events, but the history has %d: %s", count, type, found, types());
        }
        return this;
    }

    /** Its history has at least one event of the type. */
    public WorkflowRunAssert hasEvent(String type) {
        isNotNull();
        if (actual.history().stream().noneMatch(e -> e.type().equals(type))) {
            failWithMessage("Expected a %s event, but the history has %s", type, types());
        }
        return this;
    }

    /** Its history has events of these types in this order, with any others between them. */
    public WorkflowRunAssert hasEventsInOrder(String... types) {
        isNotNull();
        int next = 0;
        for (HistoryEvent event : actual.history()) {
            if (next < types.length && event.type().equals(types[next])) {
                next++;
            }
        }
        if (next < types.length) {
            failWithMessage("Expected the events %s in this order, but the history has %s", Arrays.asList(types), types());
        }
        return this;
    }

    private List<String> types() {
        return actual.history().stream().map(HistoryEvent::type).toList();
    }
}
