package dev.statewright.interpreter.replay;

import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.Execution;
import dev.statewright.interpreter.engine.ExecutionInfo;
import dev.statewright.interpreter.engine.ExecutionProjection;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.LocalExecutionLoop;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The history alone tells where an execution stands and how it ended. */
class ExecutionProjectionTest {
    private static final StateMachine WAIT_THEN_PASS = DefinitionParser.parse("""
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Pass", "Result": {"ready": true}, "ResultPath": "$.prep", "Next": "Hold"},
              "Hold": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
              "Done": {"Type": "Pass", "End": true}}}
            """);

    @Test
    void aRunningExecutionsHistoryShowsTheStateItWaitsInWithItsInput() throws InterruptedException {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        LocalExecutionLoop loop = new LocalExecutionLoop(start, 0);
        List<HistoryEvent> seen = new ArrayList<>();
        Execution execution = new Engine(TaskHandlers.none()).start(WAIT_THEN_PASS,
                ExecutionInfo.of("us-east-1", "123456789012", "m", "e", start, Json.parse("{\"id\": 7}")), loop, seen::add);
        loop.runUntil(() -> seen.stream().anyMatch(event -> event.type().equals("WaitStateEntered")));

        ExecutionProjection projection = ExecutionProjection.of(seen);

        assertThat(projection.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(projection.input()).isEqualTo(Json.parse("{\"id\": 7}"));
        assertThat(projection.openStates().values()).singleElement().satisfies(open -> {
            assertThat(open.name()).isEqualTo("Hold");
            assertThat(open.type()).isEqualTo("Wait");
            assertThat(open.input()).isEqualTo(Json.parse("{\"id\": 7, \"prep\": {\"ready\": true}}"));
        });
        loop.runUntil(() -> execution.status().isFinished());
        assertThat(ExecutionProjection.of(execution.result().history()).openStates()).isEmpty();
    }

    @Test
    void concurrentMapIterationsEachShowTheirOpenState() throws InterruptedException {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2,
                  "ItemProcessor": {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}},
                  "End": true}}}
                """);
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        LocalExecutionLoop loop = new LocalExecutionLoop(start, 0);
        List<HistoryEvent> seen = new ArrayList<>();
        new Engine(TaskHandlers.none()).start(machine,
                ExecutionInfo.of("us-east-1", "123456789012", "m", "e", start, Json.parse("[\"a\", \"b\", \"c\"]")),
                loop, seen::add);
        loop.runUntil(() -> seen.stream().filter(event -> event.type().equals("WaitStateEntered")).count() == 2);

        ExecutionProjection projection = ExecutionProjection.of(seen);

        assertThat(projection.openStates().values()).extracting(ExecutionProjection.OpenState::name)
                .containsExactlyInAnyOrder("Each", "Hold", "Hold");
        assertThat(projection.openStates().values()).filteredOn(open -> open.name().equals("Hold"))
                .extracting(open -> open.input().asText()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aCaughtMapFailureLeavesNoIterationOpen() {
        ExecutionResult result = new Engine(TaskHandlers.none()).run(DefinitionParser.parse("""
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}],
                    "ItemProcessor": {"StartAt": "Check", "States": {
                      "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Boom"}], "Default": "Hold"},
                      "Hold": {"Type": "Wait", "Seconds": 60, "End": true},
                      "Boom": {"Type": "Fail", "Error": "Bad"}}},
                    "Next": "Recover"},
                  "Recover": {"Type": "Wait", "Seconds": 5, "End": true}}}
                """), Json.parse("[1, 2, 3]"));
        List<HistoryEvent> history = result.history();
        int recoverEntered = 0;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).type().equals("WaitStateEntered")
                    && history.get(i).details().get("name").asText().equals("Recover")) {
                recoverEntered = i + 1;
            }
        }

        ExecutionProjection projection = ExecutionProjection.of(history.subList(0, recoverEntered));

        assertThat(projection.openStates().values()).extracting(ExecutionProjection.OpenState::name)
                .containsExactly("Recover");
    }

    @Test
    void aFinishedHistoryReplaysToTheSameResult() {
        ExecutionResult result = new Engine(TaskHandlers.none()).run(WAIT_THEN_PASS, Json.parse("{}"));

        ExecutionProjection projection = ExecutionProjection.of(result.history());

        assertThat(projection.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(projection.output()).isEqualTo(result.output());
        assertThat(projection.lastEventId()).isEqualTo(result.history().size());
    }

    @Test
    void aFailedHistoryReplaysItsErrorAndCause() {
        ExecutionResult result = new Engine(TaskHandlers.none()).run(DefinitionParser.parse("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
                """), Json.parse("{}"));

        ExecutionProjection projection = ExecutionProjection.of(result.history());

        assertThat(projection.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(projection.error()).isEqualTo("E");
        assertThat(projection.cause()).isEqualTo("C");
    }
}
