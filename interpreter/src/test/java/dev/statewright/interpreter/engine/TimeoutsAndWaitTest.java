package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.statewright.interpreter.engine.Histories.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task and execution timeouts, Wait states and stopping an execution, in virtual time. */
class TimeoutsAndWaitTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:slow";

    // ---------------------------------------------------------------- Task timeouts

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void taskTimesOutWhenItsHandlerNeverCompletes() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler neverCompletes = request -> {
            calls.incrementAndGet();
            return new CompletableFuture<>();
        };
        ExecutionResult result = run("""
                {"StartAt": "Slow", "States": {
                  "Slow": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1, "End": true}
                }}""".formatted(ARN), "{}", neverCompletes);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(calls.get()).isEqualTo(1);
        assertThat(types(result)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionTimedOut", "ExecutionFailed");
        HistoryEvent timedOut = only(result, "LambdaFunctionTimedOut");
        assertThat(timedOut.details().path("error").asText()).isEqualTo("States.Timeout");
        assertThat(Duration.between(only(result, "LambdaFunctionStarted").timestamp(), timedOut.timestamp()))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(only(result, "LambdaFunctionScheduled").details().path("timeoutInSeconds").asInt()).isEqualTo(1);
        assertWellFormed(result);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void taskTimeoutIsNotRetriedByStatesTaskFailedButCanBeCaughtByName() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler neverCompletes = request -> {
            calls.incrementAndGet();
            return new CompletableFuture<>();
        };
        ExecutionResult result = run("""
                {"StartAt": "Slow", "States": {
                  "Slow": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1, "Next": "Done",
                    "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 3}],
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "TimedOut"}]},
                  "Done": {"Type": "Pass", "End": true},
                  "TimedOut": {"Type": "Pass", "End": true}
                }}""".formatted(ARN), "{\"in\":1}", neverCompletes);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls.get()).isEqualTo(1);
        assertThat(result.output().path("in").asInt()).isEqualTo(1);
        assertThat(result.output().path("error").path("Error").asText()).isEqualTo("States.Timeout");
        assertThat(enteredStates(result)).containsExactly("Slow", "TimedOut");
        assertThat(count(result, "LambdaFunctionTimedOut")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- Execution timeout

    @Test
    void executionTimesOutDuringALongWait() {
        ExecutionResult result = run("""
                {"TimeoutSeconds": 60, "StartAt": "Nap", "States": {
                  "Nap": {"Type": "Wait", "Seconds": 3600, "Next": "After"},
                  "After": {"Type": "Pass", "End": true}
                }}""", "{}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.output()).isNull();
        assertThat(types(result)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut");
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(60));
        assertWellFormed(result);
    }

    @Test
    void executionFinishingWithinItsTimeoutSucceeds() {
        ExecutionResult result = run("""
                {"TimeoutSeconds": 60, "StartAt": "Nap", "States": {
                  "Nap": {"Type": "Wait", "Seconds": 59, "End": true}
                }}""", "{\"a\":1}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(59));
    }

    @Test
    void executionTimeoutCountsRetryIntervals() {
        TaskHandler failing = request -> CompletableFuture.failedFuture(
                new StatesException("MyError", "my cause"));
        ExecutionResult result = run("""
                {"TimeoutSeconds": 10, "StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "%s", "End": true,
                    "Retry": [{"ErrorEquals": ["MyError"], "IntervalSeconds": 4, "MaxAttempts": 5}]}
                }}""".formatted(ARN), "{}", failing);

        // Retries at 4 s and 12 s: the second falls after the 10 s timeout.
        assertThat(result.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(count(result, "LambdaFunctionScheduled")).isEqualTo(2);
        assertThat(last(result).type()).isEqualTo("ExecutionTimedOut");
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(10));
    }

    // ---------------------------------------------------------------- Wait

    @Test
    void waitSecondsMovesTheClockBySoManySeconds() {
        ExecutionResult result = run(waitMachine("\"Seconds\": 90"), "{\"a\":1}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(waited(result)).isEqualTo(Duration.ofSeconds(90));
        assertThat(only(result, "WaitStateEntered").timestamp()).isEqualTo(START);
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(90));
        assertThat(result.output()).isEqualTo(Json.parse("{\"a\":1}"));
    }

    @Test
    void waitTimestampWaitsUntilThatInstant() {
        ExecutionResult result = run(waitMachine("\"Timestamp\": \"2024-01-01T01:30:00Z\""), "{}", null);

        assertThat(waited(result)).isEqualTo(Duration.ofMinutes(90));
        assertThat(only(result, "WaitStateExited").timestamp()).isEqualTo(Instant.parse("2024-01-01T01:30:00Z"));
    }

    @Test
    void waitTimestampInThePastDoesNotWait() {
        ExecutionResult result = run(waitMachine("\"Timestamp\": \"2023-06-01T00:00:00Z\""), "{}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(waited(result)).isEqualTo(Duration.ZERO);
    }

    @Test
    void waitSecondsPathReadsTheDelayFromTheInput() {
        ExecutionResult result = run(waitMachine("\"SecondsPath\": \"$.delay\""), "{\"delay\":45}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(waited(result)).isEqualTo(Duration.ofSeconds(45));
        assertThat(result.output()).isEqualTo(Json.parse("{\"delay\":45}"));
    }

    @Test
    void waitTimestampPathReadsTheInstantFromTheInputHonouringItsOffset() {
        ExecutionResult result = run(waitMachine("\"TimestampPath\": \"$.until\""),
                "{\"until\":\"2024-01-01T02:10:00+02:00\"}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(waited(result)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void waitUsesTheEffectiveInputAfterInputPath() {
        ExecutionResult result = run(waitMachine("\"InputPath\": \"$.cfg\", \"SecondsPath\": \"$.delay\""),
                "{\"cfg\":{\"delay\":12},\"delay\":999}", null);

        assertThat(waited(result)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void consecutiveWaitsAddUp() {
        ExecutionResult result = run("""
                {"StartAt": "One", "States": {
                  "One": {"Type": "Wait", "Seconds": 10, "Next": "Two"},
                  "Two": {"Type": "Wait", "SecondsPath": "$.more", "Next": "Three"},
                  "Three": {"Type": "Wait", "Timestamp": "2024-01-01T00:01:00Z", "End": true}
                }}""", "{\"more\":20}", null);

        assertThat(timestamps(result, "WaitStateExited"))
                .containsExactly(START.plusSeconds(10), START.plusSeconds(30), START.plusSeconds(60));
    }

    @Test
    void negativeSecondsPathFailsWithStatesRuntime() {
        ExecutionResult result = run(waitMachine("\"SecondsPath\": \"$.delay\""), "{\"delay\":-5}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("negative").contains("$.delay");
        assertThat(types(result)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionFailed");
        assertThat(last(result).timestamp()).isEqualTo(START);
    }

    @Test
    void nonIntegerSecondsPathFailsWithStatesRuntime() {
        ExecutionResult result = run(waitMachine("\"SecondsPath\": \"$.delay\""), "{\"delay\":\"ten\"}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
    }

    @Test
    void invalidTimestampPathFailsWithStatesRuntime() {
        ExecutionResult result = run(waitMachine("\"TimestampPath\": \"$.until\""), "{\"until\":\"tomorrow\"}", null);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
    }

    // ---------------------------------------------------------------- Stop

    @Test
    void stopDuringAWaitAbortsTheExecutionAndRecordsNothingAfterwards() throws InterruptedException {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "Nap", "States": {
                  "Nap": {"Type": "Wait", "Seconds": 3600, "Next": "After"},
                  "After": {"Type": "Pass", "End": true}
                }}""");
        Engine engine = new Engine(TaskHandlers.none());
        LocalExecutionLoop loop = new LocalExecutionLoop(START, 0);
        AtomicReference<Execution> execution = new AtomicReference<>();
        List<HistoryEvent> seen = new CopyOnWriteArrayList<>();
        ExecutionInfo info = ExecutionInfo.of("us-east-1", "123456789012", "Machine", "run-1", START,
                Json.parse("{}"));
        execution.set(engine.start(machine, info, loop, event -> {
            seen.add(event);
            if (event.type().equals("WaitStateEntered")) {
                execution.get().stop("User.Stop", "stopped by the test");
            }
        }));

        loop.runUntil(() -> execution.get().status().isFinished());

        ExecutionResult result = execution.get().result();
        assertThat(result.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(result.error()).isEqualTo("User.Stop");
        assertThat(result.cause()).isEqualTo("stopped by the test");
        assertThat(types(result)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionAborted");
        HistoryEvent aborted = last(result);
        assertThat(aborted.details().path("error").asText()).isEqualTo("User.Stop");
        assertThat(aborted.details().path("cause").asText()).isEqualTo("stopped by the test");
        assertThat(aborted.timestamp()).isEqualTo(START);

        // Run whatever work is left (the Wait's pending step): the stopped execution must record nothing more.
        assertThatThrownBy(() -> loop.runUntil(() -> false)).isInstanceOf(IllegalStateException.class);
        assertThat(execution.get().result().history()).hasSize(3);
        assertThat(seen).extracting(HistoryEvent::type).last().isEqualTo("ExecutionAborted");
        assertThat(seen).hasSize(3);
        assertThat(execution.get().status()).isEqualTo(ExecutionStatus.ABORTED);
        assertWellFormed(result);
    }

    @Test
    void stopAfterTheExecutionFinishedChangesNothing() throws InterruptedException {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""");
        LocalExecutionLoop loop = new LocalExecutionLoop(START, 0);
        Execution execution = new Engine(TaskHandlers.none()).start(machine,
                ExecutionInfo.of("us-east-1", "123456789012", "Machine", "run-2", START, Json.parse("{}")), loop, null);
        loop.runUntil(() -> execution.status().isFinished());

        execution.stop("User.Stop", "too late");
        assertThatThrownBy(() -> loop.runUntil(() -> false)).isInstanceOf(IllegalStateException.class);

        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(last(execution.result()).type()).isEqualTo("ExecutionSucceeded");
    }

    // The recorded AWS cases for these (test_wait_timestamppath, test_timestamp_too_far_in_future_boundary)
    // mask their input timestamps, so the behaviours are pinned here instead.

    @Test
    void timestampPathAcceptsFractionalSecondsWithTwoDigits() {
        ExecutionResult result = run(waitMachine("\"TimestampPath\": \"$.at\""), "{\"at\": \"2024-01-01T00:00:30.00Z\"}", null);
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(waited(result)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aWaitOf24855DaysIsAllowedButNot24856() {
        String at24855 = START.plus(Duration.ofDays(24855)).toString();
        String at24856 = START.plus(Duration.ofDays(24856)).toString();
        assertThat(run(waitMachine("\"TimestampPath\": \"$.at\""), "{\"at\": \"" + at24855 + "\"}", null).status())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        ExecutionResult tooLong = run(waitMachine("\"TimestampPath\": \"$.at\""), "{\"at\": \"" + at24856 + "\"}", null);
        assertThat(tooLong.error()).isEqualTo("States.Runtime");
        assertThat(tooLong.cause()).isEqualTo(
                "An error occurred while executing the state 'Nap' (entered at the event id #2). Wait state delay is too long.");
    }

    // ---------------------------------------------------------------- helpers

    private static String waitMachine(String waitFields) {
        return """
                {"StartAt": "Nap", "States": {
                  "Nap": {"Type": "Wait", %s, "End": true}
                }}""".formatted(waitFields);
    }

    private static ExecutionResult run(String definition, String input, TaskHandler handler) {
        TaskHandlers handlers = handler == null ? TaskHandlers.none()
                : TaskHandlers.builder().resource(ARN, handler).build();
        return new Engine(handlers).run(DefinitionParser.parse(definition), Json.parse(input),
                Engine.RunSettings.defaults().withStartTime(START));
    }

    /** WaitStateExited minus WaitStateEntered of the only Wait. */
    private static Duration waited(ExecutionResult result) {
        return Duration.between(only(result, "WaitStateEntered").timestamp(), only(result, "WaitStateExited").timestamp());
    }

}
