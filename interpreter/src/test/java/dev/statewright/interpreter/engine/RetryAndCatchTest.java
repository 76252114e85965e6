package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.statewright.interpreter.engine.Histories.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Retry and Catch on Task states, as the engine runs them in virtual time. */
class RetryAndCatchTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:work";

    // ---------------------------------------------------------------- Retry

    @Test
    void retriesWithBackoffUntilTheHandlerSucceeds() {
        FlakyHandler handler = new FlakyHandler(3, "MyError", "my cause", Json.parse("{\"ok\":true}"));
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 3}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("{\"ok\":true}"));
        assertThat(handler.calls()).isEqualTo(4);
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(1.0, 2.0, 4.0);
        assertWellFormed(result);
    }

    @Test
    void retriesRepeatScheduledStartedFailedWithoutEnteringTheStateAgain() {
        FlakyHandler handler = new FlakyHandler(2, "MyError", "my cause", Json.parse("\"done\""));
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 5}]
                """), "{}", handler);

        assertThat(types(result)).containsExactly(
                "ExecutionStarted",
                "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited",
                "ExecutionSucceeded");
        assertWellFormed(result);
    }

    @Test
    void failsWithTheLastErrorOnceMaxAttemptsAreExhausted() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "IntervalSeconds": 2, "MaxAttempts": 2}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("MyError");
        assertThat(result.cause()).isEqualTo("my cause");
        assertThat(handler.calls()).isEqualTo(3);
        assertThat(count(result, "LambdaFunctionFailed")).isEqualTo(3);
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(2.0, 4.0);
        assertWellFormed(result);
    }

    @Test
    void maxDelaySecondsCapsTheBackoff() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "IntervalSeconds": 1, "BackoffRate": 3.0,
                           "MaxDelaySeconds": 5, "MaxAttempts": 4}]
                """), "{}", handler);

        assertThat(handler.calls()).isEqualTo(5);
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(1.0, 3.0, 5.0, 5.0);
        assertWellFormed(result);
    }

    @Test
    void backoffRateOfOneKeepsTheIntervalConstant() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "IntervalSeconds": 3, "BackoffRate": 1.0, "MaxAttempts": 3}]
                """), "{}", handler);

        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(3.0, 3.0, 3.0);
    }

    @Test
    void defaultRetrierWaitsOneTwoFourSecondsAndTriesThreeTimes() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"]}]
                """), "{}", handler);

        assertThat(handler.calls()).isEqualTo(4);
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(1.0, 2.0, 4.0);
    }

    @Test
    void maxAttemptsZeroMeansNoRetry() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 0}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("MyError");
        assertThat(handler.calls()).isEqualTo(1);
        assertThat(count(result, "LambdaFunctionScheduled")).isEqualTo(1);
        assertWellFormed(result);
    }

    @Test
    void onlyTheFirstMatchingRetrierApplies() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [
                  {"ErrorEquals": ["MyError"], "IntervalSeconds": 7, "MaxAttempts": 1},
                  {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5}
                ]
                """), "{}", handler);

        // The first retrier is exhausted after one retry; the broader second one is never consulted.
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(handler.calls()).isEqualTo(2);
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(7.0);
        assertWellFormed(result);
    }

    @Test
    void retrierThatDoesNotMatchIsSkippedForTheNextOne() {
        FlakyHandler handler = new FlakyHandler(2, "OtherError", "other cause", Json.parse("1"));
        ExecutionResult result = run(taskMachine("""
                "Retry": [
                  {"ErrorEquals": ["MyError"], "IntervalSeconds": 7, "MaxAttempts": 5},
                  {"ErrorEquals": ["OtherError"], "IntervalSeconds": 2, "BackoffRate": 1.5, "MaxAttempts": 5}
                ]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(handler.calls()).isEqualTo(3);
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(2.0, 3.0);
    }

    @Test
    void eachRetrierCountsItsOwnAttempts() {
        // Errors alternate A, B, A, B: each retrier has MaxAttempts 2, so all four retries are allowed.
        AtomicInteger calls = new AtomicInteger();
        TaskHandler handler = request -> {
            int call = calls.getAndIncrement();
            if (call < 4) {
                return CompletableFuture.failedFuture(new StatesException(call % 2 == 0 ? "ErrorA" : "ErrorB", "c"));
            }
            return CompletableFuture.completedFuture(Json.parse("\"ok\""));
        };
        ExecutionResult result = run(taskMachine("""
                "Retry": [
                  {"ErrorEquals": ["ErrorA"], "IntervalSeconds": 1, "BackoffRate": 10, "MaxAttempts": 2},
                  {"ErrorEquals": ["ErrorB"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}
                ]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls.get()).isEqualTo(5);
        // A: 1 s then 10 s; B: 2 s then 6 s — each backoff follows its own retrier's count.
        assertThat(gapsInSeconds(timestamps(result, "LambdaFunctionScheduled"))).containsExactly(1.0, 2.0, 10.0, 6.0);
    }

    @Test
    void statesAllMatchesCustomErrors() {
        FlakyHandler handler = new FlakyHandler(1, "Custom.Thing", "whatever", Json.parse("\"ok\""));
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(handler.calls()).isEqualTo(2);
    }

    @Test
    void statesTaskFailedMatchesAnyErrorExceptTimeout() {
        FlakyHandler handler = new FlakyHandler(1, "Custom.Thing", "whatever", Json.parse("\"ok\""));
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(handler.calls()).isEqualTo(2);
    }

    @Test
    void statesTaskFailedDoesNotMatchStatesTimeout() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("States.Timeout", "too slow");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handle"}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(handler.calls()).isEqualTo(1);
        assertThat(enteredStates(result)).doesNotContain("Handle");
    }

    @Test
    void nonStatesExceptionFromHandlerFailsWithStatesTaskFailed() {
        TaskHandler handler = request -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        ExecutionResult result = run(taskMachine(""), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).contains("boom");
    }

    @Test
    void exhaustedRetrierFallsThroughToCatch() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 2}],
                "Catch": [{"ErrorEquals": ["MyError"], "Next": "Handle"}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(handler.calls()).isEqualTo(3);
        assertThat(result.output()).isEqualTo(Json.parse("{\"Error\":\"MyError\",\"Cause\":\"my cause\"}"));
        assertThat(enteredStates(result)).containsExactly("Work", "Handle");
        assertWellFormed(result);
    }

    @Test
    void retryCountInTheTaskRequestContextCountsRetries() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        TaskHandler handler = request -> {
            seen.add(request.context().path("State").path("RetryCount").intValue());
            return calls.getAndIncrement() < 2
                    ? CompletableFuture.failedFuture(new StatesException("MyError", "c"))
                    : CompletableFuture.completedFuture(Json.parse("{}"));
        };
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 3}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void retryCountIsVisibleInParametersOnRetries() {
        List<JsonNode> inputs = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        TaskHandler handler = request -> {
            inputs.add(request.input());
            return calls.getAndIncrement() < 2
                    ? CompletableFuture.failedFuture(new StatesException("MyError", "c"))
                    : CompletableFuture.completedFuture(Json.parse("{}"));
        };
        ExecutionResult result = run(taskMachine("""
                "Parameters": {"retry.$": "$$.State.RetryCount"},
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 3}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(inputs).extracting(input -> input.path("retry").intValue()).containsExactly(0, 1, 2);
        assertThat(events(result, "LambdaFunctionScheduled"))
                .extracting(event -> event.details().path("input").path("retry").intValue())
                .containsExactly(0, 1, 2);
    }

    @Test
    void retryCountIsVisibleInResultSelectorAfterRetries() {
        FlakyHandler handler = new FlakyHandler(2, "MyError", "c", Json.parse("{}"));
        ExecutionResult result = run(taskMachine("""
                "ResultSelector": {"retries.$": "$$.State.RetryCount"},
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 3}]
                """), "{}", handler);

        assertThat(result.output()).isEqualTo(Json.parse("{\"retries\":2}"));
    }

    // ---------------------------------------------------------------- Catch

    @Test
    void aFailureWithoutAnErrorNameIsCaughtOnlyByStatesAllWithNullErrorAndCause() {
        TaskHandler nameless = request -> CompletableFuture.failedFuture(new StatesException(null, null));
        ExecutionResult caught = run(taskMachine("""
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handle"},
                          {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}]
                """), "{\"a\": 1}", nameless);
        assertThat(caught.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(caught.output()).isEqualTo(Json.parse("{\"a\": 1, \"error\": {\"Error\": null, \"Cause\": null}}"));

        ExecutionResult uncaught = run(taskMachine("""
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handle"}]
                """), "{}", nameless);
        assertThat(uncaught.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void catcherPlacesErrorAndCauseAtItsResultPathInTheRawInput() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "InputPath": "$.order",
                "Catch": [{"ErrorEquals": ["MyError"], "ResultPath": "$.failure", "Next": "Handle"}]
                """), "{\"order\":{\"id\":7},\"keep\":\"me\"}", handler);

        JsonNode expected = Json.parse("""
                {"order":{"id":7},"keep":"me","failure":{"Error":"MyError","Cause":"my cause"}}""");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(expected);
        HistoryEvent handleEntered = events(result, "PassStateEntered").get(0);
        assertThat(handleEntered.details().path("name").asText()).isEqualTo("Handle");
        assertThat(handleEntered.details().get("input")).isEqualTo(expected);
        assertWellFormed(result);
    }

    @Test
    void catcherWithoutResultPathReplacesTheInputWithTheErrorObject() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]
                """), "{\"a\":1}", handler);

        assertThat(result.output()).isEqualTo(Json.parse("{\"Error\":\"MyError\",\"Cause\":\"my cause\"}"));
    }

    @Test
    void catcherWithNullResultPathKeepsTheRawInput() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "InputPath": "$.a",
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": null, "Next": "Handle"}]
                """), "{\"a\":{\"b\":1}}", handler);

        assertThat(result.output()).isEqualTo(Json.parse("{\"a\":{\"b\":1}}"));
    }

    @Test
    void taskStateExitedIsRecordedBeforeTheCatchersNextState() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Catch": [{"ErrorEquals": ["MyError"], "ResultPath": "$.err", "Next": "Handle"}]
                """), "{\"x\":1}", handler);

        assertThat(types(result)).containsExactly(
                "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        HistoryEvent exited = events(result, "TaskStateExited").get(0);
        assertThat(exited.details().path("name").asText()).isEqualTo("Work");
        assertThat(exited.details().get("output"))
                .isEqualTo(Json.parse("{\"x\":1,\"err\":{\"Error\":\"MyError\",\"Cause\":\"my cause\"}}"));
        assertWellFormed(result);
    }

    @Test
    void firstMatchingCatcherWins() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run("""
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "%s", "End": true,
                    "Catch": [
                      {"ErrorEquals": ["OtherError"], "Next": "A"},
                      {"ErrorEquals": ["MyError", "ThirdError"], "Next": "B"},
                      {"ErrorEquals": ["States.ALL"], "Next": "C"}
                    ]},
                  "A": {"Type": "Pass", "Result": "A", "End": true},
                  "B": {"Type": "Pass", "Result": "B", "End": true},
                  "C": {"Type": "Pass", "Result": "C", "End": true}
                }}""".formatted(ARN), "{}", handler);

        assertThat(result.output()).isEqualTo(Json.parse("\"B\""));
        assertThat(enteredStates(result)).containsExactly("Work", "B");
    }

    @Test
    void statesRuntimeErrorsAreNotCaughtOrRetriedByStatesAll() {
        FlakyHandler handler = new FlakyHandler(0, "x", "x", Json.parse("{}"));
        ExecutionResult result = run(taskMachine("""
                "Parameters": {"value.$": "$.missing"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]
                """), "{\"present\":1}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("$.missing");
        assertThat(handler.calls()).isZero();
        assertThat(enteredStates(result)).containsExactly("Work");
        assertThat(types(result)).last().isEqualTo("ExecutionFailed");
        assertWellFormed(result);
    }

    @Test
    void statesRuntimeErrorAfterTheTaskSucceededIsNotCaughtByStatesAll() {
        FlakyHandler handler = new FlakyHandler(0, "x", "x", Json.parse("{\"a\":1}"));
        ExecutionResult result = run(taskMachine("""
                "OutputPath": "$.nothere",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(enteredStates(result)).containsExactly("Work");
    }

    @Test
    void unmatchedErrorFailsTheExecutionWithTheOriginalErrorAndCause() {
        FlakyHandler handler = FlakyHandler.alwaysFailing("MyError", "my cause");
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["OtherError"], "MaxAttempts": 3}],
                "Catch": [{"ErrorEquals": ["OtherError"], "Next": "Handle"}]
                """), "{}", handler);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("MyError");
        assertThat(result.cause()).isEqualTo("my cause");
        assertThat(handler.calls()).isEqualTo(1);
        HistoryEvent failed = last(result);
        assertThat(failed.type()).isEqualTo("ExecutionFailed");
        assertThat(failed.details().path("error").asText()).isEqualTo("MyError");
        assertThat(failed.details().path("cause").asText()).isEqualTo("my cause");
        assertThat(types(result)).doesNotContain("TaskStateExited");
        assertWellFormed(result);
    }

    @Test
    void historyIdsAreSequentialAndEachPointsBackToAnEarlierEvent() {
        FlakyHandler handler = new FlakyHandler(2, "MyError", "my cause", Json.parse("{}"));
        ExecutionResult result = run(taskMachine("""
                "Retry": [{"ErrorEquals": ["MyError"], "MaxAttempts": 1}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]
                """), "{}", handler);

        List<HistoryEvent> history = result.history();
        assertThat(history).isNotEmpty();
        for (int i = 0; i < history.size(); i++) {
            HistoryEvent event = history.get(i);
            assertThat(event.id()).isEqualTo(i + 1L);
            assertThat(event.previousEventId()).isLessThan(event.id()).isGreaterThanOrEqualTo(0);
        }
        assertThat(history.get(0).previousEventId()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    /** A machine whose Task "Work" has the given extra fields, with a Pass "Handle" to catch into. */
    private static String taskMachine(String extraFields) {
        String extra = extraFields.isBlank() ? "" : extraFields.strip() + ",";
        return """
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "%s", %s "End": true},
                  "Handle": {"Type": "Pass", "End": true}
                }}""".formatted(ARN, extra);
    }

    private static ExecutionResult run(String definition, String input, TaskHandler handler) {
        Engine engine = new Engine(TaskHandlers.builder().resource(ARN, handler).build());
        return engine.run(DefinitionParser.parse(definition), Json.parse(input),
                Engine.RunSettings.defaults().withStartTime(START));
    }

    private static List<Double> gapsInSeconds(List<Instant> times) {
        return java.util.stream.IntStream.range(1, times.size())
                .mapToObj(i -> Duration.between(times.get(i - 1), times.get(i)).toMillis() / 1000.0)
                .toList();
    }

    /** Fails a set number of times with one error, then returns a result; counts its calls. */
    private static final class FlakyHandler implements TaskHandler {
        private final int failures;
        private final String error;
        private final String cause;
        private final JsonNode result;
        private final AtomicInteger calls = new AtomicInteger();

        FlakyHandler(int failures, String error, String cause, JsonNode result) {
            this.failures = failures;
            this.error = error;
            this.cause = cause;
            this.result = result;
        }

        static FlakyHandler alwaysFailing(String error, String cause) {
            return new FlakyHandler(Integer.MAX_VALUE, error, cause, null);
        }

        @Override
        public CompletableFuture<JsonNode> invoke(TaskRequest request) {
            if (calls.getAndIncrement() < failures) {
                return CompletableFuture.failedFuture(new StatesException(error, cause));
            }
            return CompletableFuture.completedFuture(result);
        }

        int calls() {
            return calls.get();
        }
    }
}
