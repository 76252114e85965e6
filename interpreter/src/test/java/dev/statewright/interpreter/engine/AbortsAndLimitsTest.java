package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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

    private static List<String> types(ExecutionResult result) {
        return result.history().stream().map(HistoryEvent::type).collect(Collectors.toList());
    }

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
        assertThat(types.subList(types.indexOf("TaskFailed"), types.size()))
                .containsExactly("TaskFailed", "TaskStateAborted", "TaskStateAborted", "ParallelStateFailed", "ExecutionFailed");
    }

    @Test
    void aFailedTaskAtTheTopLevelIsNotRecordedAsAborted() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(FAIL_ARN)), Json.parse("{}"));

        assertThat(types(result)).endsWith("TaskFailed", "ExecutionFailed").doesNotContain("TaskStateAborted");
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
        assertThat(types(result)).doesNotContain("TaskScheduled");
    }

    @Test
    void aContextPathThatSelectsNothingIsNamedAsWritten() {
        ExecutionResult result = engine.run(DefinitionParser.parse("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$$.Execution.Nope"}, "End": true}}}
                """), Json.parse("{}"));

        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("The JSONPath '$$.Execution.Nope' specified for the field 'x.$' could not be found in the context object");
    }
}
