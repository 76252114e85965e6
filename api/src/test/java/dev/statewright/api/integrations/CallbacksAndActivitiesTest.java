package dev.statewright.api.integrations;

import dev.statewright.api.SfnTestClients;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.statewright.api.SfnTestClients.awaitEnd;
import static dev.statewright.api.SfnTestClients.scheduledToken;

/**
 * Tasks answered by workers through the AWS API: callbacks ({@code .waitForTaskToken}) with
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, and activities taken with GetActivityTask.
 */
class CallbacksAndActivitiesTest {
    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(1).withActivityPollTimeout(Duration.ofMillis(500)));
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
    }

    private static final String CALLBACK = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", %s
              "Parameters": {"QueueUrl": "q", "MessageBody": {"order.$": "$.order", "token.$": "$$.Task.Token"}},
              "End": true}}}
            """;


    @Test
    void sendTaskSuccessCompletesTheTaskWithTheWorkersOutput() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine(CALLBACK.formatted("")))
                .input("{\"order\": 7}")).executionArn();
        String token = scheduledToken(sfn, execution);
        assertThat(service.callbacks().describeWaiting()).anySatisfy(task -> assertThat(task.get("taskToken").asText()).isEqualTo(token));
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"shipped\": true}"));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"shipped\": true}"));
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                .as("a token answered once is closed").isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void sendTaskFailureFailsTheTaskWithTheWorkersErrorAndCause() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine(CALLBACK.formatted("")))
                .input("{\"order\": 8}")).executionArn();
        String token = scheduledToken(sfn, execution);
        sfn.sendTaskFailure(b -> b.taskToken(token).error("Warehouse.Closed").cause("try Monday"));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).isEqualTo("FAILED");
        assertThat(done.error()).isEqualTo("Warehouse.Closed");
        assertThat(done.cause()).isEqualTo("try Monday");
    }

    @Test
    void aFailureWithoutAnErrorNameStillFailsTheTask() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine(CALLBACK.formatted("")))
                .input("{\"order\": 11}")).executionArn();
        String token = scheduledToken(sfn, execution);
        sfn.sendTaskFailure(b -> b.taskToken(token).cause("only a cause"));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.statusAsString()).isEqualTo("FAILED");
        assertThat(done.cause()).isEqualTo("only a cause");
    }

    @Test
    void stoppingTheExecutionReleasesItsWaitingTask() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine(CALLBACK.formatted("")))
                .input("{\"order\": 12}")).executionArn();
        String token = scheduledToken(sfn, execution);
        sfn.stopExecution(b -> b.executionArn(execution));
        assertThat(awaitEnd(sfn, execution).statusAsString()).isEqualTo("ABORTED");
        Instant deadline = Instant.now().plusSeconds(5);
        while (service.callbacks().describeWaiting().stream().anyMatch(t -> t.get("taskToken").asText().equals(token))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                .as("the task of a stopped execution is closed").isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void heartbeatsKeepATaskAliveAndTheirAbsenceTimesItOut() throws Exception {
        String definition = CALLBACK.formatted("\"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 30,");
        String alive = sfn.startExecution(b -> b.stateMachineArn(machine(definition)).input("{\"order\": 9}")).executionArn();
        String token = scheduledToken(sfn, alive);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(400);
            sfn.sendTaskHeartbeat(b -> b.taskToken(token));
        }
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("\"late but alive\""));
        assertThat(awaitEnd(sfn, alive).statusAsString()).isEqualTo("SUCCEEDED");

        String silent = sfn.startExecution(b -> b.stateMachineArn(machine(definition)).input("{\"order\": 10}")).executionArn();
        String silentToken = scheduledToken(sfn, silent);
        DescribeExecutionResponse timedOut = awaitEnd(sfn, silent);
        assertThat(timedOut.error()).as("AWS names a missed heartbeat States.Timeout").isEqualTo("States.Timeout");
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(silentToken).output("{}")))
                .as("the token of a task that timed out is refused").isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void tokensThatAreMalformedOrUnknownAreRefused() {
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken("x".repeat(2000)).output("{}")))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken("no-such-token")))
                .as("too short to be a token").isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.sendTaskHeartbeat(b -> b.taskToken("A".repeat(64))))
                .as("shaped like a token, but no task was given it").isInstanceOf(TaskDoesNotExistException.class);
    }

    @Test
    void anActivityTaskGoesToAWorkerThatPollsAndItsAnswerEndsTheState() throws Exception {
        String activity = sfn.createActivity(b -> b.name("pack-" + UUID.randomUUID().toString().substring(0, 8))).activityArn();
        assertThat(sfn.describeActivity(b -> b.activityArn(activity)).name()).startsWith("pack-");
        assertThat(sfn.listActivities(b -> { }).activities()).anySatisfy(a -> assertThat(a.activityArn()).isEqualTo(activity));
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "Pack", "States": {"Pack": {"Type": "Task", "Resource": "%s", "End": true}}}
                """.formatted(activity))).input("{\"items\": 3}")).executionArn();
        awaitHistoryType(execution, "ActivityScheduled");
        assertThat(historyTypes(execution)).as("no worker has taken the task yet").doesNotContain("ActivityStarted");

        GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity).workerName("packer-1"));
        awaitHistoryType(execution, "ActivityStarted");
        // AWS records the start when a worker takes the task, naming the worker.
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
                .filter(e -> e.activityStartedEventDetails() != null).findFirst().orElseThrow()
                .activityStartedEventDetails().workerName()).isEqualTo("packer-1");
        assertThat(task.taskToken()).isNotBlank();
        assertThat(Json.parse(task.input())).isEqualTo(Json.parse("{\"items\": 3}"));
        sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"boxes\": 1}"));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"boxes\": 1}"));
        assertThat(historyTypes(execution)).containsSubsequence("ActivityScheduled", "ActivityStarted", "ActivitySucceeded");
    }

    private static List<String> historyTypes(String execution) {
        return sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
                .map(HistoryEvent::typeAsString).toList();
    }

    private static void awaitHistoryType(String execution, String type) throws InterruptedException {
        for (int i = 0; i < 500 && !historyTypes(execution).contains(type); i++) {
            Thread.sleep(10);
        }
        assertThat(historyTypes(execution)).contains(type);
    }

    @Test
    void aPollWithNoTaskAnswersEmptyAfterThePollTimeoutAndHoldsNoThread() {
        String activity = sfn.createActivity(b -> b.name("idle-" + UUID.randomUUID().toString().substring(0, 8))).activityArn();
        long before = System.nanoTime();
        GetActivityTaskResponse none = sfn.getActivityTask(b -> b.activityArn(activity));
        assertThat(none.taskToken()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        sfn.deleteActivity(b -> b.activityArn(activity));
        assertThatThrownBy(() -> sfn.describeActivity(b -> b.activityArn(activity)))
                .isInstanceOf(ActivityDoesNotExistException.class);
    }

    @Test
    void aTaskForAnActivityThatDoesNotExistFailsClearly() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "Pack", "States": {"Pack": {"Type": "Task",
                  "Resource": "arn:aws:states:us-east-1:123456789012:activity:nobody-here", "End": true}}}
                """))).executionArn();
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        // As AWS records it: States.Runtime, and no Activity events at all.
        assertThat(done.error()).isEqualTo("States.Runtime");
        assertThat(done.cause()).isEqualTo("An error occurred while executing the state 'Pack' (entered at the event id #2)."
                + " The activity arn:aws:states:us-east-1:123456789012:activity:nobody-here does not exist.");
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(execution)).events()).extracting(HistoryEvent::typeAsString)
                .containsExactly("ExecutionStarted", "TaskStateEntered", "ExecutionFailed");
    }

    @Test
    void aResourceWithoutAnIntegrationFailsNamingItAndTheWayOut() throws Exception {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun",
                  "Parameters": {"JobName": "j"}, "End": true}}}
                """))).executionArn();
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.error()).isEqualTo("States.TaskFailed");
        assertThat(done.cause()).contains("arn:aws:states:::glue:startJobRun", "--mock-config", "in-process task handler");
    }

}
