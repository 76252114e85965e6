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
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static dev.statewright.api.SfnTestClients.scheduledToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database: a worker polling either node gets the activity tasks of executions
 * either node drives, each task once, and answers on either; a {@code .sync} task waits for a
 * child execution another node drives.
 */
class ActivitiesAcrossNodesTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";

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

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A machine whose one Task is the activity; a failure the worker names is caught. */
    private static String activityMachine(String activityArn) {
        String definition = """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 30,
                  "Catch": [{"ErrorEquals": ["Worker.Broke"], "ResultPath": "$.caught", "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""".formatted(activityArn);
        return toA.createStateMachine(r -> r.name(unique("act")).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    @Test
    void aWorkerWaitingOnTheOtherNodeGetsTheTaskAndAnswersThere() throws Exception {
        String activity = toA.createActivity(r -> r.name(unique("worker-queue"))).activityArn();
        String machine = activityMachine(activity);
        // B's worker waits first: the task A's execution queues must wake it, not its next poll.
        CompletableFuture<GetActivityTaskResponse> polled = CompletableFuture.supplyAsync(() ->
                toB.getActivityTask(r -> r.activityArn(activity).workerName("worker-on-b")));
        String execution = toA.startExecution(r -> r.stateMachineArn(machine).input("{\"job\": 7}")).executionArn();
        GetActivityTaskResponse task = polled.get(20, TimeUnit.SECONDS);

        assertThat(Json.parse(task.input())).isEqualTo(Json.parse("{\"job\": 7}"));
        assertThat(TaskTokens.executionOf(task.taskToken())).as("the token names its execution").contains(execution);
        toB.sendTaskHeartbeat(r -> r.taskToken(task.taskToken()));
        toB.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"done\": 7}"));

        DescribeExecutionResponse done = awaitEnd(toA, execution);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"done\": 7}"));
        List<HistoryEvent> history = toA.getExecutionHistory(r -> r.executionArn(execution)).events();
        assertThat(history).filteredOn(e -> e.typeAsString().equals("ActivityStarted"))
                .as("A recorded the worker B handed the task to").singleElement()
                .satisfies(e -> assertThat(e.activityStartedEventDetails().workerName()).isEqualTo("worker-on-b"));
    }

    @Test
    void aFailureSentToTheOtherNodeIsCaught() {
        String activity = toA.createActivity(r -> r.name(unique("failing"))).activityArn();
        String machine = activityMachine(activity);
        String execution = toA.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
        GetActivityTaskResponse task = toB.getActivityTask(r -> r.activityArn(activity).workerName("w"));
        toB.sendTaskFailure(r -> r.taskToken(task.taskToken()).error("Worker.Broke").cause("on b"));

        DescribeExecutionResponse done = awaitEnd(toA, execution);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output()).path("caught").path("Cause").asText()).isEqualTo("on b");
    }

    @Test
    void workersPollingBothNodesGetEachTaskOnce() throws Exception {
        String activity = toA.createActivity(r -> r.name(unique("shared"))).activityArn();
        String machine = activityMachine(activity);
        int executions = 12;
        List<String> started = new ArrayList<>();
        for (int i = 0; i < executions; i++) {
            int n = i;
            SfnClient to = i % 2 == 0 ? toA : toB;
            started.add(to.startExecution(r -> r.stateMachineArn(machine).input("{\"n\": " + n + "}")).executionArn());
        }
        Set<String> handedOut = ConcurrentHashMap.newKeySet();
        List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            SfnClient on = w % 2 == 0 ? toA : toB;
            String name = "worker-" + w;
            workers.add(CompletableFuture.runAsync(() -> {
                while (handedOut.size() < executions) {
                    GetActivityTaskResponse task = on.getActivityTask(r -> r.activityArn(activity).workerName(name));
                    if (task.taskToken() == null) {
                        continue;
                    }
                    if (!handedOut.add(task.taskToken())) {
                        duplicates.add(task.taskToken());
                    }
                    int n = Json.parse(task.input()).path("n").asInt();
                    // Answered on the node the worker did not poll, half the time.
                    (n % 3 == 0 ? toA : toB).sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"n\": " + n * 10 + "}"));
                }
            }));
        }
        // The last workers' polls wait for tasks that never come: they are not waited for.
        CompletableFuture.anyOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (int i = 0; i < executions; i++) {
            DescribeExecutionResponse done = awaitEnd(i % 2 == 0 ? toB : toA, started.get(i));
            assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
            assertThat(Json.parse(done.output()).path("n").asInt()).isEqualTo(i * 10);
        }
        assertThat(duplicates).as("no task handed to two workers").isEmpty();
        assertThat(handedOut).hasSize(executions);
    }

    @Test
    void aSyncTaskWaitsForAChildTheOtherNodeDrives() {
        String childMachine = toB.createStateMachine(r -> r.name(unique("child")).roleArn(ROLE).definition("""
                {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}""")).stateMachineArn();
        String childName = unique("kid");
        // B drives the child; the parent on A names it, so its start finds the running child rather than starting one.
        String child = toB.startExecution(r -> r.stateMachineArn(childMachine).name(childName).input("{\"n\": 1}")).executionArn();
        String parentMachine = toA.createStateMachine(r -> r.name(unique("parent")).roleArn(ROLE).definition("""
                {"StartAt": "Run", "States": {"Run": {"Type": "Task",
                  "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "%s", "Name": "%s", "Input": {"n": 1}},
                  "OutputPath": "$.Output", "End": true}}}""".formatted(childMachine, childName))).stateMachineArn();
        String parent = toA.startExecution(r -> r.stateMachineArn(parentMachine).input("{}")).executionArn();
        String token = scheduledToken(toB, child);

        toA.sendTaskSuccess(r -> r.taskToken(token).output("{\"from\": \"child\"}"));

        DescribeExecutionResponse done = awaitEnd(toA, parent);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("{\"from\": \"child\"}"));
    }
}
