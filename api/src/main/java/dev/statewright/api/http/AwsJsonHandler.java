package dev.statewright.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StrictJson;
import dev.statewright.interpreter.json.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * AWS's JSON 1.0 protocol: {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Operation>}
 * and a JSON body; errors as {@code {"__type", "message"}}. Which Host names are accepted is
 * {@link BrowserGuard}'s decision, as for the rest of the service.
 */
final class AwsJsonHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    static final HttpString TARGET = new HttpString("X-Amz-Target");
    private static final String PREFIX = "AWSStepFunctions.";

    private final AwsOperations operations;

    AwsJsonHandler(AwsOperations operations) {
        this.operations = operations;
    }

    /** A request of this protocol: a POST that names its operation in X-Amz-Target. */
    static boolean isAwsRequest(HttpServerExchange exchange) {
        return exchange.getRequestMethod().equals(Methods.POST) && exchange.getRequestHeaders().contains(TARGET);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst(TARGET);
        Function<RequestFields, CompletableFuture<JsonNode>> operation =
                target != null && target.startsWith(PREFIX) ? operations.operation(target.substring(PREFIX.length())) : null;
        if (operation == null) {
            Exchanges.sendError(exchange, CONTENT_TYPE, new ServiceException("UnknownOperationException",
                    "Unknown operation: " + target));
            return;
        }
        boolean onIoThread = operations.neverWaits(target.substring(PREFIX.length()));
        Exchanges.readBody(exchange, CONTENT_TYPE, bytes -> Exchanges.answer(exchange, CONTENT_TYPE, 200, onIoThread, () -> {
            JsonNode body = parse(bytes);
            return operation.apply(new RequestFields(body));
        }));
    }

    /**
     * The first lone surrogate in the body's strings and member names, as an escape, or null. UTF-8
     * cannot carry one, so the escape {@code "\\ud800"} is the only way in, and whatever held it
     * (a name, an execution's input, a definition) would be stored as "?" and read back otherwise.
     */
    private static String loneSurrogate(JsonNode body) {
        java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
        pending.push(body);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                String lone = loneSurrogate(node.textValue());
                if (lone != null) {
                    return lone;
                }
            } else if (node.isObject()) {
                for (java.util.Map.Entry<String, JsonNode> field : node.properties()) {
                    String lone = loneSurrogate(field.getKey());
                    if (lone != null) {
                        return lone;
                    }
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
        return null;
    }

    private static String loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("\\u%04x", (int) c);
            }
        }
        return null;
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return Json.object();
        }
        try {
            JsonNode body = StrictJson.read(new String(bytes, StandardCharsets.UTF_8));
            if (body == null || !body.isObject()) {
                throw new ServiceException("SerializationException", "The request body must be a JSON object");
            }
            String lone = loneSurrogate(body);
            if (lone != null) {
                throw new ServiceException("SerializationException", "The request body holds " + lone
                        + ", half of a surrogate pair alone, which is no Unicode text");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new ServiceException("SerializationException", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }
}
