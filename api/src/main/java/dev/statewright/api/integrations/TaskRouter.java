package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses how a Task state's resource is done: an activity (queued for workers), a callback
 * ({@code .waitForTaskToken}: the call, then a wait for SendTask*), Lambda, or, for anything
 * else, a clear error that names the resource and what would handle it.
 */
final class TaskRouter implements TaskHandler {
    private static final String CALLBACK = ".waitForTaskToken";
    private static final Pattern ACTIVITY = Pattern.compile("arn:[^:]+:states:[^:]*:[^:]*:activity:.+");

    private final TaskHandler lambda;
    private final TaskHandler nested;
    private final TaskHandler http = new HttpTaskHandler();
    private final CallbackRegistry callbacks;
    private final ActivityQueues activities;
    private final Predicate<String> activityExists;

    TaskRouter(TaskHandler lambda, TaskHandler nested, CallbackRegistry callbacks, ActivityQueues activities,
               Predicate<String> activityExists) {
        this.lambda = lambda;
        this.nested = nested;
        this.callbacks = callbacks;
        this.activities = activities;
        this.activityExists = activityExists;
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        String resource = request.resource();
        boolean waitsForWorker = ACTIVITY.matcher(resource).matches() || resource.endsWith(CALLBACK);
        if (waitsForWorker && callbacks == null) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED, "The resource '"
                    + resource + "' waits for a worker's SendTaskSuccess: run it in the service (statewright serve)"));
        }
        if (ACTIVITY.matcher(resource).matches()) {
            return activity(request);
        }
        if (resource.endsWith(CALLBACK)) {
            return callback(request, resource.substring(0, resource.length() - CALLBACK.length()));
        }
        if (isLambda(resource)) {
            return lambda.invoke(request);
        }
        if (resource.equals(HttpTaskHandler.RESOURCE)) {
            return http.invoke(request);
        }
        if (nested != null && resource.startsWith(NestedExecutionHandler.START)) {
            return nested.invoke(request);
        }
        return CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED, "The resource '" + resource
                + "' has no integration in Statewright yet: register a task handler for it (in Java), or mock it."));
    }

    private static boolean isLambda(String resource) {
        return resource.startsWith("arn:aws:lambda:") || resource.startsWith(LambdaTaskHandler.INVOKE);
    }

    /** A task for an activity that does not exist fails before anything is scheduled, as on AWS. */
    @Override
    public String refusal(String resource) {
        return callbacks != null && ACTIVITY.matcher(resource).matches() && !activityExists.test(resource)
                ? "The activity " + resource + " does not exist." : null;
    }

    private CompletionStage<JsonNode> activity(TaskRequest request) {
        String token = activityToken(request);
        CompletableFuture<JsonNode> answer = callbacks.register(token, request.resource(), request.stateName(),
                request.input(), request.heartbeat());
        activities.offer(request.resource(), new ActivityQueues.ActivityTask(token, request.input(), answer));
        return answer;
    }

    /**
     * The same token for the same attempt of the same state, so a task sent again after a restart
     * can still be answered by the worker that took it before.
     */
    private static String activityToken(TaskRequest request) {
        return TaskAttempt.id(request, "activity") + "-" + TaskAttempt.id(request, "activity token");
    }

    /**
     * A callback: registers the token, makes the call where Statewright can (Lambda), and waits
     * for a worker's SendTask*. For services it cannot call (SQS, SNS, ...) the call is skipped:
     * the token is in the TaskScheduled event and in {@code GET /callbacks} for tests to answer.
     */
    private CompletionStage<JsonNode> callback(TaskRequest request, String baseResource) {
        if (request.taskToken() == null) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME,
                    "The callback task for " + request.resource() + " has no task token"));
        }
        CompletableFuture<JsonNode> answer = callbacks.register(request.taskToken(), request.resource(),
                request.stateName(), request.input(), request.heartbeat());
        TaskHandler caller = isLambda(baseResource) ? lambda
                : nested != null && baseResource.equals(NestedExecutionHandler.START) ? nested : null;
        if (caller != null) {
            TaskRequest call = new TaskRequest(baseResource, request.input(), request.stateName(), request.context(),
                    request.taskToken(), request.heartbeat());
            caller.invoke(call).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure); // the call failed: there will be no callback
                }
            });
        }
        return answer;
    }
}
