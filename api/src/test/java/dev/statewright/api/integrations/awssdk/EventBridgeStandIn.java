package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in for EventBridge in tests (no open implementation runs from Maven or npm): it speaks
 * EventBridge's JSON 1.1 protocol for PutEvents only, checks each entry as the API reference
 * defines it (Source, DetailType and Detail present, Detail a JSON object, at most 10 entries),
 * keeps the accepted events, and answers per entry with an EventId or an ErrorCode, counting the
 * failed ones, as EventBridge does.
 */
final class EventBridgeStandIn implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());

    EventBridgeStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"AWSEvents.PutEvents".equals(target)) {
                respond(exchange, 400, Json.object().put("__type", "UnknownOperationException")
                        .put("message", "This stand-in answers AWSEvents.PutEvents only, not " + target));
                return;
            }
            JsonNode entries = body.path("Entries");
            if (!entries.isArray() || entries.isEmpty() || entries.size() > 10) {
                respond(exchange, 400, Json.object().put("__type", "ValidationException").put("message",
                        "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have"
                                + " length less than or equal to 10 and greater than or equal to 1"));
                return;
            }
            ObjectNode answer = Json.object();
            ArrayNode results = answer.putArray("Entries");
            int failed = 0;
            for (JsonNode entry : entries) {
                String problem = problem(entry);
                if (problem != null) {
                    failed++;
                    results.addObject().put("ErrorCode", problem.substring(0, problem.indexOf(':')))
                            .put("ErrorMessage", problem.substring(problem.indexOf(':') + 2));
                } else {
                    events.add(entry);
                    results.addObject().put("EventId", UUID.randomUUID().toString());
                }
            }
            answer.put("FailedEntryCount", failed);
            respond(exchange, 200, answer);
        }
    }

    /** What is wrong with an entry, as "ErrorCode: message", or null. */
    private static String problem(JsonNode entry) {
        if (!entry.path("Source").isTextual()) {
            return "InvalidArgument: Parameter Source is not valid. Reason: Source is a required argument.";
        }
        if (!entry.path("DetailType").isTextual()) {
            return "InvalidArgument: Parameter DetailType is not valid. Reason: DetailType is a required argument.";
        }
        if (!entry.path("Detail").isTextual()) {
            return "InvalidArgument: Parameter Detail is not valid. Reason: Detail is a required argument.";
        }
        try {
            if (!Json.MAPPER.readTree(entry.path("Detail").textValue()).isObject()) {
                return "MalformedDetail: Detail is malformed.";
            }
        } catch (IOException e) {
            return "MalformedDetail: Detail is malformed.";
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
