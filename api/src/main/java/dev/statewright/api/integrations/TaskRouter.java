package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.api.integrations.awssdk.S3ItemReader;
import dev.statewright.api.integrations.awssdk.S3ResultWriter;
import dev.statewright.api.integrations.optimized.OptimizedTaskHandler;
import dev.statewright.api.runtime.ActivityTokens;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.engine.TaskRequest;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Chooses how a Task state's resource is done: an in-process handler registered for it (tests,
 * embedders), an activity (queued for workers), a callback ({@code .waitForTaskToken}: the call,
 * then a wait for SendTask*), Lambda, HTTP, Step Functions itself, AWS services, a Distributed
 * Map's ItemReader and ResultWriter on S3, or, for anything else, a clear error that names the resource and how to
 * mock it.
 */
final class TaskRouter implements TaskHandler {
    private static final String CALLBACK = ".waitForTaskToken";

    private final TaskHandler lambda;
    private final TaskHandler nested;
    private final TaskHandler http;
    private final CallbackRegistry callbacks;
    private final ActivityTaskQueue activities;
    private final Predicate<String> activityExists;
    private final TaskHandlers inProcess;
    private final TaskHandler sdkStepFunctions;
    private final AwsSdkTaskHandler awsSdk;
    private final OptimizedTaskHandler optimized;
    private final S3ItemReader s3Items;
    private final S3ResultWriter s3Results;

    TaskRouter(TaskHandler lambda, TaskHandler nested, CallbackRegistry callbacks, ActivityTaskQueue activities,
               Predicate<String> activityExists, TaskHandlers inProcess, TaskHandler sdkStepFunctions,
               AwsSdkTaskHandler awsSdk) {
        this(lambda, nested, callbacks, activities, activityExists, inProcess, sdkStepFunctions, awsSdk, TaskHosts.any());
    }

