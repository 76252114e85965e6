package dev.statewright.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.SfnTestClients;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The workers outside the service: threads that answer the callbacks {@link ClusterLambda} hands
 * them (SendTaskSuccess, or SendTaskFailure {@code Worker.Declined} when k % 7 == 3), and threads
 * that take activity tasks (GetActivityTask) and answer them, each call through a node chosen at
 * random. A node that does not answer (killed: refused; paused: a timeout) is left for another.
 */
final class ClusterWorkers implements AutoCloseable {
    /** How long a worker waits for any call but a long poll before it tries another node. */
    private static final Duration CALL_PATIENCE = Duration.ofSeconds(3);
    /** A long poll lasts up to 60 s on the service. */
    private static final Duration POLL_PATIENCE = Duration.ofSeconds(75);

    private final ClusterLambda lambda;
    private final TaskSends sends;
    private final List<SfnClient> calls = new ArrayList<>();
    private final List<SfnClient> polls = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Answers a node refused (not for want of reaching it): reported when executions do not end. */
    private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    ClusterWorkers(int[] ports, ClusterLambda lambda, TaskSends sends) {
        this.lambda = lambda;
        this.sends = sends;
        for (int port : ports) {
            calls.add(SfnTestClients.clientWithoutRetries(port, CALL_PATIENCE));
            polls.add(SfnTestClients.clientWithoutRetries(port, POLL_PATIENCE));
        }
    }

    static String taskOfWork(String execution) {
        return execution + "|Work";
    }

    /** What the callback of execution k answers: a success, or a failure the machine catches. */
    static boolean declines(int k) {
        return k % 7 == 3;
    }

    void startCallbackWorkers(int count) {
        for (int i = 0; i < count; i++) {
            start("callback-worker-" + i, this::answerCallbacks);
        }
    }

    void startActivityWorkers(int count, String activityArn) {
        for (int i = 0; i < count; i++) {
            String name = "activity-worker-" + i;
            start(name, () -> takeActivityTasks(activityArn, name));
        }
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void answerCallbacks() {
        while (running) {
            ClusterLambda.Callback callback;
            try {
                callback = lambda.callbacks().poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (callback == null) {
                continue;
            }
            boolean answered = throughSomeNode("the callback of " + callback.execution(), sfn -> {
                if (declines(callback.k())) {
                    sfn.sendTaskFailure(r -> r.taskToken(callback.token()).error("Worker.Declined").cause("k is " + callback.k()));
                } else {
                    sfn.sendTaskSuccess(r -> r.taskToken(callback.token()).output("{\"cb\": " + (callback.k() + 1000) + "}"));
                }
            });
            if (answered) {
                callback.send().answered();
            }
        }
    }

    private void takeActivityTasks(String activityArn, String name) {
        while (running) {
            int node = ThreadLocalRandom.current().nextInt(polls.size());
            GetActivityTaskResponse task;
            try {
                task = polls.get(node).getActivityTask(r -> r.activityArn(activityArn).workerName(name));
            } catch (SdkClientException | SfnException unreachable) {
                continue; // killed, paused, or closing: another node
            }
            if (task.taskToken() == null || task.taskToken().isEmpty()) {
                continue;
            }
            JsonNode input = Json.parse(task.input());
            TaskSends.Send send = sends.sent(taskOfWork(input.path("execution").asText()), node);
            int k = input.path("k").asInt();
            if (throughSomeNode("the activity task of " + input.path("execution").asText(),
                    sfn -> sfn.sendTaskSuccess(r -> r.taskToken(task.taskToken()).output("{\"act\": " + 3 * k + "}")))) {
                send.answered();
            }
        }
    }

    /**
     * Makes {@code call} through random nodes until one answers; true if it was acknowledged,
     * false if a node refused it (recorded) or the workers were closed.
     */
    private boolean throughSomeNode(String what, Consumer<SfnClient> call) {
        while (running) {
            int node = ThreadLocalRandom.current().nextInt(calls.size());
            try {
                call.accept(calls.get(node));
                return true;
            } catch (SdkClientException unreachable) {
                // killed (refused) or paused (timed out): another node
            } catch (SfnException refused) {
                if (refused.statusCode() >= 500) {
                    continue; // a node going away (its store unavailable): another node
                }
                refusals.add(what + " through node " + node + ": " + refused.awsErrorDetails().errorCode() + ": "
                        + refused.awsErrorDetails().errorMessage());
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        calls.forEach(SfnClient::close);
        polls.forEach(SfnClient::close);
    }
}
