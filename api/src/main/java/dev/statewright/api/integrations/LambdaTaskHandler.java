package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lambda Task states, in both of AWS's forms, sent to a {@link LambdaEndpoint}:
 * <ul>
 *   <li>a function ARN as the Resource: the state's input is the event; the result is what the
 *       function returned;</li>
 *   <li>{@code arn:aws:states:::lambda:invoke}: FunctionName and Payload in the input; the result
 *       is AWS's envelope (Payload, StatusCode, ExecutedVersion, SdkHttpMetadata, ...).</li>
 * </ul>
 * A function's error becomes a States error named by its errorType, with its error document as
 * cause; Lambda's own errors are {@code Lambda.<ErrorCode>}.
 */
public final class LambdaTaskHandler implements TaskHandler {
    public static final String INVOKE = "arn:aws:states:::lambda:invoke";

    private final LambdaEndpoint endpoint;
    private final String region;
    private final String account;

    public LambdaTaskHandler(LambdaEndpoint endpoint, String region, String account) {
        this.endpoint = endpoint;
        this.region = region;
        this.account = account;
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        boolean optimized = request.resource().startsWith(INVOKE);
        String function;
        String payload;
        boolean tailLog = false;
        if (optimized) {
            JsonNode input = request.input();
            if (!input.path("FunctionName").isTextual()) {
                return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME,
                        "The field 'FunctionName' is required for " + INVOKE));
            }
            function = input.get("FunctionName").textValue();
            JsonNode body = input.get("Payload");
            payload = body == null || body.isNull() ? "{}" : body.isTextual() ? body.textValue() : Json.write(body);
            tailLog = "Tail".equals(input.path("LogType").asText());
        } else {
            function = request.resource();
            payload = Json.write(request.input());
        }
        return endpoint.invoke(function, payload, tailLog).thenApply(invocation -> result(invocation, function, optimized));
    }

    private JsonNode result(LambdaEndpoint.Invocation invocation, String function, boolean optimized) {
        String requestId = invocation.requestId() != null ? invocation.requestId() : UUID.randomUUID().toString();
        if (invocation.status() == 404 || invocation.status() >= 400) {
            throw serviceError(invocation, function, requestId);
        }
        if (invocation.functionError() != null) {
            throw functionError(invocation, requestId, optimized);
        }
        JsonNode returned = parse(invocation.body());
        if (!optimized) {
            return returned;
        }
        return envelope(invocation, returned, requestId);
    }

    private StatesException serviceError(LambdaEndpoint.Invocation invocation, String function, String requestId) {
        JsonNode body = parseOrNull(invocation.body());
        String code = invocation.status() == 404 ? "ResourceNotFoundException"
                : body != null && body.hasNonNull("Type") && body.hasNonNull("__type") ? body.get("__type").asText()
                : "ServiceException";
        String message = invocation.status() == 404
                ? "Function not found: " + qualifiedArn(function)
                : LambdaEndpoint.serviceMessage(body, "Lambda answered with HTTP " + invocation.status());
        return new StatesException("Lambda." + code, message + " (Service: AWSLambda; Status Code: " + invocation.status()
                + "; Error Code: " + code + "; Request ID: " + requestId + "; Proxy: null)");
    }

    /** AWS names the function in full, with its version, in Lambda's not-found message. */
    private String qualifiedArn(String function) {
        String arn = function.startsWith("arn:") ? function
                : "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
        return arn.split(":").length > 7 ? arn : arn + ":$LATEST";
    }

    private static StatesException functionError(LambdaEndpoint.Invocation invocation, String requestId, boolean optimized) {
        JsonNode body = parseOrNull(invocation.body());
        String type = body != null && body.hasNonNull("errorType") ? body.get("errorType").asText() : "Exception";
        ObjectNode cause = Json.object();
        if (body != null && body.isObject()) {
            cause.set("errorMessage", body.path("errorMessage").isMissingNode() ? Json.NODES.textNode("") : body.get("errorMessage"));
            cause.put("errorType", type);
            cause.put("requestId", body.hasNonNull("requestId") ? body.get("requestId").asText() : requestId);
            cause.set("stackTrace", body.has("stackTrace") ? body.get("stackTrace") : Json.NODES.arrayNode());
        }
        // The optimized integration passes the error document on compactly; a function ARN as Python wrote it.
        String text = body == null ? invocation.body() : optimized ? Json.write(cause) : PythonJson.dumps(cause);
        return new StatesException(type, text);
    }

    private static JsonNode envelope(LambdaEndpoint.Invocation invocation, JsonNode returned, String requestId) {
        int length = invocation.body().getBytes(StandardCharsets.UTF_8).length;
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String trace = "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Connection", "keep-alive");
        headers.put("Content-Length", String.valueOf(length));
        headers.put("Content-Type", "application/json");
        headers.put("Date", date);
        headers.put("X-Amz-Executed-Version", invocation.executedVersion());
        headers.put("x-amzn-Remapped-Content-Length", "0");
        headers.put("x-amzn-RequestId", requestId);
        headers.put("X-Amzn-Trace-Id", trace);
        if (invocation.logResult() != null) {
            headers.put("X-Amz-Log-Result", invocation.logResult());
        }
        ObjectNode envelope = Json.object().put("ExecutedVersion", invocation.executedVersion());
        if (invocation.logResult() != null) {
            envelope.put("LogResult", invocation.logResult());
        }
        envelope.set("Payload", returned);
        ObjectNode metadata = envelope.putObject("SdkHttpMetadata");
        ObjectNode all = metadata.putObject("AllHttpHeaders");
        headers.forEach((name, value) -> all.putArray(name).add(value));
        ObjectNode single = metadata.putObject("HttpHeaders");
        headers.forEach(single::put);
        metadata.put("HttpStatusCode", invocation.status());
        envelope.putObject("SdkResponseMetadata").put("RequestId", requestId);
        envelope.put("StatusCode", invocation.status());
        return envelope;
    }

    /** A function's answer as JSON; an answer that is not JSON is kept as a string. */
    private static JsonNode parse(String body) {
        JsonNode parsed = parseOrNull(body);
        return parsed != null ? parsed : Json.NODES.textNode(body);
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
