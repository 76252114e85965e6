package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnRequest;
import software.amazon.awssdk.services.sfn.model.SfnResponse;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the AWS SDK's {@link SfnClient} is one the service answers: a new operation
 * in a newer SDK fails this test until it is implemented (or listed below with why not).
 */
class OperationCoverageTest {
    /** Operations not implemented yet, with why; empty when the whole API answers. */
    private static final Map<String, String> NOT_YET = Map.of(
            "RedriveExecution", "redrive is being built (issue 15, item 3)",
            "DescribeMapRun", "Map Runs are being built (issue 15, item 4)",
            "ListMapRuns", "Map Runs are being built (issue 15, item 4)",
            "UpdateMapRun", "Map Runs are being built (issue 15, item 4)");

    private static StatewrightService service;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), TaskHandlers.none());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** The operations of the SDK's client: each takes one request of the service's and gives its response. */
    static List<String> sdkOperations() {
        TreeSet<String> names = new TreeSet<>();
        for (Method method : SfnClient.class.getMethods()) {
            if (method.getParameterCount() == 1 && SfnRequest.class.isAssignableFrom(method.getParameterTypes()[0])
                    && SfnResponse.class.isAssignableFrom(method.getReturnType())) {
                names.add(Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1));
            }
        }
        return new ArrayList<>(names);
    }

    @Test
    void everyOperationOfTheSdkIsAnswered() throws Exception {
        List<String> operations = sdkOperations();
        assertThat(operations).as("the SDK's operations").hasSizeGreaterThanOrEqualTo(37).contains("StartExecution");
        List<String> unknown = new ArrayList<>();
        for (String operation : operations) {
            // An empty request: an implemented operation answers with its own validation error, never UnknownOperation.
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "AWSStepFunctions." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.parse(response.body());
            if (body.path("__type").asText().contains("UnknownOperation")) {
                unknown.add(operation);
            }
        }
        assertThat(unknown).as("operations the service does not answer").containsExactlyInAnyOrderElementsOf(NOT_YET.keySet());
    }
}
