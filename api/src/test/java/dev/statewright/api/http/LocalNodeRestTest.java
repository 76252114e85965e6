package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** On the embedded store the REST API's nodes are one: {@code local}, this service, driving every running execution. */
class LocalNodeRestTest {
    private static final String PARKED = """
            {"StartAt": "Park", "States": {"Park": {"Type": "Wait", "Seconds": 600, "End": true}}}""";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theOneNodeIsLocalAndDrivesEveryRunningExecution() throws Exception {
        try (StatewrightService service = StatewrightService.start(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(null).withWaitTimeScale(1))) {
            String base = "http://127.0.0.1:" + service.port();
            assertThat(send(base, "/state-machines?name=parked", PARKED).statusCode()).isEqualTo(201);
            assertThat(send(base, "/state-machines/parked/executions?name=one", "{}").statusCode()).isEqualTo(201);
            assertThat(send(base, "/state-machines/parked/executions?name=two", "{}").statusCode()).isEqualTo(201);

            JsonNode nodes = Json.parse(send(base, "/nodes", null).body()).path("nodes");
            assertThat(nodes).hasSize(1);
            assertThat(nodes.get(0).path("nodeId").asText()).isEqualTo("local");
            assertThat(nodes.get(0).path("status").asText()).isEqualTo("LIVE");
            assertThat(nodes.get(0).path("thisNode").asBoolean()).isTrue();
            assertThat(nodes.get(0).path("address").asText()).isEqualTo("127.0.0.1:" + service.port());
            assertThat(nodes.get(0).path("executions").asLong()).isEqualTo(2);
            JsonNode driven = Json.parse(send(base, "/nodes/local/executions?maxResults=1", null).body());
            assertThat(driven.path("executions").get(0).path("id").asText()).isEqualTo("parked:two");
            assertThat(driven.path("nextToken").isNull()).isFalse();
            assertThat(Json.parse(send(base, "/executions/parked:one", null).body()).path("node").asText()).isEqualTo("local");

            assertThat(send(base, "/executions/parked:one/stop", "").statusCode()).isEqualTo(200);
            assertThat(Json.parse(send(base, "/executions/parked:one", null).body()).path("node").isNull()).isTrue();
            assertThat(Json.parse(send(base, "/nodes", null).body()).path("nodes").get(0).path("executions").asLong())
                    .isEqualTo(1);
            HttpResponse<String> unknown = send(base, "/nodes/node-1/executions", null);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(Json.parse(unknown.body()).path("__type").asText()).isEqualTo("NodeDoesNotExist");
            assertThat(Json.parse(unknown.body()).path("message").asText()).isEqualTo("Node Does Not Exist: 'node-1'");
        }
    }

    /** A GET, or a POST of the body when there is one. */
    private HttpResponse<String> send(String base, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) {
            request.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
