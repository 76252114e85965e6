package dev.statewright.api.store.postgres;

import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.engine.TaskTokens;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.time.Duration;
import java.util.UUID;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static dev.statewright.api.SfnTestClients.scheduledToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes on one database: SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat received by
 * the node that does not drive the execution reach the one that does, through the inbox, and its
 * verdict comes back (TaskTimedOut, TaskDoesNotExist) as one node would answer.
 */
class ForwardedCallbacksTest {
    private static final String CALLBACK = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", %s
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
              "Catch": [{"ErrorEquals": ["Worker.Broke"], "ResultPath": "$.caught", "Next": "Caught"}],
              "End": true},
              "Caught": {"Type": "Pass", "End": true}}}
            """;

    private static TwoNodes nodes;
    private static StatewrightService a;
    private static SfnClient toA;
    private static SfnClient toB;

    @BeforeAll
    static void startTwoNodes() {
        nodes = TwoNodes.start();
        a = nodes.a;
        toA = nodes.toA;
        toB = nodes.toB;
    }

    @AfterAll
    static void stopNodes() {
        nodes.close();
    }

    /** A machine made on A (B finds it in the database) and an execution of it that A drives, with its token. */
    private static String[] waitingOnA(String taskFields) {
        String machine = toA.createStateMachine(r -> r.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(CALLBACK.formatted(taskFields)).roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        String execution = toA.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
        String token = scheduledToken(toA, execution);
        assertThat(TaskTokens.executionOf(token)).as("the token names its execution").contains(execution);
        return new String[] {execution, token};
    }

    @Test
    void sendTaskSuccessReceivedByTheOtherNodeCompletesTheTask() {
        String[] waiting = waitingOnA("");
        toB.sendTaskSuccess(r -> r.taskToken(waiting[1]).output("{\"from\": \"b\"}"));
        DescribeExecutionResponse done = awaitEnd(toB, waiting[0]);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"from\": \"b\"}"));
        assertThat(a.callbacks().waitingCount()).as("A's task took the answer").isZero();
    }

    @Test
    void sendTaskFailureReceivedByTheOtherNodeIsCaught() {
        String[] waiting = waitingOnA("");
        toB.sendTaskFailure(r -> r.taskToken(waiting[1]).error("Worker.Broke").cause("told to B"));
        DescribeExecutionResponse done = awaitEnd(toA, waiting[0]);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output()).path("caught").path("Error").asText()).isEqualTo("Worker.Broke");
        assertThat(Json.parse(done.output()).path("caught").path("Cause").asText()).isEqualTo("told to B");
    }

    @Test
    void heartbeatsReceivedByTheOtherNodeKeepTheTaskAlive() throws Exception {
        String[] waiting = waitingOnA("\"HeartbeatSeconds\": 1, \"TimeoutSeconds\": 30,");
        for (int i = 0; i < 5; i++) { // 2 s in all: twice the heartbeat timeout
            Thread.sleep(400);
            toB.sendTaskHeartbeat(r -> r.taskToken(waiting[1]));
        }
        assertThat(toA.describeExecution(r -> r.executionArn(waiting[0])).statusAsString())
                .as("alive on the heartbeats B passed on").isEqualTo("RUNNING");
        toB.sendTaskSuccess(r -> r.taskToken(waiting[1]).output("\"alive\""));
        assertThat(awaitEnd(toA, waiting[0]).statusAsString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aTokenTheOwnerAlreadyClosedIsRefusedAsOneNodeWouldThoughTheOtherNodeReceivedIt() {
        // The task times out and the execution lingers in a Wait: still driven by A, its token closed.
        String machine = toA.createStateMachine(r -> r.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .roleArn("arn:aws:iam::123456789012:role/r").definition("""
                        {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "TimeoutSeconds": 1,
                          "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                          "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                          "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Linger"}], "End": true},
                          "Linger": {"Type": "Wait", "Seconds": 60, "End": true}}}""")).stateMachineArn();
        String execution = toA.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
        String token = scheduledToken(toA, execution);
        SfnTestClients.awaitHistory(toA, execution, "WaitStateEntered");

        assertThatThrownBy(() -> toB.sendTaskSuccess(r -> r.taskToken(token).output("{}")))
                .isInstanceOf(TaskTimedOutException.class);
        assertThatThrownBy(() -> toB.sendTaskHeartbeat(r -> r.taskToken(token)))
                .isInstanceOf(TaskTimedOutException.class);
        toB.stopExecution(r -> r.executionArn(execution));
        assertThat(awaitEnd(toA, execution).statusAsString()).isEqualTo("ABORTED");
    }

    @Test
    void aTokenNoTaskOfARunningExecutionElsewhereWasGivenIsTaskDoesNotExist() {
        String[] waiting = waitingOnA("");
        // The same execution named, another random part: no task of A's holds it.
        String forged = "A".repeat(TaskTokens.RANDOM_CHARS) + waiting[1].substring(TaskTokens.RANDOM_CHARS);
        assertThatThrownBy(() -> toB.sendTaskFailure(r -> r.taskToken(forged).error("E")))
                .isInstanceOf(TaskDoesNotExistException.class);
        toB.sendTaskSuccess(r -> r.taskToken(waiting[1]).output("{}"));
        assertThat(awaitEnd(toA, waiting[0]).statusAsString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aTokenOfAnExecutionNoNodeDrivesIsAnsweredByTheNodeThatReceivedIt() {
        String[] waiting = waitingOnA("");
        toA.sendTaskSuccess(r -> r.taskToken(waiting[1]).output("{}"));
        assertThat(awaitEnd(toA, waiting[0]).statusAsString()).isEqualTo("SUCCEEDED");
        // Ended: no lease names a node, so B answers itself, as AWS does for a token no task holds.
        assertThatThrownBy(() -> toB.sendTaskHeartbeat(r -> r.taskToken(waiting[1])))
                .isInstanceOf(TaskDoesNotExistException.class);
        assertThatThrownBy(() -> toB.sendTaskSuccess(r -> r.taskToken("not a token").output("{}")))
                .isInstanceOf(InvalidTokenException.class);
    }
}
