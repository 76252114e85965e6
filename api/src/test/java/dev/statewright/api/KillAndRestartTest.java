package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service runs as its own process and is killed with SIGKILL twice while executions are in
 * waits, Map iterations and tasks. Each restart on the same data resumes them; every execution
 * must end with the right output and a history with no gap and no duplicate. Some executions wait
 * in Map iterations on tasks that the test answers only after the second restart, so both kills
 * certainly find executions mid-way, however slowly the machine starts the service.
 */
class KillAndRestartTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;
    /** Where the test puts the file that answers the held tasks (see CrashTestServer.HELD_ECHO). */
    @TempDir
    Path control;

    private ServiceProcess server;
    private int port;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static final String WAITS = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "Next": "W1"},
              "W1": {"Type": "Wait", "Seconds": 1, "Next": "B"},
              "B": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 100)"}, "Next": "W2"},
              "W2": {"Type": "Wait", "Seconds": 1, "Next": "C"},
              "C": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1000)"}, "End": true}}}
            """;
    private static final String MAP = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
              "ItemProcessor": {"StartAt": "W", "States": {
                "W": {"Type": "Wait", "Seconds": 1, "Next": "Up"},
                "Up": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, 10)"}, "End": true}}},
              "End": true}}}
            """;
    private static final String TASKS = """
            {"StartAt": "T1", "States": {
              "T1": {"Type": "Task", "Resource": "%s", "Next": "T2"},
              "T2": {"Type": "Task", "Resource": "%s", "Next": "T3"},
              "T3": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(CrashTestServer.SLOW_ECHO, CrashTestServer.SLOW_ECHO, CrashTestServer.SLOW_ECHO);

    /** A Map whose iterations each wait on a task that answers only once the test releases it. */
    private static final String HELD = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
              "ItemProcessor": {"StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "%s", "End": true}}},
              "End": true}}}
            """.formatted(CrashTestServer.HELD_ECHO);
    private static final int HELD_EXECUTIONS = 2;
    private static final int HELD_ITEMS = 2;

    @Test
    void executionsSurviveSigkillMidWay() throws Exception {
        port = ServiceProcess.freePort();
        startServer();
        post("/state-machines?name=waits", WAITS);
        post("/state-machines?name=map", MAP);
        post("/state-machines?name=tasks", TASKS);
        post("/state-machines?name=held", HELD);
        Map<String, JsonNode> expected = new HashMap<>();
        for (int i = 0; i < HELD_EXECUTIONS; i++) {
            post("/state-machines/held/executions?name=h" + i, "{\"items\": [" + (10 * i + 1) + ", " + (10 * i + 2) + "]}");
            expected.put("held:h" + i, Json.parse("[{\"echo\": " + (10 * i + 1) + "}, {\"echo\": " + (10 * i + 2) + "}]"));
        }
        for (int i = 0; i < 8; i++) {
            post("/state-machines/waits/executions?name=w" + i, "{\"n\": " + i + "}");
            expected.put("waits:w" + i, Json.parse("{\"n\": " + (i + 1100) + "}"));
            post("/state-machines/map/executions?name=m" + i, "{\"items\": [1, 2, 3, 4, 5]}");
            expected.put("map:m" + i, Json.parse("[{\"v\":11},{\"v\":12},{\"v\":13},{\"v\":14},{\"v\":15}]"));
            post("/state-machines/tasks/executions?name=t" + i, "{\"k\": " + i + "}");
            expected.put("tasks:t" + i, Json.parse("{\"echo\": {\"echo\": {\"echo\": {\"k\": " + i + "}}}}"));
        }
        Thread.sleep(700); // the kill's moment, not a synchronisation
        kill();
        // The held ones are mid-way for certain; of the others, as many as the machine's speed leaves running.
        assertThat(startServer()).as("executions resumed after the first kill").isBetween(HELD_EXECUTIONS, expected.size());
        Thread.sleep(900);
        kill();
        assertThat(startServer()).as("executions resumed after the second kill").isBetween(HELD_EXECUTIONS, expected.size());
        Files.createFile(release()); // the held tasks answer now

        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        for (Map.Entry<String, JsonNode> entry : expected.entrySet()) {
            JsonNode execution = awaitEnd(entry.getKey(), deadline);
            assertThat(execution.get("status").asText()).as(entry.getKey() + ": " + execution).isEqualTo("SUCCEEDED");
            assertThat(execution.get("output")).as(entry.getKey()).isEqualTo(entry.getValue());
            assertWholeHistory(entry.getKey());
        }
    }

    /**
     * Fails at Gate on its first run (an index of -1) and passes it once redriven ($$.Execution.RedriveCount
     * is then 1); the Wait and the second task give the kill something to cut short.
     */
    private static final String REDRIVEN = """
            {"StartAt": "First", "States": {
              "First": {"Type": "Task", "Resource": "%1$s", "Parameters": {"n.$": "$.n"}, "Next": "Gate"},
              "Gate": {"Type": "Pass", "Parameters": {"n.$": "$.echo.n",
                "ok.$": "States.ArrayGetItem(States.Array('x'), States.MathAdd($$.Execution.RedriveCount, -1))"},
                "Next": "Pause"},
              "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Second"},
              "Second": {"Type": "Task", "Resource": "%1$s", "End": true}}}
            """.formatted(CrashTestServer.SLOW_ECHO);

    @Test
    void redrivenExecutionsSurviveSigkillMidWay() throws Exception {
        port = ServiceProcess.freePort();
        startServer();
        post("/state-machines?name=redriven", REDRIVEN);
        int count = 6;
        for (int i = 0; i < count; i++) {
            post("/state-machines/redriven/executions?name=r" + i, "{\"n\": " + i + "}");
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        for (int i = 0; i < count; i++) {
            JsonNode failed = awaitEnd("redriven:r" + i, deadline);
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("redriveCount").asInt()).isZero();
        }
        for (int i = 0; i < count; i++) {
            JsonNode redriven = send("/executions/redriven:r" + i + "/redrive", "", 200);
            assertThat(redriven.get("redriveCount").asInt()).isEqualTo(1);
            assertThat(redriven.get("status").asText()).isIn("RUNNING", "SUCCEEDED");
        }
        Thread.sleep(700); // in the Wait or the second task: the kill's moment, not a synchronisation
        kill();
        assertThat(startServer()).as("redriven executions resumed after the kill").isPositive();

        for (int i = 0; i < count; i++) {
            String id = "redriven:r" + i;
            JsonNode execution = awaitEnd(id, deadline);
            assertThat(execution.get("status").asText()).as(id + ": " + execution).isEqualTo("SUCCEEDED");
            assertThat(execution.get("output")).isEqualTo(Json.parse(
                    "{\"echo\": {\"n\": " + i + ", \"ok\": \"x\"}}"));
            assertThat(execution.get("redriveCount").asInt()).isEqualTo(1);
            JsonNode events = get("/executions/" + id + "/history").get("events");
            List<String> types = new ArrayList<>();
            for (int e = 0; e < events.size(); e++) {
                assertThat(events.get(e).get("id").asLong()).as("%s: no gap at %d", id, e).isEqualTo(e + 1L);
                types.add(events.get(e).get("type").asText());
            }
            assertThat(types).as(id).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                    "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "PassStateEntered",
                    "ExecutionFailed", "ExecutionRedriven", "PassStateEntered", "PassStateExited", "WaitStateEntered",
                    "WaitStateExited", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                    "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
        }
    }

    private void assertWholeHistory(String id) throws IOException, InterruptedException {
        JsonNode events = get("/executions/" + id + "/history").get("events");
        List<String> entered = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            assertThat(event.get("id").asLong()).as("%s: no gap at %d", id, i).isEqualTo(i + 1L);
            assertThat(event.get("previousEventId").asLong()).isLessThan(event.get("id").asLong());
            if (event.get("type").asText().endsWith("StateEntered") && !id.startsWith("map")) {
                entered.add(event.get("stateEnteredEventDetails").get("name").asText());
            }
        }
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionSucceeded");
        if (id.startsWith("waits")) {
            assertThat(entered).as("%s: each state once", id).containsExactly("A", "W1", "B", "W2", "C");
        } else if (id.startsWith("held")) {
            Map<String, Long> counts = new HashMap<>();
            for (JsonNode event : events) {
                counts.merge(event.get("type").asText(), 1L, Long::sum);
            }
            assertThat(counts).as("%s: each iteration and its task once, across two kills", id).contains(
                    Map.entry("MapIterationStarted", (long) HELD_ITEMS), Map.entry("LambdaFunctionScheduled", (long) HELD_ITEMS),
                    Map.entry("LambdaFunctionSucceeded", (long) HELD_ITEMS), Map.entry("MapIterationSucceeded", (long) HELD_ITEMS));
        } else if (id.startsWith("tasks")) {
            assertThat(entered).as("%s: each state once", id).containsExactly("T1", "T2", "T3");
            long scheduled = 0;
            for (JsonNode event : events) {
                scheduled += event.get("type").asText().equals("LambdaFunctionScheduled") ? 1 : 0;
            }
            assertThat(scheduled).as("%s: each task scheduled once in the history", id).isEqualTo(3);
        } else {
            long iterations = 0;
            for (JsonNode event : events) {
                iterations += event.get("type").asText().equals("MapIterationSucceeded") ? 1 : 0;
            }
            assertThat(iterations).as("%s: each iteration once", id).isEqualTo(5);
            assertThat(events.size()).as(id).isEqualTo(6 + 5 * 6); // 6 for the execution and the Map, 6 per iteration
        }
    }

    private Path release() {
        return control.resolve("release");
    }

    /** Starts the server process; returns how many executions it resumed. */
    private int startServer() {
        server = ServiceProcess.crashTestServer(port, data, List.of("-Xmx256m",
                "-D" + CrashTestServer.RELEASE_FILE + "=" + release()));
        return server.resumed();
    }

    private void kill() {
        server.kill(); // SIGKILL: no shutdown hook, no final commit
    }

    private JsonNode awaitEnd(String id, Instant deadline) throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            JsonNode execution = get("/executions/" + id);
            if (!execution.get("status").asText().equals("RUNNING")) {
                return execution;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " did not finish");
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        return send(path, body, 201);
    }

    private JsonNode send(String path, String body, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        return Json.parse(response.body());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }
}
