package dev.statewright.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service "crashes" (its store stops taking writes, its threads are dropped) in the middle of
 * waits, Map iterations, retries and tasks; a new service on the same store resumes every
 * execution by replaying its journal. Each must end as an uninterrupted run would, with a history
 * that has no gap and no duplicate.
 */
class ResumeAfterCrashTest {
    private static final String SLOW = "arn:aws:lambda:us-east-1:123456789012:function:slow";
    private static final String FLAKY = "arn:aws:lambda:us-east-1:123456789012:function:flaky";

    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger slowCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private final MapDbStore realStore = MapDbStore.inMemory();
    private final List<StatewrightService> services = new ArrayList<>();

    private final TaskHandler slow = request -> {
        slowCalls.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        delays.schedule(() -> result.complete(Json.object().set("echo", request.input())), 300, TimeUnit.MILLISECONDS);
        return result;
    };

    /** Fails the first call for each input, then succeeds. */
    private final TaskHandler flaky = request -> {
        int call = flakyCalls.computeIfAbsent(request.input().toString(), k -> new AtomicInteger()).incrementAndGet();
        return call == 1 ? CompletableFuture.failedFuture(new StatesException("Flaky.Busy", "try again"))
                : CompletableFuture.completedFuture(Json.object().put("attempt", call));
    };

