package dev.statewright.api.integrations;

import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The task integrations the service and the command line offer, chosen by Resource ARN. A
 * resource nothing handles fails with States.TaskFailed and a cause that says what to configure.
 */
public final class TaskIntegrations {
    private static final String LAMBDA_FUNCTION = "arn:aws:lambda:";

    private TaskIntegrations() {
    }

    /**
     * @param lambdaEndpoint a Lambda-compatible endpoint, or null when none is configured
     */
    public static TaskHandlers handlers(URI lambdaEndpoint, String region, String account) {
        TaskHandlers.Builder builder = TaskHandlers.builder();
        TaskHandler lambda = lambdaEndpoint != null
                ? new LambdaTaskHandler(new LambdaEndpoint(lambdaEndpoint), region, account)
                : unconfigured("Lambda", "--lambda-endpoint URL (or the LAMBDA_ENDPOINT variable)");
        builder.resourcePrefix(LAMBDA_FUNCTION, lambda).resourcePrefix(LambdaTaskHandler.INVOKE, lambda);
        return builder.build();
    }

    private static TaskHandler unconfigured(String service, String how) {
        return request -> CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED,
                "The resource '" + request.resource() + "' needs " + service + ": start Statewright with " + how
                        + ", or register a task handler for it."));
    }
}
