package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** A service in memory for the console's tests, with the few HTTP calls they make. */
final class ConsoleService implements AutoCloseable {
    private final StatewrightService service;
    private final HttpClient http = HttpClient.newHttpClient();
    final String base;

    ConsoleService() {
        this(0);
    }

    /** A service with waits skipped and the given mock configuration (--mock-config). */
    ConsoleService(java.nio.file.Path mockConfig) {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withMockConfig(mockConfig), TaskHandlers.none());
        base = "http://127.0.0.1:" + service.port();
    }

    /** @param waitTimeScale 1 for Wait states that take their real time, 0 to skip them */
    ConsoleService(double waitTimeScale) {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(waitTimeScale), TaskHandlers.none());
        base = "http://127.0.0.1:" + service.port();
    }

    static String resource(String name) {
        try (InputStream in = ConsoleService.class.getResourceAsStream("/console/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode getJson(String path) {
        return Json.parse(get(path).body());
    }

    JsonNode post(String path, String body) {
        return Json.parse(send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))).body());
    }

    void createMachine(String name, String definition) {
        JsonNode created = post("/state-machines?name=" + encode(name), definition);
        if (!created.has("stateMachineArn")) {
            throw new IllegalStateException("Could not create " + name + ": " + created);
        }
    }

    JsonNode start(String machine, String execution, String input) {
        return post("/state-machines/" + encode(machine) + "/executions?name=" + encode(execution), input);
    }

    /** Starts an execution and waits (polling, up to 30 s) until it is no longer running. */
    JsonNode runToEnd(String machine, String execution, String input) {
        start(machine, execution, input);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode described = getJson("/executions/" + encode(machine + ":" + execution));
            if (!"RUNNING".equals(described.path("status").asText()) || Instant.now().isAfter(deadline)) {
                return described;
            }
            try {
                Thread.sleep(20); // a test waiting for the service, not production code
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
