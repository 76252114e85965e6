package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.CompletionFailures;
import dev.statewright.interpreter.StatesException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A Lambda-compatible endpoint reached through the Lambda Invoke REST API
 * ({@code POST /2015-03-31/functions/NAME/invocations}), as local Lambda runtimes (SAM local,
 * LocalStack, the runtime interface emulator behind a router) offer it. Answers without blocking.
 */
public final class LambdaEndpoint {
    /** What one invocation gave back: the body as sent, its function error type if any, its headers' facts. */
    public record Invocation(int status, String body, String functionError, String requestId, String executedVersion,
                             String logResult) {
    }

    private final URI base;
    private final HttpClient http;

    public LambdaEndpoint(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI base() {
        return base;
    }

    /**
     * Invokes a function synchronously.
     *
     * @param function a name or ARN
     * @param payload  the event, as JSON text
     */
    public CompletableFuture<Invocation> invoke(String function, String payload) {
        return invoke(function, payload, false);
    }

    /** @param tailLog ask for the end of the function's log (LogType Tail), returned base64-encoded */
    public CompletableFuture<Invocation> invoke(String function, String payload, boolean tailLog) {
        URI uri = base.resolve("/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8)
                + "/invocations");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("X-Amz-Invocation-Type", "RequestResponse")
                .header("X-Amz-Log-Type", tailLog ? "Tail" : "None")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Invocation(response.statusCode(), response.body(),
                        response.headers().firstValue("X-Amz-Function-Error").orElse(null),
                        response.headers().firstValue("x-amzn-RequestId").orElse(null),
                        response.headers().firstValue("X-Amz-Executed-Version").orElse("$LATEST"),
                        response.headers().firstValue("X-Amz-Log-Result").orElse(null)))
                .exceptionally(failure -> {
                    Throwable cause = CompletionFailures.unwrap(failure);
                    throw new StatesException("Lambda.SdkClientException", "Unable to reach the Lambda endpoint "
                            + base + " for " + function + ": " + describe(cause));
                });
    }

    private static String describe(Throwable failure) {
        return failure instanceof IOException && failure.getMessage() == null
                ? failure.getClass().getSimpleName() : String.valueOf(failure.getMessage());
    }

    /** A service error body ({"Type","Message"} or {"message"}), for the States error's cause. */
    static String serviceMessage(JsonNode body, String fallback) {
        if (body != null && body.hasNonNull("Message")) {
            return body.get("Message").asText();
        }
        if (body != null && body.hasNonNull("message")) {
            return body.get("message").asText();
        }
        return fallback;
    }
}
