package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Distributed Map's run as the engine reports it to its {@link MapRunListener}, and UpdateMapRun
 * applied to it while it runs: items parked in a task the test answers, so what is in flight is
 * the tasks not yet answered.
 */
@Timeout(20)
class MapRunUpdateTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String PARK = "arn:aws:lambda:us-east-1:123456789012:function:park";

    private final List<CompletableFuture<JsonNode>> tasks = new ArrayList<>();
    private final Map<String, MapRunProgress> latest = new LinkedHashMap<>();
    private final LocalExecutionLoop loop = new LocalExecutionLoop(START, 0);
    private Execution execution;

    private void start(String mapSettings, String processorMode, int items) {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "Label": "Each", %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "%s", "ExecutionType": "STANDARD"},
                    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}},
                  "End": true}}}
                """.formatted(mapSettings, processorMode, PARK));
        TaskHandlers handlers = TaskHandlers.builder().resource(PARK, request -> {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            tasks.add(answer);
            return answer;
        }).build();
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < items; i++) {
            input.append(i == 0 ? "" : ",").append(i);
        }
        ExecutionInfo info = ExecutionInfo.of("us-east-1", "123456789012", "Machine", "run-1", START,
                Json.parse(input.append("]").toString()));
        execution = new Engine(handlers).startKeepingNoHistory(machine, info, loop, event -> {
        }, new MapRunListener() {
            @Override
            public void changed(String arn, java.util.function.Supplier<MapRunProgress> progress) {
                latest.put(arn, progress.get());
            }

            @Override
            public void childChanged(MapRunChild child) {
                childChanges.add(child);
            }
        });
    }

    private final List<MapRunChild> childChanges = new ArrayList<>();

    @Test
    void aChildWhoseFailureFailsTheRunIsToldAsFailedAndTheOthersAsAborted() throws InterruptedException {
        start("\"MaxConcurrency\": 2,", "DISTRIBUTED", 3);
        loop.runUntil(() -> tasks.size() == 2);
        tasks.get(0).completeExceptionally(new dev.statewright.interpreter.StatesException("Bad", "item 0"));
        loop.runUntil(() -> childChanges.size() == 4);
        assertThat(childChanges.subList(2, 4)).extracting(MapRunChild::index, MapRunChild::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, ExecutionStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple(1, ExecutionStatus.ABORTED));
        assertThat(childChanges.get(2).error()).isEqualTo("Bad");
    }

    @Test
    void eachChildExecutionIsToldWhenItStartsAndWhenItEnds() throws InterruptedException {
        start("\"MaxConcurrency\": 2, \"ToleratedFailureCount\": 1,", "DISTRIBUTED", 3);
        loop.runUntil(() -> tasks.size() == 2);
        assertThat(childChanges).extracting(MapRunChild::index, MapRunChild::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, ExecutionStatus.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(1, ExecutionStatus.RUNNING));
        MapRunChild first = childChanges.get(0);
        String mapRunArn = run().mapRunArn();
        assertThat(first.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(first.executionArn()).isEqualTo(mapRunArn.substring(0, mapRunArn.lastIndexOf(':'))
                .replace(":mapRun:", ":execution:") + ":" + first.name());
        assertThat(first.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:Machine/Each");
        assertThat(first.input()).isEqualTo(Json.parse("0"));
        assertThat(first.startDate()).isEqualTo(START);

        tasks.get(0).complete(Json.parse("\"done\""));
        tasks.get(1).completeExceptionally(new dev.statewright.interpreter.StatesException("Bad", "item 1"));
        loop.runUntil(() -> tasks.size() == 3);
        tasks.get(2).complete(Json.parse("2"));
        loop.runUntil(() -> childChanges.size() == 6);

        MapRunChild succeeded = childChanges.stream().filter(c -> c.index() == 0 && c.status() == ExecutionStatus.SUCCEEDED)
                .findFirst().orElseThrow();
        assertThat(succeeded.name()).isEqualTo(first.name());
        assertThat(succeeded.output()).isEqualTo(Json.parse("\"done\""));
        assertThat(succeeded.stopDate()).isNotNull();
        MapRunChild failed = childChanges.stream().filter(c -> c.index() == 1 && c.status() == ExecutionStatus.FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.error()).isEqualTo("Bad");
        assertThat(failed.cause()).isEqualTo("item 1");
        assertThat(failed.output()).isNull();
        assertThat(childChanges.stream().map(MapRunChild::name).distinct()).hasSize(3);
    }

    private MapRunProgress run() {
        assertThat(latest).hasSize(1);
        return latest.values().iterator().next();
    }

    private long inFlight() {
        return tasks.stream().filter(task -> !task.isDone()).count();
    }

    @Test
    void aRaisedMaxConcurrencyStartsMoreItemsAndALowerOneStartsNoneUntilFewerRun() throws InterruptedException {
        start("\"MaxConcurrency\": 2,", "DISTRIBUTED", 8);
        loop.runUntil(() -> tasks.size() == 2);
        MapRunProgress first = run();
        assertThat(first.mapRunArn()).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:Machine/Each:");
        assertThat(first.executionArn()).isEqualTo(execution.info().executionArn());
        assertThat(first.status()).isEqualTo(MapRunStatus.RUNNING);
        assertThat(first.startDate()).isEqualTo(START);
        assertThat(first.counts()).isEqualTo(new MapRunProgress.Counts(6, 2, 0, 0, 0, 8));

        execution.updateMapRun(first.mapRunArn(), new MapRunUpdate(5, null, null));
        loop.runUntil(() -> tasks.size() == 5);
        assertThat(inFlight()).isEqualTo(5);
        assertThat(run().maxConcurrency()).isEqualTo(5);
        assertThat(run().counts()).isEqualTo(new MapRunProgress.Counts(3, 5, 0, 0, 0, 8));

        execution.updateMapRun(first.mapRunArn(), new MapRunUpdate(1, null, null));
        for (int i = 0; i < 4; i++) {
            tasks.get(i).complete(Json.object());
        }
        loop.runUntil(() -> run().counts().succeeded() == 4);
        assertThat(tasks).hasSize(5); // one still runs: no room for another
        tasks.get(4).complete(Json.object());
        loop.runUntil(() -> tasks.size() == 6);
        assertThat(run().counts()).isEqualTo(new MapRunProgress.Counts(2, 1, 5, 0, 0, 8));

        for (int next = 5; next < 8; next++) {
            int index = next;
            loop.runUntil(() -> tasks.size() > index);
            tasks.get(index).complete(Json.object());
        }
        loop.runUntil(() -> execution.status().isFinished());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run().status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(run().stopDate()).isNotNull();
        assertThat(run().counts()).isEqualTo(new MapRunProgress.Counts(0, 0, 8, 0, 0, 8));
    }

    @Test
    void aToleranceTheFailuresAlreadyExceedFailsTheRunAtOnce() throws InterruptedException {
        start("\"ToleratedFailureCount\": 2,", "DISTRIBUTED", 6);
        loop.runUntil(() -> tasks.size() == 6);
        tasks.get(0).completeExceptionally(new StatesException("Item.Bad", "bad"));
        loop.runUntil(() -> run().counts().failed() == 1);
        assertThat(run().status()).isEqualTo(MapRunStatus.RUNNING);

        execution.updateMapRun(run().mapRunArn(), new MapRunUpdate(null, 0, null));
        loop.runUntil(() -> execution.status().isFinished());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.result().error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(run().status()).isEqualTo(MapRunStatus.FAILED);
        assertThat(run().toleratedFailureCount()).isZero();
        assertThat(run().counts()).isEqualTo(new MapRunProgress.Counts(0, 0, 0, 1, 5, 6));
        assertThat(tasks.subList(1, 6)).allMatch(CompletableFuture::isCancelled); // the aborted items' tasks are given up
    }

    @Test
    void anInlineMapHasNoMapRun() throws InterruptedException {
        start("\"MaxConcurrency\": 1,", "INLINE", 2);
        loop.runUntil(() -> tasks.size() == 1);
        tasks.get(0).complete(Json.object());
        loop.runUntil(() -> tasks.size() == 2);
        tasks.get(1).complete(Json.object());
        loop.runUntil(() -> execution.status().isFinished());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(latest).isEmpty();
    }
}
