package dev.statewright.api;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * A service started with {@code --wait-time-scale 0} skips Waits and retry intervals, but the
 * deadlines on work done outside the engine (a Task's TimeoutSeconds and HeartbeatSeconds, the
 * execution's TimeoutSeconds) keep real time: a worker must still have the time to answer.
 */
class WaitTimeScaleTest {
    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withActivityPollTimeout(Duration.ofMillis(500)));
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(b -> b.name("scaled-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
    }

    private static String callback(String fields) {
        return """
                {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", %s
                 "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}
                """.formatted(fields);
    }

    /** The callback token of the execution's task, once scheduled; the execution must not end first. */
    private static String tokenOfRunningTask(String execution) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            for (HistoryEvent event : sfn.getExecutionHistory(b -> b.executionArn(execution)).events()) {
                if (event.taskScheduledEventDetails() != null) {
                    return Json.parse(event.taskScheduledEventDetails().parameters()).get("MessageBody").get("token").asText();
                }
            }
            DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(execution));
            assertThat(described.statusAsString()).as("the execution waits for its task (%s %s)", described.error(),
                    described.cause()).isEqualTo("RUNNING");
            Thread.sleep(20);
        }
        throw new AssertionError("no task was scheduled in " + execution);
    }

    @Test
    void anActivityTaskWithTimeoutSecondsWaitsForAWorkerThatComesAMomentLater() throws Exception {
        String activity = sfn.createActivity(b -> b.name("late-" + UUID.randomUUID().toString().substring(0, 8)))
                .activityArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "Pack", "States": {"Pack": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 5, "End": true}}}
                """.formatted(activity))).input("{\"items\": 2}")).executionArn();
        Thread.sleep(300); // the worker is a moment late, well inside the 5 s

        GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity).workerName("late-packer"));
        assertThat(task.taskToken()).as("the task still waits for a worker").isNotNull();
        sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"boxes\": 1}"));

        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"boxes\": 1}"));
    }

    @Test
    void aCallbackThatHeartbeatsEverySecondOutlivesItsTwoSecondHeartbeat() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "Ask", "States": {"Ask": %s}}
                """.formatted(callback("\"HeartbeatSeconds\": 2,")))).input("{}")).executionArn();
        String token = tokenOfRunningTask(execution);
        Instant started = Instant.now();
        for (int beat = 1; beat <= 4; beat++) {
            Thread.sleep(1000);
            assertThatCode(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(token)))
                    .as("heartbeat %d reaches a task still waiting", beat).doesNotThrowAnyException();
        }
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("\"alive\""));

        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
        assertThat(Duration.between(started, Instant.now())).as("the worker took twice the heartbeat")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theMachinesTimeoutKeepsRealTimeWhileItsHourLongWaitIsSkipped() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"TimeoutSeconds": 300, "StartAt": "Park", "States": {
                  "Park": {"Type": "Wait", "Seconds": 3600, "Next": "Ask"},
                  "Ask": %s}}
                """.formatted(callback("")))).input("{}")).executionArn();
        String token = tokenOfRunningTask(execution);
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"answered\": true}"));

        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"answered\": true}"));
    }

    @Test
    void aWaitUnderTheMachinesTimeoutStillCompletesAtOnce() {
        Instant before = Instant.now();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"TimeoutSeconds": 600, "StartAt": "Park", "States": {
                  "Park": {"Type": "Wait", "Seconds": 7200, "Next": "Done"},
                  "Done": {"Type": "Pass", "Result": "woke", "End": true}}}
                """)).input("{}")).executionArn();

        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).as("%s %s", done.error(), done.cause()).isEqualTo("SUCCEEDED");
        assertThat(done.output()).isEqualTo("\"woke\"");
        assertThat(Duration.between(before, Instant.now())).as("two hours of Wait skipped")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void skippedWaitsThatEndTogetherEndInTheOrderTheyWereDue() {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 7200, "End": true}}},
                  {"StartAt": "Short", "States": {"Short": {"Type": "Wait", "Seconds": 3600, "End": true}}}]}}}
                """)).input("{}")).executionArn();

        assertThat(awaitEnd(sfn, execution).statusAsString()).isEqualTo("SUCCEEDED");
        // Scaled to nothing, both Waits are due at the same instant; the one due first unscaled
        // (set second) goes first, as it would in real time.
        List<String> waitsExited = sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
                .filter(e -> e.typeAsString().equals("WaitStateExited"))
                .map(e -> e.stateExitedEventDetails().name()).toList();
        assertThat(waitsExited).containsExactly("Short", "Long");
    }
}
