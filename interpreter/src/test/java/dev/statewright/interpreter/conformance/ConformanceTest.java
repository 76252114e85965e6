package dev.statewright.interpreter.conformance;

import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.Execution;
import dev.statewright.interpreter.engine.ExecutionInfo;
import dev.statewright.interpreter.engine.ExecutionProjection;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.LocalExecutionLoop;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every recorded AWS execution that needs no service and no JSONata or variables, and
 * compares status, output, error, cause and history event types with what AWS produced.
 * A case may fail only if the known-failures list names it with a reason.
 */
class ConformanceTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void matchesRecordedAwsExecutions() throws IOException {
        Map<String, String> knownFailures = KnownFailures.load(ConformanceCase.fixtures().resolve("conformance-known-failures.txt"));
        List<ConformanceCase> cases = ConformanceCase.interpreterCases();
        Map<String, int[]> byFeature = new TreeMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int resultPassed = 0;
        int historyCompared = 0;
        int historyExact = 0;
        for (ConformanceCase c : cases) {
            Outcome outcome = run(c);
            if (outcome.resultProblem == null) {
                resultPassed++;
            }
            if (outcome.historyCompared) {
                historyCompared++;
                if (outcome.historyExact) {
                    historyExact++;
                }
            }
            String problem = outcome.resultProblem != null ? outcome.resultProblem : outcome.historyProblem;
            for (String feature : c.features()) {
                int[] counts = byFeature.computeIfAbsent(feature, f -> new int[2]);
                counts[problem == null ? 0 : 1]++;
            }
            if (problem != null) {
                failures.put(c.name(), problem);
            }
        }
        int passed = cases.size() - failures.size();
        System.out.println("conformance: " + passed + " passed, " + failures.size() + " failed");
        System.out.printf("conformance: status and output/error %d of %d (%.1f%%); history event types exact %d of %d (%.1f%%)%n",
                resultPassed, cases.size(), 100.0 * resultPassed / cases.size(),
                historyExact, historyCompared, 100.0 * historyExact / Math.max(1, historyCompared));
        byFeature.forEach((feature, counts) ->
                System.out.printf("  %-45s %4d passed %4d failed%n", feature, counts[0], counts[1]));
        List<String> unexpected = new ArrayList<>();
        failures.forEach((name, problem) -> {
            if (!knownFailures.containsKey(name)) {
                unexpected.add(name + ": " + problem);
            }
        });
        List<String> nowPassing = knownFailures.keySet().stream()
                .filter(name -> cases.stream().anyMatch(c -> c.name().equals(name)) && !failures.containsKey(name))
                .collect(Collectors.toList());
        unexpected.forEach(line -> System.out.println("UNEXPECTED FAILURE " + line));
        nowPassing.forEach(name -> System.out.println("NOW PASSING (remove from the known-failures list) " + name));
        assertThat(unexpected).as("cases failing that the known-failures list does not name").isEmpty();
        assertThat(nowPassing).as("known failures that pass now").isEmpty();
    }

    private static Outcome run(ConformanceCase c) {
        Outcome outcome = new Outcome();
        ExecutionResult result;
        try {
            StateMachine machine = DefinitionParser.parse(c.definition());
            result = execute(c, machine);
        } catch (RuntimeException e) {
            outcome.resultProblem = "threw " + e;
            return outcome;
        }
        outcome.resultProblem = RecordedOutcome.resultProblem(c, result);
        ExecutionProjection replayed = ExecutionProjection.of(result.history());
        if (outcome.resultProblem == null && !agrees(replayed, result)) {
            outcome.resultProblem = "the history replays to " + replayed.status() + " " + replayed.output()
                    + " " + replayed.error() + " instead of the execution's result";
        }
        List<String> expectedTypes = c.historyEventTypes();
        if (expectedTypes != null) {
            outcome.historyCompared = true;
            List<String> actualTypes = result.history().stream().map(HistoryEvent::type).collect(Collectors.toList());
            outcome.historyExact = expectedTypes.equals(actualTypes);
            outcome.historyProblem = RecordedOutcome.historyProblem(c, actualTypes);
        }
        return outcome;
    }

    private static ExecutionResult execute(ConformanceCase c, StateMachine machine) throws RuntimeException {
        Engine engine = new Engine(TaskHandlers.none(), EngineOptions.defaults().withRandomSource(() -> new SplittableRandom(7)));
        LocalExecutionLoop loop = new LocalExecutionLoop(START, 0);
        ExecutionInfo info = ExecutionInfo.of("us-east-1", "123456789012", "StateMachine-" + c.name().hashCode(),
                "execution-1", START, c.input());
        if (c.root().path("stateMachineType").asText().equals("EXPRESS")) {
            info = info.asExpress();
        }
        boolean stopAtFirstWait = c.externalActions().contains("StopExecution");
        Execution[] holder = new Execution[1];
        holder[0] = engine.start(machine, info, loop, event -> {
            if (stopAtFirstWait && event.type().equals("WaitStateEntered")) {
                holder[0].stop(null, null);
            }
        });
        try {
            loop.runUntil(() -> holder[0].status().isFinished());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return holder[0].result();
    }

    /**
     * The replayed history agrees with the result, and a succeeded execution, replayed up to just
     * before its last event, has no state left open: every entry was matched to its exit.
     */
    private static boolean agrees(ExecutionProjection replayed, ExecutionResult result) {
        List<HistoryEvent> history = result.history();
        if (result.status() == dev.statewright.interpreter.engine.ExecutionStatus.SUCCEEDED
                && !ExecutionProjection.of(history.subList(0, history.size() - 1)).openStates().isEmpty()) {
            return false;
        }
        return replayed.status() == result.status() && replayed.openStates().isEmpty()
                && java.util.Objects.equals(replayed.output(), result.output())
                && java.util.Objects.equals(replayed.error(), result.error())
                && java.util.Objects.equals(replayed.cause(), result.cause());
    }

    private static final class Outcome {
        String resultProblem;
        String historyProblem;
        boolean historyCompared;
        boolean historyExact;
    }
}
