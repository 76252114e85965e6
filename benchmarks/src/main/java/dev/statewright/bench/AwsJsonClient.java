package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the service's AWS Step Functions API (JSON 1.0 protocol) over plain HTTP. */
public final class AwsJsonClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;

    public AwsJsonClient(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Calls an operation; an AWS error answer is thrown with its type and message. */
    public JsonNode call(String operation, ObjectNode request) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build();
        HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(operation + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.parse(response.body());
    }
}