    private static final String WAITS = """
            {"StartAt": "Draw", "States": {
              "Draw": {"Type": "Pass", "Parameters": {"n": 1, "r.$": "States.MathRandom(1, 1000000000)", "id.$": "States.UUID()"}, "Next": "W1"},
              "W1": {"Type": "Wait", "Seconds": 1, "Next": "Add"},
              "Add": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)", "r.$": "$.r", "id.$": "$.id"}, "Next": "W2"},
              "W2": {"Type": "Wait", "Seconds": 1, "Next": "When"},
              "When": {"Type": "Pass", "Parameters": {"n.$": "$.n", "r.$": "$.r", "id.$": "$.id",
                "started.$": "$$.Execution.StartTime", "entered.$": "$$.State.EnteredTime"}, "End": true}}}
            """;
    private static final String MAP = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
              "ItemProcessor": {"StartAt": "W", "States": {
                "W": {"Type": "Wait", "Seconds": 1, "Next": "Up"},
                "Up": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, 10)"}, "End": true}}},
              "End": true}}}
            """;
    private static final String TASKS = """
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "S1", "States": {"S1": {"Type": "Task", "Resource": "%s", "Next": "S2"},
                                           "S2": {"Type": "Task", "Resource": "%s", "End": true}}},
              {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "%s", "End": true,
                "Retry": [{"ErrorEquals": ["Flaky.Busy"], "IntervalSeconds": 1, "MaxAttempts": 3}]}}}]}}}
            """.formatted(SLOW, SLOW, FLAKY);

    @AfterEach
    void closeEverything() {
        services.forEach(StatewrightService::close);
        realStore.close();
        delays.shutdownNow();
    }

    private StatewrightService startService(CrashableStore store) {
        TaskHandlers handlers = TaskHandlers.builder().resource(SLOW, slow).resource(FLAKY, flaky).build();
        StatewrightService service = StatewrightService.start(
                ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1.0), handlers, store);
        services.add(service);
        return service;
    }

    @Test
    void executionsCutOffMidWayFinishAfterARestartWithWholeHistories() throws Exception {
        CrashableStore first = new CrashableStore(realStore);
        StepFunctions before = startService(first).stepFunctions();
        String waits = create(before, "waits", WAITS);
        String map = create(before, "map", MAP);
        String tasks = create(before, "tasks", TASKS);
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            executions.add(before.startExecution(waits, "w" + i, "{}").join().arn());
            executions.add(before.startExecution(map, "m" + i, "{\"items\": [1, 2, 3, 4, 5]}").join().arn());
            executions.add(before.startExecution(tasks, "t" + i, "{\"k\": " + i + "}").join().arn());
        }
        Thread.sleep(1300); // into the second Wait, the second round of Map iterations, the retry interval
        first.crash();
        long runningAtCrash = realStore.runningExecutions().size();
        services.get(0).close();

        StatewrightService after = startService(new CrashableStore(realStore));
        assertThat(after.resumedExecutions()).isEqualTo((int) runningAtCrash).isPositive();
        StepFunctions service = after.stepFunctions();
        for (String arn : executions) {
            ExecutionRecord record = awaitEnd(service, arn);
            assertThat(record.status()).as("%s: %s %s", arn, record.error(), record.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            List<HistoryEvent> history = service.history(arn);
            assertWhole(arn, history);
            String machine = record.stateMachineName();
            ExecutionResult reference = referenceRun(record.definition(), record.input());
            if (machine.equals("map")) {
                assertThat(typeCounts(history)).as(arn).isEqualTo(typeCounts(reference.history()));
            } else if (machine.equals("tasks")) {
                assertThat(typeCounts(history)).as(arn).isEqualTo(typeCounts(reference.history()));
            } else {
                assertThat(types(history)).as(arn).isEqualTo(types(reference.history()));
            }
            JsonNode output = Json.parse(record.output());
            if (machine.equals("waits")) {
                // Replay drew the same random numbers as the run before the crash.
                JsonNode drawn = history.stream().filter(e -> e.type().equals("PassStateExited")).findFirst()
                        .orElseThrow().details().get("output");
                assertThat(output.get("r")).isEqualTo(drawn.get("r"));
                assertThat(output.get("id")).isEqualTo(drawn.get("id"));
                assertThat(output.get("n").asInt()).isEqualTo(2);
                // The replay ran at the journaled times, not at the restart's: the start is the stored one.
                String started = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC).format(history.get(0).timestamp());
                assertThat(output.get("started").asText()).isEqualTo(started);
                assertThat(java.time.Instant.parse(output.get("entered").asText()))
                        .isBefore(history.get(history.size() - 1).timestamp().plusMillis(1));
            } else if (machine.equals("map")) {
                assertThat(output).isEqualTo(Json.parse("[{\"v\":11},{\"v\":12},{\"v\":13},{\"v\":14},{\"v\":15}]"));
            } else {
                assertThat(output.get(0).get("echo").get("echo")).isEqualTo(Json.parse(record.input()));
                assertThat(output.get(1).get("attempt").asInt()).isGreaterThanOrEqualTo(2);
            }
        }
        assertThat(slowCalls.get()).as("each slow task at least once").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aMockTestCaseKeepsCountingItsInvocationsAcrossARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path mocks = java.nio.file.Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines": {"counted": {"TestCases": {"ThirdTime": {"Try": "FailTwice"}}}},
                 "MockedResponses": {"FailTwice": {"0-1": {"Throw": {"Error": "Busy", "Cause": "again"}},
                                                   "2": {"Return": {"done": true}}}}}
                """);
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1.0)
                .withMockConfig(mocks);
        CrashableStore first = new CrashableStore(realStore);
        StatewrightService before = StatewrightService.start(config, null, first);
        services.add(before);
        String machine = create(before.stepFunctions(), "counted", """
                {"StartAt": "Try", "States": {"Try": {"Type": "Task", "Resource": "%s",
                  "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 1, "BackoffRate": 1, "MaxAttempts": 3}],
                  "End": true}}}
                """.formatted(SLOW));
        String arn = before.stepFunctions().startExecution(machine + "#ThirdTime", "m1", "{}").join().arn();
        Thread.sleep(1500); // after the second failure, in the second retry interval
        first.crash();
        before.close();

        StatewrightService after = StatewrightService.start(config, null, new CrashableStore(realStore));
        services.add(after);
        ExecutionRecord record = awaitEnd(after.stepFunctions(), arn);
        assertThat(record.status()).as("%s %s", record.error(), record.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(record.output())).isEqualTo(Json.parse("{\"done\": true}"));
        assertThat(after.stepFunctions().history(arn).stream().filter(e -> e.type().equals("LambdaFunctionFailed")).count())
                .as("exactly the two mocked failures").isEqualTo(2);
    }

    @Test
    void anActivityAWorkerTookBeforeACrashStaysWithThatWorkerAfterIt() throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withActivityPollTimeout(Duration.ofMillis(300));
        CrashableStore first = new CrashableStore(realStore);
        StatewrightService before = StatewrightService.start(config, null, first);
        services.add(before);
        String activity = before.activities().create("pack", Map.of()).arn();
        String machine = create(before.stepFunctions(), "packing", """
                {"StartAt": "Pack", "States": {"Pack": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(activity));
        String arn = before.stepFunctions().startExecution(machine, "e", "{\"items\": 1}").join().arn();
        String token = before.activities().nextTask(activity, "worker-1").get(10, TimeUnit.SECONDS).get("taskToken").asText();
        for (int i = 0; i < 200 && before.stepFunctions().history(arn).stream()
                .noneMatch(e -> e.type().equals("ActivityStarted")); i++) {
            Thread.sleep(10);
        }
        first.crash();
        before.close();

        StatewrightService after = StatewrightService.start(config, null, new CrashableStore(realStore));
        services.add(after);
        JsonNode secondPoll = after.activities().nextTask(activity, "worker-2").get(10, TimeUnit.SECONDS);
        assertThat(secondPoll.has("taskToken")).as("the task is not handed to a second worker").isFalse();
        try (var sfn = dev.statewright.api.SfnTestClients.client(after.port())) {
            sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"boxes\": 1}")); // the first worker answers
        }
        ExecutionRecord ended = awaitEnd(after.stepFunctions(), arn);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(ended.output())).isEqualTo(Json.parse("{\"boxes\": 1}"));
        assertThat(after.stepFunctions().history(arn)).extracting(HistoryEvent::type)
                .containsOnlyOnce("ActivityStarted");
    }

    @Test
    void timeoutsSetAmongSkippedWaitsReplayAfterACrash() throws Exception {
        // Timeouts keep real time and Waits are scaled, but the journal names timers by one sequence.
        String gate = "arn:aws:lambda:us-east-1:123456789012:function:gate";
        java.util.concurrent.BlockingQueue<CompletableFuture<JsonNode>> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        TaskHandlers handlers = TaskHandlers.builder().resource(gate, request -> {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            calls.add(answer);
            return answer;
        }).build();
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0);
        CrashableStore first = new CrashableStore(realStore);
        StatewrightService before = StatewrightService.start(config, handlers, first);
        services.add(before);
        String machine = create(before.stepFunctions(), "gated", """
                {"TimeoutSeconds": 120, "StartAt": "Open", "States": {
                  "Open": {"Type": "Task", "Resource": "%1$s", "TimeoutSeconds": 60, "HeartbeatSeconds": 30, "Next": "Park"},
                  "Park": {"Type": "Wait", "Seconds": 3600, "Next": "Close"},
                  "Close": {"Type": "Task", "Resource": "%1$s", "TimeoutSeconds": 60, "End": true}}}
                """.formatted(gate));
        String arn = before.stepFunctions().startExecution(machine, "g", "{}").join().arn();
        CompletableFuture<JsonNode> open = calls.poll(10, TimeUnit.SECONDS);
        assertThat(open).as("the first task is called").isNotNull();
        open.complete(Json.parse("\"opened\""));
        assertThat(calls.poll(10, TimeUnit.SECONDS)).as("the second task is called, past the skipped Wait").isNotNull();
        first.crash();
        before.close();

        StatewrightService after = StatewrightService.start(config, handlers, new CrashableStore(realStore));
        services.add(after);
        assertThat(after.resumedExecutions()).isEqualTo(1);
        CompletableFuture<JsonNode> close = calls.poll(10, TimeUnit.SECONDS);
        assertThat(close).as("the second task is sent again after the restart").isNotNull();
        close.complete(Json.parse("\"closed\""));
        ExecutionRecord record = awaitEnd(after.stepFunctions(), arn);
        assertThat(record.status()).as("%s %s", record.error(), record.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(record.output())).isEqualTo(Json.parse("\"closed\""));
        List<HistoryEvent> history = after.stepFunctions().history(arn);
        assertWhole(arn, history);
        assertThat(types(history)).containsSubsequence("LambdaFunctionSucceeded", "WaitStateExited",
                "LambdaFunctionScheduled", "LambdaFunctionSucceeded", "ExecutionSucceeded");
    }

    /** A task the test answers: the call's input and the answer the test completes. */
    private record GateCall(JsonNode input, CompletableFuture<JsonNode> answer) {
        String key() {
            return input.path("key").asText();
        }
    }

    private static final String GATE = "arn:aws:lambda:us-east-1:123456789012:function:gate";
    private static final String REDRIVEN_PARALLEL = """
            {"StartAt": "Both", "States": {
              "Both": {"Type": "Parallel", "Next": "After", "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s", "Parameters": {"key": "a"}, "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s", "Parameters": {"key": "b"}, "End": true}}}]},
              "After": {"Type": "Task", "Resource": "%1$s", "Parameters": {"key": "after", "count.$": "$$.Execution.RedriveCount"},
                "End": true}}}
            """.formatted(GATE);

    private static GateCall next(java.util.concurrent.BlockingQueue<GateCall> calls, String key) throws InterruptedException {
        GateCall call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a call of " + key).isNotNull();
        assertThat(call.key()).isEqualTo(key);
        return call;
    }

    /** Runs REDRIVEN_PARALLEL until it fails in branch B (A succeeded); returns its ARN. */
    private static String failInBranchB(StepFunctions service, java.util.concurrent.BlockingQueue<GateCall> calls)
            throws InterruptedException {
        String machine = create(service, "redriven", REDRIVEN_PARALLEL);
        String arn = service.startExecution(machine, "r", "{}").join().arn();
        GateCall first = calls.poll(10, TimeUnit.SECONDS);
        GateCall second = calls.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        GateCall a = first.key().equals("a") ? first : second;
        GateCall b = first.key().equals("a") ? second : first;
        a.answer().complete(Json.NODES.textNode("a-done"));
        assertThat(awaitCalled(service, arn, "LambdaFunctionSucceeded")).isTrue();
        b.answer().completeExceptionally(new StatesException("B.Broken", "b broke"));
        assertThat(awaitEnd(service, arn).status()).isEqualTo(ExecutionStatus.FAILED);
        return arn;
    }

    private static boolean awaitCalled(StepFunctions service, String arn, String type) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (service.history(arn).stream().anyMatch(e -> e.type().equals(type))) {
                return true;
            }
            Thread.sleep(10); // polling the stored history
        }
        return false;
    }

    private StatewrightService startGated(java.util.concurrent.BlockingQueue<GateCall> calls, CrashableStore store) {
        TaskHandlers handlers = TaskHandlers.builder().resource(GATE, request -> {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            calls.add(new GateCall(request.input(), answer));
            return answer;
        }).build();
        StatewrightService service = StatewrightService.start(
                ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0), handlers, store);
        services.add(service);
        return service;
    }

    @Test
    void aRedrivenExecutionCutOffMidWayFinishesAfterARestart() throws Exception {
        java.util.concurrent.BlockingQueue<GateCall> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        CrashableStore first = new CrashableStore(realStore);
        StepFunctions before = startGated(calls, first).stepFunctions();
        String arn = failInBranchB(before, calls);
        int failedEvents = before.history(arn).size();

        before.redrive().redrive(arn, null).join();
        next(calls, "b"); // only the failed branch runs again; the crash comes before it answers
        first.crash();
        services.get(0).close();

        StatewrightService after = startGated(calls, new CrashableStore(realStore));
        assertThat(after.resumedExecutions()).isEqualTo(1);
        next(calls, "b").answer().complete(Json.NODES.textNode("b-done")); // sent again after the restart
        GateCall last = next(calls, "after");
        assertThat(last.input().get("count").asInt()).isEqualTo(1);
        last.answer().complete(Json.NODES.textNode("all-done"));
        ExecutionRecord record = awaitEnd(after.stepFunctions(), arn);

        assertThat(record.status()).as("%s %s", record.error(), record.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(record.redrives().count()).isEqualTo(1);
        assertThat(Json.parse(record.output())).isEqualTo(Json.NODES.textNode("all-done"));
        List<HistoryEvent> history = after.stepFunctions().history(arn);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).isEqualTo(i + 1L);
        }
        assertThat(types(history.subList(failedEvents, history.size()))).containsExactly("ExecutionRedriven",
                "ParallelStateEntered", "ParallelStateStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ParallelStateExited",
                "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "ExecutionSucceeded");
        assertThat(calls).isEmpty();
    }

    @Test
    void aRedriveThatWasNotStoredBeforeACrashLeavesTheExecutionAsItEnded() throws Exception {
        java.util.concurrent.BlockingQueue<GateCall> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        CrashableStore first = new CrashableStore(realStore);
        StepFunctions before = startGated(calls, first).stepFunctions();
        String arn = failInBranchB(before, calls);
        List<HistoryEvent> failedHistory = before.history(arn);

        first.crash();
        CompletableFuture<Instant> lost = before.redrive().redrive(arn, "t1");
        assertThat(before.describeExecution(arn).status()).as("asked, not begun").isEqualTo(ExecutionStatus.PENDING_REDRIVE);
        services.get(0).close();
        assertThat(lost).isNotDone();

        StatewrightService after = startGated(calls, new CrashableStore(realStore));
        assertThat(after.resumedExecutions()).isZero();
        ExecutionRecord record = after.stepFunctions().describeExecution(arn);
        assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(record.redrives().count()).isZero();
        assertThat(after.stepFunctions().history(arn)).isEqualTo(failedHistory);

        after.stepFunctions().redrive().redrive(arn, "t1").join(); // the client's retry
        next(calls, "b").answer().complete(Json.NODES.textNode("b-done"));
        next(calls, "after").answer().complete(Json.NODES.textNode("all-done"));
        assertThat(awaitEnd(after.stepFunctions(), arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(after.stepFunctions().describeExecution(arn).redrives().count()).isEqualTo(1);
    }

    private static String create(StepFunctions service, String name, String definition) {
        return service.createStateMachine(name, definition, "arn:aws:iam::123456789012:role/r", StateMachineType.STANDARD,
                Map.of()).arn();
    }

    private static ExecutionRecord awaitEnd(StepFunctions service, String arn) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            ExecutionRecord record = service.describeExecution(arn);
            if (record.status().isFinished()) {
                return record;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(arn + " did not finish");
    }

    /** Ids 1..n without a gap, each previous id earlier, one start and one end, at the end. */
    static void assertWhole(String arn, List<HistoryEvent> history) {
        for (int i = 0; i < history.size(); i++) {
            HistoryEvent event = history.get(i);
            assertThat(event.id()).as("%s event %d", arn, i).isEqualTo(i + 1L);
            assertThat(event.previousEventId()).as("%s event %d", arn, event.id()).isLessThan(event.id());
        }
        assertThat(history.get(0).type()).isEqualTo("ExecutionStarted");
        assertThat(history.stream().filter(e -> e.type().startsWith("Execution")).count()).as(arn).isEqualTo(2);
        assertThat(history.get(history.size() - 1).type()).startsWith("Execution");
    }

    private ExecutionResult referenceRun(String definition, String input) {
        TaskHandlers handlers = TaskHandlers.builder()
                .resource(SLOW, request -> CompletableFuture.completedFuture(Json.object().set("echo", request.input())))
                .resource(FLAKY, new TaskHandler() {
                    private int calls;

                    @Override
                    public java.util.concurrent.CompletionStage<JsonNode> invoke(dev.statewright.interpreter.engine.TaskRequest request) {
                        return ++calls == 1 ? CompletableFuture.failedFuture(new StatesException("Flaky.Busy", "try again"))
                                : CompletableFuture.completedFuture(Json.object().put("attempt", calls));
                    }
                }).build();
        return new Engine(handlers).run(DefinitionParser.parse(definition), Json.parse(input));
    }

    private static List<String> types(List<HistoryEvent> history) {
        return history.stream().map(HistoryEvent::type).collect(Collectors.toList());
    }

    private static Map<String, Long> typeCounts(List<HistoryEvent> history) {
        return history.stream().collect(Collectors.groupingBy(HistoryEvent::type, java.util.TreeMap::new, Collectors.counting()));
    }
}
