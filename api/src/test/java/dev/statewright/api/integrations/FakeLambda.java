package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Lambda-compatible endpoint for tests: the Invoke REST API over the JDK's HTTP server, with
 * functions that behave as the Python handlers of the conformance corpus do (the identity, a
 * raised exception, a 60 s sleep, ...), answering as the Python runtime answers.
 */
final class FakeLambda implements AutoCloseable {
    /** What a function does with its event. */
    enum Behaviour { IDENTITY, RAISE_EXCEPTION, RAISE_CUSTOM_EXCEPTION, SLEEP_60, RETURN_BYTES_STRING, LARGE_OUTPUT,
        ECHO_HELLO, DECORATE_INPUT }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> functions = new ConcurrentHashMap<>();

    FakeLambda() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.setExecutor(threads);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void function(String name, Behaviour behaviour) {
        functions.put(name, behaviour);
    }

    /** The corpus's behaviour for a handler file and summary. */
    static Behaviour behaviourOf(JsonNode description) {
        String file = description.path("handlerFile").asText("");
        if (file.endsWith("id_function.py")) {
            return Behaviour.IDENTITY;
        }
        if (file.endsWith("raise_exception.py")) {
            return Behaviour.RAISE_EXCEPTION;
        }
        if (file.endsWith("raise_custom_exception.py")) {
            return Behaviour.RAISE_CUSTOM_EXCEPTION;
        }
        if (file.endsWith("wait_60_seconds.py")) {
            return Behaviour.SLEEP_60;
        }
        if (file.endsWith("return_bytes_str.py")) {
            return Behaviour.RETURN_BYTES_STRING;
        }
        if (file.endsWith("large_output_string.py")) {
            return Behaviour.LARGE_OUTPUT;
        }
        if (file.endsWith("echo_function.py")) {
            return Behaviour.ECHO_HELLO;
        }
        if (file.endsWith("return_decorated_input.py")) {
            return Behaviour.DECORATE_INPUT;
        }
        return null;
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String function = URLDecoder.decode(path.substring("/2015-03-31/functions/".length(),
                path.length() - "/invocations".length()), StandardCharsets.UTF_8);
        String name = function.contains(":function:") ? function.substring(function.indexOf(":function:") + 10) : function;
        if (name.contains(":")) {
            name = name.substring(0, name.indexOf(':')); // a qualifier
        }
        JsonNode event = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if ("Tail".equals(exchange.getRequestHeaders().getFirst("X-Amz-Log-Type"))) {
            exchange.getResponseHeaders().add("X-Amz-Log-Result", java.util.Base64.getEncoder().encodeToString(
                    ("START RequestId: " + requestId + " Version: $LATEST\nEND RequestId: " + requestId + "\n")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        Behaviour behaviour = functions.get(name);
        if (behaviour == null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            send(exchange, 404, "{\"Type\":\"User\",\"Message\":\"Function not found: " + function + "\"}");
            return;
        }
        switch (behaviour) {
            case IDENTITY -> send(exchange, 200, PythonJson.dumps(event));
            case RAISE_EXCEPTION -> raise(exchange, "Exception", "Some exception was raised.", requestId,
                    "  File \"/var/task/handler.py\", line 2, in handler\n    raise Exception(\"Some exception was raised.\")\n");
            case RAISE_CUSTOM_EXCEPTION -> raise(exchange, "CustomException", "", requestId,
                    "  File \"/var/task/handler.py\", line 9, in handler\n    raise CustomException()\n");
            case SLEEP_60 -> {
                try {
                    TimeUnit.SECONDS.sleep(60);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                send(exchange, 200, PythonJson.dumps(event));
            }
            case RETURN_BYTES_STRING -> send(exchange, 200, "\"HelloWorld!\"");
            case LARGE_OUTPUT -> send(exchange, 200, "a".repeat(257 * 1024));
            case ECHO_HELLO -> send(exchange, 200, "{\"Return\": \"HelloWorld\"}");
            case DECORATE_INPUT -> send(exchange, 200, PythonJson.dumps(Json.NODES.textNode("input-event-" + pythonRepr(event))));
            default -> send(exchange, 500, "{}");
        }
    }

    private static void raise(HttpExchange exchange, String type, String message, String requestId, String trace)
            throws IOException {
        exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        ObjectNode error = Json.object().put("errorMessage", message).put("errorType", type).put("requestId", requestId);
        error.putArray("stackTrace").add(trace);
        send(exchange, 200, Json.write(error));
    }

    /** Python's str() of a decoded JSON value, as an f-string prints it. */
    private static String pythonRepr(JsonNode value) {
        if (value.isObject()) {
            StringBuilder out = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append('\'').append(field.getKey()).append("': ").append(pythonRepr(field.getValue()));
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(pythonRepr(value.get(i)));
            }
            return out.append(']').toString();
        }
        if (value.isTextual()) {
            return "'" + value.textValue() + "'";
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "True" : "False";
        }
        return value.isNull() ? "None" : value.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
