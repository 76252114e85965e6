package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook that keeps every event it accepts, in arrival order, and refuses the requests a test
 * says to refuse (a 503, as a receiver that is down would answer), so the sender must retry.
 */
final class TestWebhook implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<JsonNode> accepted = new ArrayList<>();
    private final List<String> headerIds = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntPredicate refuse = request -> false;

    TestWebhook() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int number = requests.incrementAndGet();
            if (refuse.test(number)) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            synchronized (accepted) {
                accepted.add(Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
                headerIds.add(exchange.getRequestHeaders().getFirst("X-Statewright-Event-Id"));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
    }

    /** Which requests (numbered from 1) are refused from now on. */
    void refuse(IntPredicate which) {
        refuse = which;
    }

    int requests() {
        return requests.get();
    }

    List<JsonNode> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    List<String> headerIds() {
        synchronized (accepted) {
            return List.copyOf(headerIds);
        }
    }

    /** Statuses received per execution, in arrival order, duplicates included. */
    static Map<String, List<String>> statusesByExecution(List<JsonNode> events) {
        Map<String, List<String>> byExecution = new LinkedHashMap<>();
        for (JsonNode event : events) {
            byExecution.computeIfAbsent(event.path("detail").path("executionArn").asText(), arn -> new ArrayList<>())
                    .add(event.path("detail").path("status").asText());
        }
        return byExecution;
    }

    /** Statuses per execution with repeats of an event id dropped, as a consumer that dedups sees them. */
    static Map<String, List<String>> deduplicated(List<JsonNode> events) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<JsonNode> first = new ArrayList<>();
        for (JsonNode event : events) {
            if (seen.add(event.get("id").asText())) {
                first.add(event);
            }
        }
        return statusesByExecution(first);
    }

    /** Waits until every execution in {@code arns} has {@code statuses} (after dedup), then returns what arrived. */
    List<JsonNode> awaitAll(List<String> arns, Map<String, List<String>> statuses, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<JsonNode> events = accepted();
            Map<String, List<String>> seen = deduplicated(events);
            boolean complete = arns.stream().allMatch(arn -> statuses.get(arn).equals(seen.get(arn)));
            if (complete || System.nanoTime() > deadline) {
                for (String arn : arns) {
                    assertThat(seen.get(arn)).as("statuses of %s", arn).isEqualTo(statuses.get(arn));
                }
                return events;
            }
            AwsCalls.pause();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
