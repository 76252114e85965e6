package dev.statewright.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Lambda Invoke endpoint for the cluster test, one port per node so that each invocation says
 * which node sent it, with three functions:
 * <ul>
 *   <li>{@code double}: {@code {"n": 2k}} after 150 ms, but the error {@code Flaky} on the first
 *       attempt ({@code retry} 0) when k is a multiple of 5;</li>
 *   <li>{@code square}: the item's value squared, after 100 ms;</li>
 *   <li>{@code ask}: answers at once and hands the task token to the callback workers.</li>
 * </ul>
 * The delays keep tasks in flight when a node is killed. Every invocation is recorded in {@link TaskSends}.
 */
final class ClusterLambda implements AutoCloseable {
    /** What a {@code .waitForTaskToken} task gave a worker: its token, and the send to mark answered. */
    record Callback(String execution, int k, String token, TaskSends.Send send) {
    }

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(daemon("cluster-lambda"));
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(daemon("cluster-lambda-delay"));
    private final TaskSends sends;
    private final BlockingQueue<Callback> callbacks = new LinkedBlockingQueue<>();

    ClusterLambda(int nodes, TaskSends sends) throws IOException {
        this.sends = sends;
        for (int node = 0; node < nodes; node++) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            int sender = node;
            server.createContext("/2015-03-31/functions/", exchange -> invoke(exchange, sender));
            server.setExecutor(threads);
            server.start();
            servers.add(server);
        }
    }

    /** The endpoint {@code node} is given ({@code --lambda-endpoint}). */
    URI endpointFor(int node) {
        return URI.create("http://127.0.0.1:" + servers.get(node).getAddress().getPort());
    }

    /** The callbacks waiting for a worker. */
    BlockingQueue<Callback> callbacks() {
        return callbacks;
    }

    static String taskOfDouble(String execution, int retry) {
        return execution + "|Double|retry " + retry;
    }

    static String taskOfSquare(String execution, int index) {
        return execution + "|Square|" + index;
    }

    static String taskOfAsk(String execution) {
        return execution + "|Ask";
    }

    private void invoke(HttpExchange exchange, int node) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String function = path.substring("/2015-03-31/functions/".length(), path.length() - "/invocations".length());
        function = function.substring(function.lastIndexOf(':') + 1);
        JsonNode event = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String execution = event.path("execution").asText();
        switch (function) {
            case "double" -> {
                int k = event.path("k").asInt();
                int retry = event.path("retry").asInt();
                TaskSends.Send send = sends.sent(taskOfDouble(execution, retry), node);
                later(150, () -> {
                    if (k % 5 == 0 && retry == 0) {
                        exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                        answer(exchange, send, "{\"errorType\": \"Flaky\", \"errorMessage\": \"first attempt of " + k + "\"}");
                    } else {
                        answer(exchange, send, "{\"n\": " + 2 * k + "}");
                    }
                });
            }
            case "square" -> {
                long value = event.path("value").asLong();
                TaskSends.Send send = sends.sent(taskOfSquare(execution, event.path("index").asInt()), node);
                later(100, () -> answer(exchange, send, String.valueOf(value * value)));
            }
            case "ask" -> {
                TaskSends.Send send = sends.sent(taskOfAsk(execution), node);
                respond(exchange, "{}");
                // Answered for the test when a worker's SendTask* is acknowledged, not here.
                callbacks.add(new Callback(execution, event.path("k").asInt(), event.path("token").asText(), send));
            }
            default -> {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        }
    }

    private void later(long millis, Runnable answer) {
        delays.schedule(() -> threads.execute(answer), millis, TimeUnit.MILLISECONDS);
    }

    /** Answers and marks the send answered, whether or not the node was still there to read it. */
    private static void answer(HttpExchange exchange, TaskSends.Send send, String body) {
        try {
            respond(exchange, body);
        } catch (IOException nodeGone) {
            // the node died with the connection: the answer is lost, as the test means it to be
        } finally {
            send.answered();
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        servers.forEach(server -> server.stop(0));
        delays.shutdownNow();
        threads.shutdownNow();
    }
}
