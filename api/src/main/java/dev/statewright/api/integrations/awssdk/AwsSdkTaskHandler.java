package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS SDK integration, {@code arn:aws:states:::aws-sdk:SERVICE:ACTION}: calls the action of any
 * service whose SDK for Java v2 module is on the class path, with the state's parameters as the
 * request and the response as the result, both in Step Functions' PascalCase; the service's
 * errors are named as Step Functions names them ({@code S3.NoSuchKeyException}), so Retry and Catch
 * written for AWS match. The SDK's clients block, so calls run on a pool of their own.
 */
public final class AwsSdkTaskHandler implements TaskHandler, AutoCloseable {
    public static final String PREFIX = "arn:aws:states:::aws-sdk:";
    private static final int CALLERS = 16;

    private final SdkClients clients;
    private final ClassLoader loader = AwsSdkTaskHandler.class.getClassLoader();
    private final Map<String, Optional<SdkService>> services = new ConcurrentHashMap<>();
    private final Map<String, SdkService.Action> actions = new ConcurrentHashMap<>();
    private final ExecutorService callers;

    public AwsSdkTaskHandler(ServiceEndpoints endpoints, String fallbackRegion) {
        this.clients = new SdkClients(endpoints, fallbackRegion);
        AtomicInteger count = new AtomicInteger();
        this.callers = Executors.newFixedThreadPool(CALLERS, work -> {
            Thread thread = new Thread(work, "aws-sdk-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        String[] parts;
        try {
            parts = serviceAndAction(request.resource());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call(parts[0], parts[1], request.input(), request.stateName())
                .handle((result, failure) -> {
                    if (failure != null) {
                        throw named(parts[0], failure instanceof java.util.concurrent.CompletionException
                                ? failure.getCause() : failure);
                    }
                    return (JsonNode) result.body();
                });
    }

    /**
     * Calls an action of a service with these parameters (in Step Functions' PascalCase). Fails
     * with the SDK's own exception when the call fails (each integration names it its way), or a
     * {@link StatesException} when it cannot be made.
     */
    public CompletableFuture<SdkResult> call(String serviceName, String actionName, JsonNode parameters,
                                             String stateName) {
        try {
            SdkService service = service(serviceName);
            SdkService.Action action = actions.computeIfAbsent(service.name() + ":" + actionName,
                    key -> service.action(actionName));
            SdkClient client = clients.client(service, stateName);
            return CompletableFuture.supplyAsync(() -> call(service, action, client, parameters), callers);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code work} with the SDK client of a service (its endpoint and credentials as for any
     * call), on the callers' threads: for work that is more than one call, such as reading a
     * Map's items from S3.
     */
    <T> CompletableFuture<T> withClient(String serviceName, String stateName, java.util.function.Function<SdkClient, T> work) {
        try {
            SdkClient client = clients.client(service(serviceName), stateName);
            return CompletableFuture.supplyAsync(() -> work.apply(client), callers);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether a service has an endpoint here, or AWS itself may be called (false too when its SDK module is missing). */
    public boolean reachable(String serviceName) {
        Optional<SdkService> service = services.computeIfAbsent(serviceName, key -> SdkService.find(key, loader));
        return service.isPresent() && clients.reachable(service.get());
    }

    /** How a user gives a service an endpoint, in words. */
    public String howToReach(String serviceName) {
        return ServiceEndpoints.howToSet(serviceName);
    }

    /** The aws-sdk integration's name of a failure: the service's errors as Step Functions names them. */
    private RuntimeException named(String serviceName, Throwable failure) {
        if (failure instanceof AwsServiceException serviceError) {
            return new StatesException(service(serviceName).errorName(serviceError), serviceError.getMessage());
        }
        if (failure instanceof SdkException sdkError) {
            return new StatesException(StatesErrors.TASK_FAILED, "The call to " + serviceName + " failed: "
                    + sdkError.getMessage());
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new StatesException(StatesErrors.TASK_FAILED, String.valueOf(failure));
    }

    /** SERVICE and ACTION of {@code arn:aws:states:::aws-sdk:SERVICE:ACTION} (a callback suffix already taken off). */
    static String[] serviceAndAction(String resource) {
        String rest = resource.startsWith(PREFIX) ? resource.substring(PREFIX.length()) : "";
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
            throw new StatesException(StatesErrors.RUNTIME, "The resource '" + resource + "' is not of the form "
                    + PREFIX + "SERVICE:ACTION");
        }
        return new String[]{rest.substring(0, colon), rest.substring(colon + 1)};
    }

    private SdkService service(String name) {
        return services.computeIfAbsent(name, key -> SdkService.find(key, loader)).orElseThrow(() ->
                new StatesException(StatesErrors.TASK_FAILED, "The AWS service '" + name + "' has no AWS SDK for Java"
                        + " v2 module here: add software.amazon.awssdk:" + name + " to the class path (see the README,"
                        + " AWS SDK integration)"));
    }

    private static SdkResult call(SdkService service, SdkService.Action action, SdkClient client, JsonNode input) {
        ObjectNode parameters = input.isObject() ? Json.shallowCopy((ObjectNode) input) : null;
        if (parameters == null) {
            throw new StatesException(StatesErrors.RUNTIME, "The parameters of " + service.name() + ":" + action.name()
                    + " must be an object");
        }
        JsonNode body = action.bodyIn() ? parameters.remove("Body") : null;
        SdkPojo builder = SdkJson.builderOf(action.request()).get();
        Object sdkRequest = SdkJson.build(SdkJson.fill(builder, parameters, "Parameters"));
        Object response;
        try {
            // AWS sends a streamed Body as its JSON text, whatever it is: a string goes with its quotes
            // (its recorded putObject of "text data" stores 11 bytes, the ETag their MD5).
            response = action.bodyIn()
                    ? action.method().invoke(client, sdkRequest, body == null ? RequestBody.empty()
                    : RequestBody.fromString(Json.write(body)))
                    : action.method().invoke(client, sdkRequest);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new StatesException(StatesErrors.TASK_FAILED, String.valueOf(e.getCause()));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + action.method(), e);
        }
        if (response instanceof ResponseBytes<?> bytes) {
            ObjectNode result = SdkJson.toJson((SdkPojo) bytes.response());
            result.put("Body", SdkJson.text(bytes.asByteArray()));
            return SdkResult.of(result, (SdkResponse) bytes.response());
        }
        return SdkResult.of(SdkJson.toJson((SdkPojo) response), (SdkResponse) response);
    }

    @Override
    public void close() {
        callers.shutdownNow();
        clients.close();
    }
}
