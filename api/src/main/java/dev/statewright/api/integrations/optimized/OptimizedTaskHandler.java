package dev.statewright.api.integrations.optimized;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.api.integrations.awssdk.SdkResult;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Step Functions' optimized integrations of SQS, SNS, DynamoDB and EventBridge, made through the
 * AWS SDK integration's calls and answered in the shape AWS gives them (see {@link OptimizedIntegration}).
 */
public final class OptimizedTaskHandler implements TaskHandler {
    public static final String PREFIX = "arn:aws:states:::";
    private static final Map<String, OptimizedIntegration> INTEGRATIONS = Stream.of(
                    OptimizedIntegration.sqs("sendMessage"), OptimizedIntegration.sns("publish"),
                    OptimizedIntegration.dynamoDb("getItem"), OptimizedIntegration.dynamoDb("putItem"),
                    OptimizedIntegration.dynamoDb("updateItem"), OptimizedIntegration.dynamoDb("deleteItem"),
                    OptimizedIntegration.eventBridge("putEvents"))
            .collect(Collectors.toUnmodifiableMap(OptimizedIntegration::resource, Function.identity()));

    private final AwsSdkTaskHandler sdk;

    public OptimizedTaskHandler(AwsSdkTaskHandler sdk) {
        this.sdk = sdk;
    }

    /** Whether a resource (without a callback suffix) is one of these integrations. */
    public static boolean handles(String resource) {
        return resource.startsWith(PREFIX) && INTEGRATIONS.containsKey(resource.substring(PREFIX.length()));
    }

    /** The SDK's service behind an optimized resource ({@code eventbridge} for {@code events:putEvents}). */
    public static String sdkServiceOf(String resource) {
        return INTEGRATIONS.get(resource.substring(PREFIX.length())).sdkService();
    }

    /** Whether the service a resource calls has an endpoint (or AWS may be called). */
    public boolean reachable(String resource) {
        return sdk.reachable(INTEGRATIONS.get(resource.substring(PREFIX.length())).sdkService());
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        OptimizedIntegration integration = INTEGRATIONS.get(request.resource().substring(PREFIX.length()));
        if (integration == null) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME,
                    "No optimized integration " + request.resource()));
        }
        return sdk.call(integration.sdkService(), integration.sdkAction(), request.input(), request.stateName())
                .handle((result, failure) -> {
                    if (failure != null) {
                        throw named(integration, failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                    return answer(integration, result);
                });
    }

    private static JsonNode answer(OptimizedIntegration integration, SdkResult result) {
        ObjectNode body = result.body();
        if (integration.resource().equals("events:putEvents") && body.path("FailedEntryCount").asInt() > 0) {
            // AWS fails the task when any entry failed, with the whole answer as the cause.
            throw new StatesException("EventBridge.FailedEntry", Json.write(body));
        }
        if (!integration.httpMetadata()) {
            return body;
        }
        ObjectNode all = Json.object();
        ObjectNode first = Json.object();
        result.headers().forEach((name, values) -> {
            all.set(name, Json.MAPPER.valueToTree(values));
            first.put(name, values.isEmpty() ? "" : values.get(0));
        });
        ObjectNode metadata = body.putObject("SdkHttpMetadata");
        metadata.set("AllHttpHeaders", all);
        metadata.set("HttpHeaders", first);
        metadata.put("HttpStatusCode", result.statusCode());
        body.putObject("SdkResponseMetadata").put("RequestId", result.requestId());
        return body;
    }

    /** An error as AWS's optimized integrations name it: v1's names and v1's wording. */
    static RuntimeException named(OptimizedIntegration integration, Throwable failure) {
        if (failure instanceof AwsServiceException error) {
            // A class the model names (QueueDoesNotExistException) keeps its name; the service's own base one is v1's.
            boolean modeled = error.getClass().getSuperclass() != AwsServiceException.class;
            String name = modeled ? error.getClass().getSimpleName() : integration.v1Exception();
            var details = error.awsErrorDetails();
            String cause = (details != null && details.errorMessage() != null ? details.errorMessage() : bareMessage(error))
                    + " (Service: " + integration.v1Service() + "; Status Code: " + error.statusCode() + "; Error Code: "
                    + (details != null ? details.errorCode() : null) + "; Request ID: " + error.requestId()
                    + "; Proxy: null)";
            return new StatesException(integration.errorPrefix() + "." + name, cause);
        }
        if (failure instanceof SdkException error) {
            return new StatesException(integration.errorPrefix() + ".SdkClientException", error.getMessage());
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new StatesException(StatesErrors.TASK_FAILED, String.valueOf(failure));
    }

    /**
     * The message of an error the service gave no message for, without the SDK's own suffix
     * ({@code (Service: Sqs, Status Code: 500, ...)}), since v1's is added after it.
     */
    private static String bareMessage(AwsServiceException error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        int suffix = message.indexOf("(Service: ");
        String bare = (suffix < 0 ? message : message.substring(0, suffix)).strip();
        return bare.isEmpty() ? "Service returned HTTP status code " + error.statusCode() : bare;
    }

    /** The resources these integrations answer, for the README and for validation. */
    public static List<String> resources() {
        return INTEGRATIONS.keySet().stream().sorted().map(resource -> PREFIX + resource).toList();
    }
}
