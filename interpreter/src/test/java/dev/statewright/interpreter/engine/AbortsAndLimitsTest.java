package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.statewright.interpreter.engine.Histories.*;
import static org.assertj.core.api.Assertions.assertThat;

/** What AWS records when branches are cut short, and how oversized payloads fail. */
class AbortsAndLimitsTest {
    private static final String FAIL_ARN = "arn:aws:lambda:us-east-1:123456789012:function:fail";
    private static final String HANG_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hang";
    private static final String BIG_ARN = "arn:aws:states:::lambda:invoke";

    private final Engine engine = new Engine(TaskHandlers.builder()
            .resource(FAIL_ARN, request -> CompletableFuture.failedFuture(new StatesException("Broken", "it broke")))
            .resource(HANG_ARN, request -> new CompletableFuture<>())
            .resource(BIG_ARN, request -> CompletableFuture.completedFuture(Json.NODES.textNode("a".repeat(257 * 1024))))
            .build());

    @Test
    void aFailedIterationAbortsTheRunningOnesThenItsOwnTask() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                  "ItemProcessor": {"StartAt": "Route", "States": {
                    "Route": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "Call"}], "Default": "Hold"},
                    "Call": {"Type": "Task", "Resource": "%s", "End": true},
                    "Hold": {"Type": "Wait", "Seconds": 60, "End": true}}}}}}
                """.formatted(FAIL_ARN)), Json.parse("[0, 1, 2]"));

        List<String> types = types(result);
        assertThat(result.error()).isEqualTo("Broken");
        assertThat(types.subList(types.indexOf("MapIterationFailed"), types.size())).containsExactly(
                "MapIterationFailed",
                "WaitStateAborted", "MapIterationAborted",
                "WaitStateAborted", "MapIterationAborted",
                "TaskStateAborted", "MapStateFailed", "ExecutionFailed");
    }

    @Test
    void aFailedParallelBranchAbortsItsSiblingAndItsOwnTask() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}},
                  {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "%s", "End": true}}}]}}}
                """.formatted(FAIL_ARN, HANG_ARN)), Json.parse("{}"));

        List<String> types = types(result);
        assertThat(types.subList(types.indexOf("LambdaFunctionFailed"), types.size())).containsExactly(
                "LambdaFunctionFailed", "TaskStateAborted", "TaskStateAborted", "ParallelStateFailed", "ExecutionFailed");
    }

    @Test
    void aFailedTaskAtTheTopLevelIsNotRecordedAsAborted() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(FAIL_ARN)), Json.parse("{}"));

        assertThat(types(result)).endsWith("LambdaFunctionFailed", "ExecutionFailed").doesNotContain("TaskStateAborted");
    }

    @Test
    @Timeout(30) // a bound against hanging for an hour, not a speed measure
    void aTaskGivenUpAfterItsTimeoutNoLongerHoldsTheClockBack() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1,
                           "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Later"}], "End": true},
                  "Later": {"Type": "Wait", "Seconds": 3600, "End": true}}}
                """.formatted(HANG_ARN)), Json.parse("{}"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        HistoryEvent first = result.history().get(0);
        HistoryEvent last = result.history().get(result.history().size() - 1);
        assertThat(java.time.Duration.between(first.timestamp(), last.timestamp()).getSeconds()).isEqualTo(3601);
    }

    @Test
    void lambdaFunctionsAndIntegrationsAreRecordedWithAwsEventNames() {
        ExecutionResult function = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(FAIL_ARN)), Json.parse("{}"));
        assertThat(types(function)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed");
        assertThat(function.history().get(2).toAwsJson().path("lambdaFunctionScheduledEventDetails").path("input").asText())
                .isEqualTo("{}");

        ExecutionResult integration = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(BIG_ARN)), Json.parse("{}"));
        assertThat(types(integration)).startsWith("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted");
        JsonNode scheduled = integration.history().get(2).toAwsJson().path("taskScheduledEventDetails");
        assertThat(scheduled.path("resourceType").asText()).isEqualTo("lambda");
        assertThat(scheduled.path("resource").asText()).isEqualTo("invoke");
        assertThat(scheduled.path("parameters").asText()).isEqualTo("{}");
    }

    @Test
    void aTaskWithoutHeartbeatsWithinHeartbeatSecondsTimesOutAsAwsRecordsIt() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1, "End": true}}}
                """.formatted(HANG_ARN)), Json.parse("{}"));

        // AWS's recordings (timeouts_test_heartbeats) fail a missed heartbeat with States.Timeout.
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(types(result)).endsWith("LambdaFunctionTimedOut", "ExecutionFailed");
    }

    @Test
    void statesHeartbeatTimeoutCatchesAMissedHeartbeatButNotATaskTimeout() {
        String definition = """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", %s, "End": true,
                  "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "ResultPath": "$.caught", "Next": "Caught"}]},
                  "Caught": {"Type": "Pass", "End": true}}}
                """;
        ExecutionResult heartbeat = engine.run(DefinitionParser.parse(definition.formatted(HANG_ARN, "\"HeartbeatSeconds\": 1")),
                Json.parse("{}"));
        ExecutionResult timeout = engine.run(DefinitionParser.parse(definition.formatted(HANG_ARN, "\"TimeoutSeconds\": 1")),
                Json.parse("{}"));

        // The error output still names States.Timeout, as AWS records it; only the catcher's name is specific.
        assertThat(heartbeat.output().path("caught").path("Error").asText()).isEqualTo("States.Timeout");
        assertThat(timeout.error()).isEqualTo("States.Timeout");
    }

    @Test
    void anActivitysHeartbeatsAreDueOnlyOnceAWorkerTakesIt() {
        String activity = "arn:aws:states:us-east-1:123456789012:activity:pack";
        String definition = """
                {"StartAt": "Pack", "States": {"Pack": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1,
                  "TimeoutSeconds": 2, "End": true,
                  "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "MissedHeartbeat"}]},
                  "MissedHeartbeat": {"Type": "Pass", "End": true}}}
                """.formatted(activity);
        Engine nobodyPolls = new Engine(TaskHandlers.builder().resource(activity, request -> new CompletableFuture<>()).build());
        Engine takenThenSilent = new Engine(TaskHandlers.builder().resource(activity, request -> {
            request.pickedUp().accept("worker-1");
            return new CompletableFuture<>();
        }).build());

        ExecutionResult waiting = nobodyPolls.run(DefinitionParser.parse(definition), Json.parse("{}"));
        ExecutionResult taken = takenThenSilent.run(DefinitionParser.parse(definition), Json.parse("{}"));

        // Queued with no worker: only TimeoutSeconds applies, and nothing started.
        assertThat(waiting.error()).isEqualTo("States.Timeout");
        assertThat(types(waiting)).doesNotContain("ActivityStarted").contains("ActivityTimedOut");
        // Taken by a worker that then says nothing: its heartbeat is missed.
        assertThat(taken.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(types(taken)).containsSubsequence("ActivityScheduled", "ActivityStarted", "ActivityTimedOut",
                "PassStateEntered");
    }

    @Test
    void aSyncTaskGetsATaskTokenInItsContextAndItsRequest() {
        String[] seen = new String[1];
        Engine withSync = new Engine(TaskHandlers.builder().resource("arn:aws:states:::states:startExecution.sync", request -> {
            seen[0] = request.taskToken();
            return CompletableFuture.completedFuture(request.input());
        }).build());
        ExecutionResult result = withSync.run(DefinitionParser.parse("""
                {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                  "Parameters": {"Input": {"TaskToken.$": "$$.Task.Token"}}, "End": true}}}
                """), Json.parse("{}"));

        assertThat(seen[0]).isNotBlank();
        assertThat(result.output().path("Input").path("TaskToken").asText()).isEqualTo(seen[0]);
        // As AWS records a task that waits past its call.
        assertThat(types(result)).containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void heartbeatsKeepASlowTaskAlive() {
        java.util.concurrent.ScheduledExecutorService worker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            Engine beating = new Engine(TaskHandlers.builder().resource(HANG_ARN, request -> {
                CompletableFuture<JsonNode> done = new CompletableFuture<>();
                for (int i = 1; i <= 3; i++) {
                    worker.schedule(request.heartbeat(), 400L * i, java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                worker.schedule(() -> done.complete(Json.parse("\"done\"")), 1500, java.util.concurrent.TimeUnit.MILLISECONDS);
                return done;
            }).build());
            ExecutionResult result = beating.run(DefinitionParser.parse("""
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1, "End": true}}}
                    """.formatted(HANG_ARN)), Json.parse("{}"));

            assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(result.output()).isEqualTo(Json.parse("\"done\""));
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void aCallbackTaskSeesItsTokenInTheContextObject() {
        String arn = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
        Engine callbacks = new Engine(TaskHandlers.builder()
                .resource(arn, request -> CompletableFuture.completedFuture(
                        Json.object().put("seen", request.input().path("token").asText().equals(request.taskToken()))))
                .build());
        ExecutionResult result = callbacks.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}}
                """.formatted(arn)), Json.parse("{}"));

        assertThat(result.output()).isEqualTo(Json.parse("{\"seen\": true}"));
    }

    @Test
    void anOversizedTaskResultFailsTheTaskAndCanBeCaught() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "%s", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}], "End": true},
                  "Handle": {"Type": "Pass", "End": true}}}
                """.formatted(BIG_ARN)), Json.parse("{}"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("""
                {"Error": "States.DataLimitExceeded", "Cause": "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit."}
                """));
        assertThat(types(result)).containsSubsequence("TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered");
    }

    @Test
    void aStateInputOverTheLimitAfterParametersFails() {
        JsonNode input = Json.object().put("s", "b".repeat(200 * 1024));
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}}
                """.formatted(HANG_ARN)), input);

        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(types(result)).doesNotContain("LambdaFunctionScheduled");
    }

    @Test
    void aContextPathThatSelectsNothingIsNamedAsWritten() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$$.Execution.Nope"}, "End": true}}}
                """), Json.parse("{}"));

        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("The JSONPath '$$.Execution.Nope' specified for the field 'x.$' could not be found in the context object");
    }

    /** {"n": 1, "deep": [[...]]} with the array nested {@code depth} levels under the object. */
    private static JsonNode inputNested(int depth) {
        JsonNode deep = Json.NODES.numberNode(1);
        for (int level = 1; level < depth; level++) {
            deep = Json.NODES.arrayNode().add(deep);
        }
        return Json.object().put("n", 1).set("deep", deep);
    }

    /**
     * Found by EngineProperties: an input past the depth limit ran on when the first state took a
     * shallow part of it (here with InputPath), though StartExecution refuses such an input.
     */
    @Test
    void anExecutionInputNestedPastTheLimitFailsWithDataLimitExceeded() {
        String definition = """
                {"StartAt": "Take", "States": {"Take": {"Type": "Pass", "InputPath": "$.n", "End": true}}}""";

        ExecutionResult tooDeep = engine.run(DefinitionParser.parse(definition), inputNested(Json.MAX_PAYLOAD_DEPTH + 1));
        assertThat(tooDeep.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(tooDeep.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(tooDeep.cause()).isEqualTo("The execution received an input nested deeper than 512 levels, the most"
                + " Statewright can store.");
        assertThat(types(tooDeep)).containsExactly("ExecutionStarted", "ExecutionFailed");

        ExecutionResult deepest = engine.run(DefinitionParser.parse(definition), inputNested(Json.MAX_PAYLOAD_DEPTH));
        assertThat(deepest.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(deepest.output()).isEqualTo(Json.NODES.numberNode(1));
    }
}
