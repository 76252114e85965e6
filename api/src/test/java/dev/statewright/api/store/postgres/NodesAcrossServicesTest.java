package dev.statewright.api.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two services on one database list each other through the REST API: each node with where it
 * serves and how many executions it drives, the executions of each a page at a time, the node
 * driving an execution; a node stopped cleanly is shown gone, its executions driven by the other.
 */
class NodesAcrossServicesTest {
    /** Parked in a real ten-minute Wait: running until a node hands it over. */
    private static final String PARKED = """
            {"StartAt": "Park", "States": {"Park": {"Type": "Wait", "Seconds": 600, "End": true}}}""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StatewrightService> started = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        started.forEach(StatewrightService::close);
    }

    private StatewrightService node(String database, String id) {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1);
        StatewrightService service = StatewrightService.start(config.withDatabase(database, config.postgres().withNodeId(id)));
        started.add(service);
        return service;
    }

    @Test
    void bothNodesAreListedWithTheExecutionsEachDrivesAndACleanStopShowsGone() throws Exception {
        String database = TestPostgres.server().newDatabase();
        StatewrightService a = node(database, "node-a");
        StatewrightService b = node(database, "node-b");
        assertThat(post(a, "/state-machines?name=parked", PARKED).statusCode()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            assertThat(post(a, "/state-machines/parked/executions?name=on-a-" + i, "{}").statusCode()).isEqualTo(201);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(post(b, "/state-machines/parked/executions?name=on-b-" + i, "{}").statusCode()).isEqualTo(201);
        }

        JsonNode nodes = get(b, "/nodes").path("nodes");
        assertThat(nodes).hasSize(2);
        JsonNode nodeA = byId(nodes, "node-a");
        JsonNode nodeB = byId(nodes, "node-b");
        assertThat(nodeA.path("status").asText()).isEqualTo("LIVE");
        assertThat(nodeA.path("executions").asLong()).isEqualTo(3);
        assertThat(nodeA.path("address").asText()).isEqualTo("127.0.0.1:" + a.port());
        assertThat(nodeA.path("thisNode").asBoolean()).as("B answered").isFalse();
        assertThat(nodeA.path("stoppedAt").isNull()).isTrue();
        assertThat(Instant.parse(nodeA.path("lastSeenAt").asText())).isAfterOrEqualTo(Instant.parse(nodeA.path("startedAt").asText()));
        assertThat(nodeB.path("status").asText()).isEqualTo("LIVE");
        assertThat(nodeB.path("executions").asLong()).isEqualTo(2);
        assertThat(nodeB.path("address").asText()).isEqualTo("127.0.0.1:" + b.port());
        assertThat(nodeB.path("thisNode").asBoolean()).isTrue();

        // A's executions, two a page, newest first, from either node.
        JsonNode first = get(b, "/nodes/node-a/executions?maxResults=2");
        assertThat(first.path("node").path("nodeId").asText()).isEqualTo("node-a");
        assertThat(names(first)).containsExactly("on-a-2", "on-a-1");
        assertThat(first.path("executions").get(0).path("id").asText()).isEqualTo("parked:on-a-2");
        assertThat(first.path("executions").get(0).path("status").asText()).isEqualTo("RUNNING");
        JsonNode second = get(b, "/nodes/node-a/executions?maxResults=2&nextToken=" + first.path("nextToken").asText());
        assertThat(names(second)).containsExactly("on-a-0");
        assertThat(second.path("nextToken").isNull()).isTrue();
        assertThat(names(get(a, "/nodes/node-b/executions"))).containsExactly("on-b-1", "on-b-0");
        assertThat(get(b, "/executions/parked:on-a-0").path("node").asText()).isEqualTo("node-a");

        HttpResponse<String> unknown = send(b, HttpRequest.newBuilder(uri(b, "/nodes/node-z/executions")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(Json.parse(unknown.body()).path("__type").asText()).isEqualTo("NodeDoesNotExist");
        HttpResponse<String> badToken = send(b, HttpRequest.newBuilder(uri(b, "/nodes/node-a/executions?nextToken=x")));
        assertThat(Json.parse(badToken.body()).path("__type").asText()).isEqualTo("InvalidToken");

        started.remove(a);
        a.close(); // a clean stop (Ctrl-C): A hands its leases back and B takes them at once
        JsonNode afterStop = await(b, "/nodes", answer -> byId(answer.path("nodes"), "node-b").path("executions").asLong() == 5);
        JsonNode goneA = byId(afterStop.path("nodes"), "node-a");
        assertThat(goneA.path("status").asText()).isEqualTo("GONE");
        assertThat(goneA.path("stoppedAt").isNull()).as("stopped cleanly").isFalse();
        assertThat(goneA.path("executions").asLong()).isZero();
        assertThat(afterStop.path("nodes").get(0).path("nodeId").asText()).as("live nodes first").isEqualTo("node-b");
        assertThat(names(get(b, "/nodes/node-a/executions"))).isEmpty();
        assertThat(names(get(b, "/nodes/node-b/executions"))).hasSize(5);
        assertThat(get(b, "/executions/parked:on-a-0").path("node").asText()).isEqualTo("node-b");

        assertThat(post(b, "/executions/parked:on-b-0/stop", "").statusCode()).isEqualTo(200);
        assertThat(get(b, "/executions/parked:on-b-0").path("node").isNull()).as("an ended execution has no node").isTrue();
    }

    private static JsonNode byId(JsonNode nodes, String id) {
        for (JsonNode node : nodes) {
            if (node.path("nodeId").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("No node " + id + " in " + nodes);
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("executions").forEach(execution -> names.add(execution.path("name").asText()));
        return names;
    }

    private JsonNode await(StatewrightService service, String path, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode answer = get(service, path);
        while (!until.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not so within 10 s: " + answer);
            }
            Thread.sleep(50); // a test polling with a deadline
            answer = get(service, path);
        }
        return answer;
    }

    private static URI uri(StatewrightService service, String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private JsonNode get(StatewrightService service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(service, HttpRequest.newBuilder(uri(service, path)));
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    private HttpResponse<String> post(StatewrightService service, String path, String body) throws IOException, InterruptedException {
        return send(service, HttpRequest.newBuilder(uri(service, path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(StatewrightService service, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
