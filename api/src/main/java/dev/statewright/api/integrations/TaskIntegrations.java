package dev.statewright.api.integrations;

import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;

import java.net.URI;
import dev.statewright.api.service.StepFunctions;

import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;

/**
 * The task integrations the service and the command line offer, chosen by Resource ARN. A
 * resource nothing handles fails with States.TaskFailed and a cause that says what to configure.
 */
public final class TaskIntegrations {
    private TaskIntegrations() {
    }

    /**
     * @param lambdaEndpoint a Lambda-compatible endpoint, or null when none is configured
     */
    public static TaskHandlers handlers(URI lambdaEndpoint, String region, String account) {
        // No one can answer a callback or take an activity task outside the service.
        return handlers(lambdaEndpoint, region, account, null);
    }

    /**
     * The command line's integrations, with the AWS SDK integration calling services through
     * {@code awsSdk} (null: none).
     */
    public static TaskHandlers handlers(URI lambdaEndpoint, String region, String account, AwsSdkTaskHandler awsSdk) {
        TaskRouter router = new TaskRouter(lambda(lambdaEndpoint, region, account), null, null, null, arn -> false,
                TaskHandlers.none(), null, awsSdk);
        return TaskHandlers.builder().resourcePrefix("", router).build();
    }

    /**
     * The service's integrations: Lambda, nested executions (in the same service), activities
     * (queued for GetActivityTask) and callbacks (answered by SendTask*).
     */
    public static TaskHandlers handlers(URI lambdaEndpoint, String region, String account, CallbackRegistry callbacks,
                                        ActivityTaskQueue activities, Predicate<String> activityExists,
                                        Supplier<StepFunctions> service) {
        return handlers(lambdaEndpoint, region, account, callbacks, activities, activityExists, service, TaskHandlers.none(),
                null);
    }

    /**
     * The service's integrations with in-process handlers in front: a resource {@code inProcess}
     * handles goes to it (the base resource of a {@code .waitForTaskToken} too, with the token in
     * the request), everything else to the integrations.
     */
    public static TaskHandlers handlers(URI lambdaEndpoint, String region, String account, CallbackRegistry callbacks,
                                        ActivityTaskQueue activities, Predicate<String> activityExists,
                                        Supplier<StepFunctions> service, TaskHandlers inProcess,
                                        AwsSdkTaskHandler awsSdk) {
        return handlers(lambdaEndpoint, region, account, callbacks, activities, activityExists, service, inProcess, awsSdk,
                TaskHosts.any());
    }

    /** As above, with the HTTP Task and the Lambda endpoint limited to {@code hosts}. */
    public static TaskHandlers handlers(URI lambdaEndpoint, String region, String account, CallbackRegistry callbacks,
                                        ActivityTaskQueue activities, Predicate<String> activityExists,
                                        Supplier<StepFunctions> service, TaskHandlers inProcess,
                                        AwsSdkTaskHandler awsSdk, TaskHosts hosts) {
        TaskRouter router = new TaskRouter(lambda(lambdaEndpoint, region, account, hosts), new NestedExecutionHandler(service),
                callbacks, activities, activityExists, inProcess, new SdkStepFunctionsHandler(service, callbacks), awsSdk,
                hosts);
        return TaskHandlers.builder().resourcePrefix("", router).build();
    }

    private static TaskHandler lambda(URI lambdaEndpoint, String region, String account) {
        return lambda(lambdaEndpoint, region, account, TaskHosts.any());
    }

    private static TaskHandler lambda(URI lambdaEndpoint, String region, String account, TaskHosts hosts) {
        String refused = lambdaEndpoint == null ? null : hosts.refusal(lambdaEndpoint);
        if (refused != null) {
            return request -> CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED,
                    "The Lambda endpoint " + lambdaEndpoint + " may not be called: " + refused));
        }
        return lambdaEndpoint != null
                ? new LambdaTaskHandler(new LambdaEndpoint(lambdaEndpoint), region, account)
                : unconfigured("Lambda", "--lambda-endpoint URL (or the LAMBDA_ENDPOINT variable)");
    }

    private static TaskHandler unconfigured(String service, String how) {
        return request -> CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED,
                "The resource '" + request.resource() + "' needs " + service + ": start Statewright with " + how
                        + ", or register a task handler for it."));
    }
}