    TaskRouter(TaskHandler lambda, TaskHandler nested, CallbackRegistry callbacks, ActivityTaskQueue activities,
               Predicate<String> activityExists, TaskHandlers inProcess, TaskHandler sdkStepFunctions,
               AwsSdkTaskHandler awsSdk, TaskHosts hosts) {
        this.http = new HttpTaskHandler(hosts);
        this.inProcess = inProcess;
        this.awsSdk = awsSdk;
        this.optimized = awsSdk == null ? null : new OptimizedTaskHandler(awsSdk);
        this.s3Items = awsSdk == null ? null : new S3ItemReader(awsSdk);
        this.s3Results = awsSdk == null ? null : new S3ResultWriter(awsSdk);
        this.sdkStepFunctions = sdkStepFunctions;
        this.lambda = lambda;
        this.nested = nested;
        this.callbacks = callbacks;
        this.activities = activities;
        this.activityExists = activityExists;
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        String resource = request.resource();
        boolean waitsForWorker = ActivityTokens.isActivity(resource) || resource.endsWith(CALLBACK);
        if (waitsForWorker && callbacks == null) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED, "The resource '"
                    + resource + "' waits for a worker's SendTaskSuccess: run it in the service (statewright serve)"));
        }
        if (ActivityTokens.isActivity(resource)) {
            return activity(request);
        }
        if (resource.endsWith(CALLBACK)) {
            return callback(request, resource.substring(0, resource.length() - CALLBACK.length()));
        }
        Optional<TaskHandler> registered = inProcess.find(resource);
        if (registered.isPresent()) {
            return registered.get().invoke(request);
        }
        if (isLambda(resource)) {
            return lambda.invoke(request);
        }
        if (resource.equals(HttpTaskHandler.RESOURCE)) {
            return http.invoke(request);
        }
        if (nested != null && resource.startsWith(NestedExecutionHandler.START)) {
            return request.taskToken() != null && callbacks != null ? syncOrCallback(request) : nested.invoke(request);
        }
        if (sdkStepFunctions != null && resource.startsWith(SdkStepFunctionsHandler.PREFIX)) {
            return sdkStepFunctions.invoke(request);
        }
        if (awsSdk != null && resource.startsWith(AwsSdkTaskHandler.PREFIX)) {
            return awsSdk.invoke(request);
        }
        if (s3Items != null && S3ItemReader.handles(resource)) {
            return s3Items.invoke(request); // a Distributed Map's ItemReader
        }
        if (s3Results != null && S3ResultWriter.handles(request)) {
            return s3Results.invoke(request); // a Distributed Map's ResultWriter, not the s3:putObject task
        }
        if (optimized != null && OptimizedTaskHandler.handles(resource)) {
            return optimized.invoke(request);
        }
        return CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED, noIntegration(resource)));
    }

    /** Why a resource cannot run, and the two ways to give it an answer. */
    static String noIntegration(String resource) {
        return "The resource '" + resource + "' has no integration in Statewright: mock it (a test case in a mock "
                + "configuration, given with --mock-config FILE, and the execution started as stateMachineArn#TestCase), "
                + "or register an in-process task handler for it (StatewrightService.startWithHandlers).";
    }

    /**
     * A {@code .sync} child execution whose task also has a token ({@code $$.Task.Token}): as on
     * AWS, whichever comes first ends the task, the child's end or a SendTask* with the token.
     */
    private CompletionStage<JsonNode> syncOrCallback(TaskRequest request) {
        CompletableFuture<JsonNode> answer = callbacks.register(request.taskToken(), request.resource(),
                request.stateName(), request.input(), request.heartbeat());
        CompletableFuture<JsonNode> child = nested.invoke(request).toCompletableFuture();
        child.whenComplete((result, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(result);
            }
        });
        answer.whenComplete((result, failure) -> {
            if (answer.isCancelled()) {
                child.cancel(false); // the engine gave up on the task: the child is stopped
            }
        });
        return answer;
    }

    private static boolean isLambda(String resource) {
        return resource.startsWith("arn:aws:lambda:") || resource.startsWith(LambdaTaskHandler.INVOKE);
    }

    /** A task for an activity that does not exist fails before anything is scheduled, as on AWS. */
    @Override
    public String refusal(String resource) {
        return callbacks != null && ActivityTokens.isActivity(resource) && !activityExists.test(resource)
                ? "The activity " + resource + " does not exist." : null;
    }

    private CompletionStage<JsonNode> activity(TaskRequest request) {
        // A durable execution's dispatcher gave the token (it names the execution); a state tested alone has none.
        String older = ActivityTokens.older(request);
        String token = request.taskToken() != null ? request.taskToken() : older;
        CompletableFuture<JsonNode> answer = callbacks.register(token, older, request.resource(), request.stateName(),
                request.input(), request.heartbeat());
        if (!request.takenBefore()) { // a worker that took it before a restart still holds it, and answers it
            activities.offer(request.resource(), new ActivityTask(token, request.input(), answer,
                    request.pickedUp()));
        }
        return answer;
    }

    /**
     * A callback: registers the token, makes the call where Statewright can (an in-process
     * handler for the base resource, Lambda, a child execution, the AWS SDK integration), and waits
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
        TaskHandler caller = inProcess.find(baseResource).orElse(isLambda(baseResource) ? lambda
                : nested != null && baseResource.equals(NestedExecutionHandler.START) ? nested
                : awsSdk != null && baseResource.startsWith(AwsSdkTaskHandler.PREFIX) ? awsSdk
                // An optimized integration's message goes out when its service has an endpoint; without one the
                // call is skipped, as before there were integrations, and the token is answered from GET /callbacks.
                : optimized != null && OptimizedTaskHandler.handles(baseResource) && optimized.reachable(baseResource)
                ? optimized : null);
        if (caller != null) {
            TaskRequest call = new TaskRequest(baseResource, request.input(), request.stateName(), request.context(),
                    request.taskToken(), request.heartbeat(), request.pickedUp(), request.takenBefore());
            caller.invoke(call).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure); // the call failed: there will be no callback
                }
            });
        }
        return answer;
    }
}
