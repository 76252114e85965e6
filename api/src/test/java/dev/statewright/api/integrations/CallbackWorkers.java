package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Stand-ins for SQS queues and SNS topics that hand each message to a test worker, which
 * answers the token in it through the AWS API (SendTaskSuccess, SendTaskFailure,
 * SendTaskHeartbeat) as the plan for the queue says, or stays silent.
 */
public final class CallbackWorkers implements AutoCloseable {
    static final String SEND_MESSAGE = "arn:aws:states:::sqs:sendMessage";
    static final String PUBLISH = "arn:aws:states:::sns:publish";
    private static final long STEP_MILLIS = 300;

    private final Supplier<SfnClient> sfnClient;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, ServiceCasePlan> plansByDestination = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    /** @param sfnClient the workers' client, made once the service they call listens */
    public CallbackWorkers(Supplier<SfnClient> sfnClient) {
        this.sfnClient = sfnClient;
    }

    /** The in-process handlers that stand in for the queues and topics. */
    TaskHandlers handlers() {
        return TaskHandlers.builder()
                .resource(SEND_MESSAGE, receiver("QueueUrl", "MessageBody", "SQS.QueueDoesNotExistException"))
                .resource(PUBLISH, receiver("TopicArn", "Message", "SNS.NotFoundException"))
                .build();
    }

    /** Messages sent to this queue URL or topic ARN go to a worker that behaves as the plan says. */
    void listen(String destination, ServiceCasePlan plan) {
        plansByDestination.put(destination, plan);
    }

    /** What went wrong in a worker's own calls (a refused SendTask*), for the test to report. */
    public List<String> problems() {
        return problems;
    }

    private TaskHandler receiver(String destinationField, String bodyField, String unknownDestinationError) {
        return request -> receive(request, destinationField, bodyField, unknownDestinationError);
    }

    private CompletionStage<JsonNode> receive(TaskRequest request, String destinationField, String bodyField,
                                              String unknownDestinationError) {
        String destination = request.input().path(destinationField).asText();
        ServiceCasePlan plan = plansByDestination.get(destination);
        if (plan == null || plan.queueWorker() == null) {
            return CompletableFuture.failedFuture(new StatesException(unknownDestinationError, "No such destination: " + destination));
        }
        JsonNode body = request.input().path(bodyField);
        if (body.isTextual()) {
            try {
                body = Json.parse(body.textValue());
            } catch (RuntimeException plainText) {
                // a text message: it holds no token
            }
        }
        work(plan, body);
        return CompletableFuture.completedFuture(Json.object().put("MessageId", UUID.randomUUID().toString()));
    }

    /**
     * Answers the token in a message as the plan says (after its heartbeats), or stays silent: for
     * messages that reached a real queue or topic, read by the test from there.
     */
    public void answer(ServiceCasePlan plan, JsonNode message) {
        work(plan, message);
    }

    private void work(ServiceCasePlan plan, JsonNode message) {
        SfnClient sfn = sfnClient.get();
        JsonNode tokenField = message.path("TaskToken");
        if (!tokenField.isTextual() || plan.queueWorker() == ServiceCasePlan.Behaviour.STAY_SILENT) {
            return; // without a token nobody can answer; a silent worker never does
        }
        String token = tokenField.textValue();
        for (int i = 1; i <= plan.heartbeats(); i++) {
            later(i * STEP_MILLIS, () -> sfn.sendTaskHeartbeat(b -> b.taskToken(token)));
        }
        later((plan.heartbeats() + 1) * STEP_MILLIS, () -> answer(plan, token, message));
    }

    private void answer(ServiceCasePlan plan, String token, JsonNode message) {
        SfnClient sfn = sfnClient.get();
        switch (plan.queueWorker()) {
            case ANSWER_WITH_MESSAGE_BODY -> sfn.sendTaskSuccess(b -> b.taskToken(token).output(Json.write(message)));
            case ANSWER_WITH_MESSAGE_FIELD -> sfn.sendTaskSuccess(b -> b.taskToken(token).output(Json.write(message.get("Message"))));
            case ANSWER_WITH_EMPTY_OBJECT -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
            case FAIL_WITHOUT_ERROR -> sfn.sendTaskFailure(b -> b.taskToken(token));
            case FAIL_WITH_GIVEN_ERROR -> sfn.sendTaskFailure(b -> b.taskToken(token).error(plan.error()).cause(plan.cause()));
            case FAIL_WHEN_MESSAGE_ASKS -> {
                if (message.path("ShouldFail").asText().equals("yes")) {
                    sfn.sendTaskFailure(b -> b.taskToken(token));
                } else {
                    sfn.sendTaskSuccess(b -> b.taskToken(token).output(Json.write(plan.output())));
                }
            }
            default -> problems.add("no callback worker does " + plan.queueWorker());
        }
    }

    private void later(long millis, Runnable call) {
        scheduler.schedule(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                problems.add(e.toString());
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
