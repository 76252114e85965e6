package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input and misbehaving handlers end as failed executions with clear causes, never as exceptions. */
class RobustnessTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:work";

    private static ExecutionResult run(String definition, String input, TaskHandler handler) {
        TaskHandlers handlers = handler == null ? TaskHandlers.none() : TaskHandlers.builder().resource(ARN, handler).build();
        return new Engine(handlers).run(DefinitionParser.parse(definition), Json.parse(input));
    }

    private static ExecutionResult run(String definition, String input) {
        return run(definition, input, null);
    }

    @Test
    void intrinsicArgumentsTooLargeForAnIntegerFailWithIntrinsicFailure() {
        ExecutionResult result = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a.$": "States.MathAdd($.n, 1)"}, "End": true}}}
                """, "{\"n\": 1e30}");
        assertThat(result.error()).isEqualTo("States.IntrinsicFailure");

        ExecutionResult range = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass",
                  "Parameters": {"a.$": "States.ArrayRange(-9000000000000000000, 9000000000000000000, 10000000000000000)"}, "End": true}}}
                """, "{}");
        assertThat(range.error()).isEqualTo("States.IntrinsicFailure");
    }

    @Test
    void anAbsurdlyLongWaitFailsAsTooLongInsteadOfOverflowing() {
        ExecutionResult result = run("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}
                """, "{\"s\": 9223372036854775807}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).endsWith("Wait state delay is too long.");
    }

    @Test
    void contextPathsWorkInEveryPathField() {
        ExecutionResult result = run("""
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "ItemsPath": "$$.Execution.Input.items",
                    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "W"},
                  "W": {"Type": "Wait", "SecondsPath": "$$.Execution.Input.pause", "End": true}}}
                """, "{\"items\": [1, 2], \"pause\": 5}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[1, 2]"));
    }

    @Test
    void aMissingTimeoutSecondsPathFailsWithAwsInvalidPathCause() {
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSecondsPath": "$.nope", "End": true}}}
                """.formatted(ARN), "{}", request -> CompletableFuture.completedFuture(request.input()));
        assertThat(result.cause()).isEqualTo("An error occurred while executing the state 'T' (entered at the event id #2). "
                + "Invalid path '$.nope' : No results for path: $['nope']");
    }

    @Test
    void bothToleratedFailureLimitsMustHold() {
        ExecutionResult result = run("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ToleratedFailureCount": 0, "ToleratedFailurePercentage": 50,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "F"}], "Default": "P"},
                    "F": {"Type": "Fail", "Error": "Bad"},
                    "P": {"Type": "Pass", "End": true}}}, "End": true}}}
                """, "[0, 1, 2, 3]");
        assertThat(result.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void anItemSelectorFailureAbortsTheIterationsAlreadyRunning() {
        ExecutionResult result = run("""
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "MaxConcurrency": 2,
                    "ItemSelector": {"x.$": "States.ArrayGetItem($$.Map.Item.Value, 0)"},
                    "ItemProcessor": {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "End": true},
                  "Done": {"Type": "Pass", "End": true}}}
                """, "[[1], [2], []]");
        List<String> types = result.history().stream().map(HistoryEvent::type).collect(Collectors.toList());
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(types).containsSubsequence("WaitStateAborted", "MapIterationAborted", "MapStateFailed", "MapStateExited");
    }

    @Test
    @Timeout(10) // a bound against the old exponential matcher, not a speed measure
    void stringMatchesStaysLinearOnPathologicalPatterns() {
        ExecutionResult result = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice",
                  "Choices": [{"Variable": "$", "StringMatches": "*a*a*a*a*a*a*a*a*a*a*b", "Next": "Yes"}], "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": "yes", "End": true}, "No": {"Type": "Pass", "Result": "no", "End": true}}}
                """, "\"" + "a".repeat(64) + "\"");
        assertThat(result.output()).isEqualTo(Json.parse("\"no\""));
    }

    @Test
    void aHandlerThatReturnsNoStageFailsTheTask() {
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(ARN), "{}", request -> null);
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).contains("returned no CompletionStage");
    }

    @Test
    void aHandlerThatThrowsFailsTheTaskWithItsMessage() {
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(ARN), "{}", request -> {
                    throw new IllegalStateException("database down");
                });
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).isEqualTo("IllegalStateException: database down");
    }

    @Test
    void aHandlerChangingItsInputChangesNothingInTheEngine() {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "Parameters": {"k": 1}, "ResultPath": null, "End": true}}}
                """.formatted(ARN));
        Engine engine = new Engine(TaskHandlers.builder().resource(ARN, request -> {
            ((ObjectNode) request.input()).put("mutated", true);
            return CompletableFuture.completedFuture(request.input());
        }).build());

        ExecutionResult first = engine.run(machine, Json.parse("{}"));
        ExecutionResult second = engine.run(machine, Json.parse("{}"));

        assertThat(first.output()).isEqualTo(Json.parse("{}"));
        assertThat(second.history().get(2).details().get("input")).isEqualTo(Json.parse("{\"k\": 1}"));
    }

    @Test
    void theCallerKeepsItsOwnInput() {
        ObjectNode input = Json.object().put("a", 1);
        ExecutionResult result = new Engine(TaskHandlers.none()).run(DefinitionParser.parse("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 2, "ResultPath": "$.b", "End": true}}}
                """), input);
        input.put("a", 99);
        assertThat(result.output()).isEqualTo(Json.parse("{\"a\": 1, \"b\": 2}"));
    }

    @Test
    @Timeout(20) // a bound against hanging, not a speed measure
    void heartbeatsDoNotHoldOffTheTaskTimeout() {
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        try {
            ExecutionResult result = run("""
                    {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 2, "HeartbeatSeconds": 1, "End": true}}}
                    """.formatted(ARN), "{}", request -> {
                        worker.scheduleAtFixedRate(request.heartbeat(), 300, 300, TimeUnit.MILLISECONDS);
                        return new CompletableFuture<JsonNode>();
                    });
            assertThat(result.error()).isEqualTo("States.Timeout");
            HistoryEvent started = result.history().get(3);
            HistoryEvent timedOut = result.history().get(4);
            assertThat(timedOut.type()).isEqualTo("LambdaFunctionTimedOut");
            assertThat(Duration.between(started.timestamp(), timedOut.timestamp())).isEqualTo(Duration.ofSeconds(2));
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void anInterruptedRunEndsAborted() throws InterruptedException {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(ARN));
        java.util.concurrent.CountDownLatch taskCalled = new java.util.concurrent.CountDownLatch(1);
        Engine engine = new Engine(TaskHandlers.builder().resource(ARN, request -> {
            taskCalled.countDown();
            return new CompletableFuture<>();
        }).build());
        ExecutionResult[] result = new ExecutionResult[1];
        Thread runner = new Thread(() -> result[0] = engine.run(machine, Json.parse("{}")));
        runner.start();
        taskCalled.await();
        runner.interrupt();
        runner.join(5_000);

        assertThat(result[0].status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(result[0].history().get(result[0].history().size() - 1).type()).isEqualTo("ExecutionAborted");
    }

    @Test
    void aRunawayLoopStopsAtTheHistoryLimit() {
        Engine engine = new Engine(TaskHandlers.none(), EngineOptions.defaults().withMaxHistoryEvents(1_000));
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}
                """), Json.parse("{}"));
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.history()).hasSize(1_000);
        assertThat(result.cause()).isEqualTo("The execution reached the limit of 1000 history events.");
    }

    @Test
    void aStateOutputOverTheLimitIsNotRetried() {
        int[] calls = {0};
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "ResultPath": "$.r",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}], "End": true},
                  "C": {"Type": "Pass", "End": true}}}
                """.formatted(ARN), Json.write(Json.object().put("pad", "p".repeat(100 * 1024))), request -> {
                    calls[0]++;
                    return CompletableFuture.completedFuture(Json.NODES.textNode("r".repeat(200 * 1024)));
                });
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void aVariableThatWasNeverAssignedFailsNamingIt() {
        ExecutionResult result = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$answer"}, "End": true}}}
                """, "{}");
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("'$answer' is not defined");
    }
}
