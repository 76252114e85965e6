package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The AWS Step Functions JSON 1.0 protocol against a service on a port, as an SDK speaks it. */
final class AwsCalls {
    static final String ROLE = "arn:aws:iam::123456789012:role/statewright";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    AwsCalls(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    JsonNode call(String operation, ObjectNode body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .header("X-Amz-Target", "AWSStepFunctions." + operation)
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(operation + " answered " + response.statusCode() + ": " + response.body());
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new AssertionError(operation + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Creates a machine; {@code logging} is a loggingConfiguration object, or null. */
    String createMachine(String name, String definition, ObjectNode logging) {
        ObjectNode body = Json.object().put("name", name).put("definition", definition).put("roleArn", ROLE);
        if (logging != null) {
            body.set("loggingConfiguration", logging);
        }
        return call("CreateStateMachine", body).get("stateMachineArn").asText();
    }

    String start(String machineArn, String name, String input) {
        return call("StartExecution", Json.object().put("stateMachineArn", machineArn).put("name", name).put("input", input))
                .get("executionArn").asText();
    }

    JsonNode describe(String executionArn) {
        return call("DescribeExecution", Json.object().put("executionArn", executionArn));
    }

    void stop(String executionArn) {
        call("StopExecution", Json.object().put("executionArn", executionArn));
    }

    /** The execution's description once it is no longer RUNNING (fails after {@code patience}). */
    JsonNode awaitEnd(String executionArn, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            JsonNode described = describe(executionArn);
            if (!described.get("status").asText().equals("RUNNING")) {
                return described;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(executionArn + " still RUNNING after " + patience);
            }
            pause();
        }
    }

    /** Tests poll with deadlines; a short pause between polls. */
    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
