package dev.statewright.api.integrations.awssdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A stand-in for SNS in tests (no open implementation of SNS runs from Maven or npm): it speaks
 * SNS's query protocol for Publish only, checks each request as the SNS API reference defines it
 * (Action and Version, a target, a Message, message attributes with a name, a data type and a
 * value of that type), keeps what was published, and answers with SNS's XML, its errors included
 * (NotFound for a topic that was not created, InvalidParameter for a malformed request). A topic
 * whose name ends in {@code .fifo} is FIFO: it needs MessageGroupId and MessageDeduplicationId
 * (no content-based deduplication) and answers with a SequenceNumber.
 */
final class SnsStandIn implements AutoCloseable {
    /** A message as published. */
    record Published(String topicArn, String message, String subject, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final List<Published> published = Collections.synchronizedList(new ArrayList<>());
    private final List<Consumer<Published>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong sequenceNumbers = new AtomicLong(10_000_000_000_000_000L);

    SnsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String createTopic(String name) {
        String arn = "arn:aws:sns:us-east-1:123456789012:" + name;
        topics.add(arn);
        return arn;
    }

    /** Hands every message published from now on to the subscriber, as a topic's subscription would. */
    void subscribe(Consumer<Published> subscriber) {
        subscribers.add(subscriber);
    }

    List<Published> published() {
        return List.copyOf(published);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"POST".equals(exchange.getRequestMethod()) || !"Publish".equals(form.get("Action"))
                    || !"2010-03-31".equals(form.get("Version"))) {
                error(exchange, 400, "InvalidAction", "The action or version is not valid for this stand-in: " + form);
                return;
            }
            String target = form.getOrDefault("TopicArn", form.get("TargetArn"));
            if (target == null && form.get("PhoneNumber") == null) {
                error(exchange, 400, "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for"
                        + " required parameter");
                return;
            }
            if (form.get("Message") == null) {
                error(exchange, 400, "ValidationError", "1 validation error detected: Value null at 'message' failed to"
                        + " satisfy constraint: Member must not be null");
                return;
            }
            if (target != null && !topics.contains(target)) {
                error(exchange, 404, "NotFound", "Topic does not exist");
                return;
            }
            boolean fifo = target != null && target.endsWith(".fifo");
            if (fifo && form.get("MessageGroupId") == null) {
                error(exchange, 400, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for"
                        + " FIFO topics");
                return;
            }
            if (fifo && form.get("MessageDeduplicationId") == null) {
                error(exchange, 400, "InvalidParameter", "Invalid parameter: The topic should either have"
                        + " ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
                return;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int n = 1; form.containsKey("MessageAttributes.entry." + n + ".Name"); n++) {
                String prefix = "MessageAttributes.entry." + n + ".";
                String type = form.get(prefix + "Value.DataType");
                String value = form.get(prefix + "Value.StringValue");
                if (type == null || value == null || !(type.startsWith("String") || type.startsWith("Number"))
                        || (type.startsWith("Number") && !value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?"))) {
                    error(exchange, 400, "ParameterValueInvalid", "The message attribute '" + form.get(prefix + "Name")
                            + "' has an invalid message attribute type, or a value that is not of it");
                    return;
                }
                attributes.put(form.get(prefix + "Name"), value);
            }
            Published message = new Published(target, form.get("Message"), form.get("Subject"), attributes);
            published.add(message);
            subscribers.forEach(subscriber -> subscriber.accept(message));
            // A FIFO topic numbers its messages: a 20-digit sequence number, growing.
            String sequence = fifo ? "<SequenceNumber>" + String.format("%020d", sequenceNumbers.incrementAndGet())
                    + "</SequenceNumber>" : "";
            respond(exchange, 200, "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                    + "<MessageId>" + UUID.randomUUID() + "</MessageId>" + sequence + "</PublishResult><ResponseMetadata><RequestId>"
                    + UUID.randomUUID() + "</RequestId></ResponseMetadata></PublishResponse>");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        respond(exchange, status, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender"
                + "</Type><Code>" + code + "</Code><Message>" + message.replace("<", "&lt;") + "</Message></Error><RequestId>"
                + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
