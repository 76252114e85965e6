package dev.statewright.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.InvalidDefinitionException;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.ValidationReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link WorkflowTest} in process, on a virtual clock that skips Waits and retry
 * intervals, and compares the end with what the test expects. A Task the test case does not mock
 * has no integration here (a test is hermetic): it fails with a cause that says to mock it.
 */
public final class WorkflowTestRun {
    /** Numbers equal as numbers: 1 and 1.0 are the same output. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private WorkflowTestRun() {
    }

    public static TestVerdict run(WorkflowTest test) {
        long started = System.nanoTime();
        ValidationReport report = new DefinitionValidator().validate(test.definition(), StateMachineType.STANDARD);
        if (!report.valid()) {
            return problem(test, started, "the definition is not valid: " + report.errors().get(0).message()
                    + (report.errors().get(0).location() == null ? "" : " at " + report.errors().get(0).location()));
        }
        StateMachine machine;
        try {
            machine = DefinitionParser.parse(test.definition());
        } catch (InvalidDefinitionException e) {
            return problem(test, started, "the definition cannot run: " + e.getMessage());
        }
        TaskHandlers handlers = TaskHandlers.none();
        if (test.mocks() != null) {
            String missing = test.mocks().missingTestCase(test.stateMachineName(), test.testCase());
            if (missing != null) {
                return problem(test, started, missing);
            }
            List<String> problems = test.mocks().problems(test.stateMachineName(), test.testCase(), machine);
            if (!problems.isEmpty()) {
                return problem(test, started, String.join("; ", problems));
            }
            handlers = test.mocks().handlers(test.stateMachineName(), test.testCase(), handlers);
        }
        ExecutionResult result = new Engine(handlers, EngineOptions.defaults()).run(machine, test.input(),
                Engine.RunSettings.defaults().withNames(test.stateMachineName(), null));
        return new TestVerdict(test.name(), test.source(), mismatches(test.expect(), result), null,
                Duration.ofNanos(System.nanoTime() - started), result);
    }

    /** What differs between the expectation and the end; empty when nothing does. */
    public static List<String> mismatches(WorkflowTest.Expectation expect, ExecutionResult result) {
        List<String> found = new ArrayList<>();
        if (expect.status() != result.status()) {
            found.add("expected status " + expect.status() + ", got " + result.status()
                    + (result.error() == null ? "" : " (" + result.error()
                    + (result.cause() == null ? "" : ": " + result.cause()) + ")"));
        }
        if (expect.output() != null && (result.output() == null || !expect.output().equals(NUMBERS_BY_VALUE, result.output()))) {
            found.add("expected output " + Json.write(expect.output()) + ", got "
                    + (result.output() == null ? "none" : Json.write(result.output())));
        }
        if (expect.error() != null && !expect.error().equals(result.error())) {
            found.add("expected error " + expect.error() + ", got " + result.error());
        }
        if (expect.cause() != null && !expect.cause().equals(result.cause())) {
            found.add("expected cause \"" + expect.cause() + "\", got \"" + result.cause() + "\"");
        }
        if (expect.path() != null) {
            List<String> path = path(result.history());
            if (!Objects.equals(expect.path(), path)) {
                found.add("expected the path " + expect.path() + ", went " + path + firstDifference(expect.path(), path));
            }
        }
        return found;
    }

    /** The names of the states entered, in the order of their StateEntered events. */
    public static List<String> path(List<HistoryEvent> history) {
        return history.stream().filter(e -> e.type().endsWith("StateEntered"))
                .map(e -> e.details().path("name").asText()).toList();
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return " (state " + (i + 1) + ": expected " + expected.get(i) + ", went to " + actual.get(i) + ")";
            }
        }
        return "";
    }

    private static TestVerdict problem(WorkflowTest test, long started, String problem) {
        return new TestVerdict(test.name(), test.source(), List.of(), problem, Duration.ofNanos(System.nanoTime() - started),
                null);
    }
}
