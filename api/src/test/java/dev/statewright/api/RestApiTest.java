package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain REST API, as someone with curl would use it. */
class RestApiTest {
    private static final String ACCOUNT_PREFIX = "arn:aws:states:us-east-1:123456789012:";
    private static final String PASS = """
            {"StartAt": "Hello", "States": {
              "Hello": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"}, "End": true}}}
            """;
    private static final String FAIL = """
            {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Custom.Boom", "Cause": "asked to"}}}
            """;
    private static final String LONG_WAIT = """
            {"StartAt": "Park", "States": {"Park": {"Type": "Wait", "Seconds": 3600, "End": true}}}
            """;
    /** Line 3, column 5 is where state A's "Next" member starts. */
    private static final String MISSING_NEXT = "{\"StartAt\": \"A\", \"States\": {\n"
            + "  \"A\": {\"Type\": \"Pass\",\n"
            + "    \"Next\": \"Nowhere\"}}}";

    private static StatewrightService service;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void startService() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), TaskHandlers.none());
        base = "http://127.0.0.1:" + service.port();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return checked(http.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return checked(http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static HttpResponse<String> checked(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).doesNotContain("Exception:").doesNotContain("at dev.statewright");
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createMachine(String name, String definition) throws Exception {
        HttpResponse<String> response = post("/state-machines?name=" + name, definition);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Polls GET /executions/{id} until the execution is no longer RUNNING. */
    private static JsonNode awaitEnd(String id) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            JsonNode execution = json(get("/executions/" + id));
            if (!execution.path("status").asText().equals("RUNNING")) {
                return execution;
            }
            assertThat(Instant.now()).as("execution %s still running", id).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void createAStateMachine() throws Exception {
        String name = unique("rest-create");
        HttpResponse<String> response = post("/state-machines?name=" + name, PASS);
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = json(response);
        assertThat(body.path("name").asText()).isEqualTo(name);
        assertThat(body.path("stateMachineArn").asText()).isEqualTo(ACCOUNT_PREFIX + "stateMachine:" + name);
        assertThat(body.path("type").asText()).isEqualTo("STANDARD");
        assertThat(body.path("definition").asText()).isEqualTo(PASS);

        JsonNode described = json(get("/state-machines/" + name));
        assertThat(described.path("stateMachineArn").asText()).isEqualTo(body.path("stateMachineArn").asText());

        HttpResponse<String> express = post("/state-machines?name=" + unique("rest-express") + "&type=EXPRESS", PASS);
        assertThat(express.statusCode()).isEqualTo(201);
        assertThat(json(express).path("type").asText()).isEqualTo("EXPRESS");
    }

    @Test
    void createAStateMachineErrors() throws Exception {
        HttpResponse<String> invalid = post("/state-machines?name=" + unique("rest-invalid"), MISSING_NEXT);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).path("__type").asText()).isEqualTo("InvalidDefinition");
        assertThat(json(invalid).path("message").asText()).contains("MISSING_TRANSITION_TARGET");

        HttpResponse<String> noName = post("/state-machines", PASS);
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(json(noName).path("__type").asText()).isEqualTo("ValidationException");

        HttpResponse<String> badType = post("/state-machines?name=" + unique("rest-type") + "&type=FAST", PASS);
        assertThat(badType.statusCode()).isEqualTo(400);

        String name = unique("rest-conflict");
        createMachine(name, PASS);
        HttpResponse<String> conflict = post("/state-machines?name=" + name, FAIL);
        assertThat(conflict.statusCode()).isEqualTo(400);
        assertThat(json(conflict).path("__type").asText()).isEqualTo("StateMachineAlreadyExists");

        HttpResponse<String> absent = get("/state-machines/" + unique("rest-absent"));
        assertThat(absent.statusCode()).isEqualTo(400);
        assertThat(json(absent).path("__type").asText()).isEqualTo("StateMachineDoesNotExist");
    }

    @Test
    void runAnExecution() throws Exception {
        String machine = unique("rest-run");
        createMachine(machine, PASS);

        HttpResponse<String> started = post("/state-machines/" + machine + "/executions?name=first", "{\"who\": \"rest\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(json(started).path("id").asText()).isEqualTo(machine + ":first");
        assertThat(json(started).path("executionArn").asText())
                .isEqualTo(ACCOUNT_PREFIX + "execution:" + machine + ":first");

        JsonNode done = awaitEnd(machine + ":first");
        assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("name").asText()).isEqualTo("first");
        assertThat(done.path("input")).isEqualTo(Json.parse("{\"who\": \"rest\"}"));
        // The output is a JSON value, not a string holding JSON.
        assertThat(done.path("output")).isEqualTo(Json.parse("{\"greeting\": \"hello rest\"}"));
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(done.path("stopDate").isTextual()).isTrue();

        JsonNode list = json(get("/state-machines/" + machine + "/executions"));
        assertThat(list.path("executions")).hasSize(1);
        assertThat(list.path("executions").get(0).path("id").asText()).isEqualTo(machine + ":first");
    }

    @Test
    void anExpressExecution() throws Exception {
        String machine = unique("rest-express-run");
        assertThat(post("/state-machines?name=" + machine + "&type=EXPRESS", PASS).statusCode()).isEqualTo(201);
        HttpResponse<String> started = post("/state-machines/" + machine + "/executions?name=x", "{\"who\": \"fast\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = json(started).path("id").asText();
        assertThat(id).startsWith(machine + ":x");
        JsonNode done = awaitEnd(id);
        assertThat(done.path("executionArn").asText()).isEqualTo(json(started).path("executionArn").asText());
        assertThat(done.path("output")).isEqualTo(Json.parse("{\"greeting\": \"hello fast\"}"));
    }

    @Test
    void anExecutionWithoutBodyOrName() throws Exception {
        String machine = unique("rest-defaults");
        createMachine(machine, "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        HttpResponse<String> started = post("/state-machines/" + machine + "/executions", "");
        assertThat(started.statusCode()).isEqualTo(201);
        String id = json(started).path("id").asText();
        assertThat(id).startsWith(machine + ":");
        JsonNode done = awaitEnd(id);
        assertThat(done.path("output")).isEqualTo(Json.parse("{}"));
    }

    @Test
    void aFailedExecution() throws Exception {
        String machine = unique("rest-fail");
        createMachine(machine, FAIL);
        post("/state-machines/" + machine + "/executions?name=f", "{}");
        JsonNode done = awaitEnd(machine + ":f");
        assertThat(done.path("status").asText()).isEqualTo("FAILED");
        assertThat(done.path("error").asText()).isEqualTo("Custom.Boom");
        assertThat(done.path("cause").asText()).isEqualTo("asked to");
        assertThat(done.path("output").isNull()).isTrue();
    }

    @Test
    void executionErrors() throws Exception {
        String machine = unique("rest-exec-errors");
        createMachine(machine, PASS);

        HttpResponse<String> badInput = post("/state-machines/" + machine + "/executions?name=x", "{not json");
        assertThat(badInput.statusCode()).isEqualTo(400);
        assertThat(json(badInput).path("__type").asText()).isEqualTo("InvalidExecutionInput");

        HttpResponse<String> noMachine = post("/state-machines/" + unique("rest-absent") + "/executions", "{}");
        assertThat(noMachine.statusCode()).isEqualTo(400);
        assertThat(json(noMachine).path("__type").asText()).isEqualTo("StateMachineDoesNotExist");

        HttpResponse<String> noExecution = get("/executions/" + machine + ":absent");
        assertThat(noExecution.statusCode()).isEqualTo(400);
        assertThat(json(noExecution).path("__type").asText()).isEqualTo("ExecutionDoesNotExist");

        HttpResponse<String> badId = get("/executions/no-colon");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).path("__type").asText()).isEqualTo("ValidationException");

        post("/state-machines/" + machine + "/executions?name=once", "{\"who\": 1}");
        awaitEnd(machine + ":once");
        HttpResponse<String> again = post("/state-machines/" + machine + "/executions?name=once", "{\"who\": 1}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).path("__type").asText()).isEqualTo("ExecutionAlreadyExists");
    }

    @Test
    void history() throws Exception {
        String machine = unique("rest-history");
        createMachine(machine, PASS);
        post("/state-machines/" + machine + "/executions?name=h", "{\"who\": \"h\"}");
        awaitEnd(machine + ":h");

        HttpResponse<String> response = get("/executions/" + machine + ":h/history");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        json(response).path("events").forEach(event -> {
            types.add(event.path("type").asText());
            ids.add(event.path("id").asLong());
        });
        assertThat(types).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "ExecutionSucceeded");
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L);
        JsonNode started = json(response).path("events").get(0);
        assertThat(started.path("timestamp").asText()).isNotBlank();
        assertThat(started.path("executionStartedEventDetails").path("input").asText()).contains("\"who\"");

        HttpResponse<String> absent = get("/executions/" + machine + ":absent/history");
        assertThat(absent.statusCode()).isEqualTo(400);
        assertThat(json(absent).path("__type").asText()).isEqualTo("ExecutionDoesNotExist");
    }

    @Test
    void stopAnExecution() throws Exception {
        // Waits are skipped by this service (scale 0), so the parked run is on a service in real time.
        try (StatewrightService slow = StatewrightService.start(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(null).withWaitTimeScale(1), TaskHandlers.none())) {
            String slowBase = "http://127.0.0.1:" + slow.port();
            String machine = unique("rest-stop");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(slowBase + "/state-machines?name=" + machine))
                    .POST(HttpRequest.BodyPublishers.ofString(LONG_WAIT)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
            http.send(HttpRequest.newBuilder(URI.create(slowBase + "/state-machines/" + machine + "/executions?name=p"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            HttpResponse<String> stopped = checked(http.send(HttpRequest.newBuilder(
                    URI.create(slowBase + "/executions/" + machine + ":p/stop?error=Halt&cause=enough"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
            assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
            assertThat(json(stopped).path("status").asText()).isEqualTo("ABORTED");
            assertThat(json(stopped).path("error").asText()).isEqualTo("Halt");
            assertThat(json(stopped).path("cause").asText()).isEqualTo("enough");

            // The console's view: the Wait was cut short by the stop, it did not fail.
            JsonNode visits = Json.parse(http.send(HttpRequest.newBuilder(
                    URI.create(slowBase + "/executions/" + machine + ":p/states")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(visits.path("states")).singleElement().satisfies(wait -> {
                assertThat(wait.path("status").asText()).isEqualTo("aborted");
                assertThat(wait.path("error").isNull()).as(wait.toString()).isTrue();
            });
        }
    }

    @Test
    void anExecutionStartedWithoutANameGetsAUniqueOneNotTheMachinesName() throws Exception {
        String machine = unique("rest-unnamed");
        createMachine(machine, PASS);
        HttpResponse<String> first = post("/state-machines/" + machine + "/executions", "{\"who\": \"a\"}");
        HttpResponse<String> second = post("/state-machines/" + machine + "/executions", "{\"who\": \"b\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        String name = json(first).path("name").asText();
        assertThat(name).isNotEqualTo(machine).matches("[0-9a-f-]{36}");
        assertThat(json(second).path("name").asText()).isNotEqualTo(name);
    }

    @Test
    void otherWebSitesCannotUseTheRestApiButToolsCan() throws Exception {
        String machine = unique("rest-guard");
        createMachine(machine, PASS);
        String start = "/state-machines/" + machine + "/executions";
        int port = service.port();
        assertThat(rawStatus(port, "POST", start, "Origin: http://evil.example")).isEqualTo(403);
        assertThat(rawStatus(port, "POST", start, "Sec-Fetch-Site: cross-site")).isEqualTo(403);
        assertThat(rawStatus(port, "GET", "/executions", "Host: evil.example:" + port)).as("DNS rebinding").isEqualTo(403);
        assertThat(rawStatus(port, "POST", start, "Origin: http://127.0.0.1:" + port)).as("the console itself").isEqualTo(201);
        assertThat(rawStatus(port, "POST", start, "Sec-Fetch-Site: same-origin")).isEqualTo(201);
        assertThat(rawStatus(port, "GET", "/executions", "Host: localhost:" + port)).isEqualTo(200);
        assertThat(rawStatus(port, "POST", start, null)).as("curl sends neither header").isEqualTo(201);
    }

    /** A request written by hand, so that Host and Origin are exactly what a browser would send. */
    private static int rawStatus(int port, String method, String path, String header) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            String headers = (header != null && header.startsWith("Host:") ? header : "Host: 127.0.0.1:" + port) + "\r\n"
                    + (header != null && !header.startsWith("Host:") ? header + "\r\n" : "");
            String body = method.equals("POST") ? "{\"who\": \"x\"}" : "";
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\n" + headers
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void validate() throws Exception {
        HttpResponse<String> ok = post("/validate", PASS);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).path("result").asText()).isEqualTo("OK");
        assertThat(json(ok).path("diagnostics")).isEmpty();

        HttpResponse<String> fail = post("/validate", MISSING_NEXT);
        assertThat(fail.statusCode()).isEqualTo(200);
        assertThat(json(fail).path("result").asText()).isEqualTo("FAIL");
        JsonNode diagnostic = null;
        for (JsonNode d : json(fail).path("diagnostics")) {
            if (d.path("code").asText().equals("MISSING_TRANSITION_TARGET")) {
                diagnostic = d;
            }
        }
        assertThat(diagnostic).as(fail.body()).isNotNull();
        assertThat(diagnostic.path("severity").asText()).isEqualTo("ERROR");
        assertThat(diagnostic.path("location").asText()).isEqualTo("/States/A/Next");
        assertThat(diagnostic.path("line").asInt()).isEqualTo(3);
        assertThat(diagnostic.path("column").asInt()).isEqualTo(5);
        assertThat(diagnostic.path("message").asText()).isNotBlank();

        HttpResponse<String> notJson = post("/validate", "{\"StartAt\": ");
        assertThat(notJson.statusCode()).isEqualTo(200);
        assertThat(json(notJson).path("result").asText()).isEqualTo("FAIL");
    }

    @Test
    void listStateMachines() throws Exception {
        String one = unique("rest-list");
        String two = unique("rest-list");
        createMachine(one, PASS);
        createMachine(two, PASS);
        HttpResponse<String> response = get("/state-machines");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json(response).path("stateMachines").forEach(machine -> names.add(machine.path("name").asText()));
        assertThat(names).contains(one, two).doesNotHaveDuplicates();
    }

    @Test
    void unknownRoutes() throws Exception {
        HttpResponse<String> response = get("/no/such/thing");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("__type").asText()).isNotBlank();
        assertThat(json(response).path("message").asText()).contains("/no/such/thing");

        HttpResponse<String> wrongMethod = checked(http.send(HttpRequest.newBuilder(URI.create(base + "/validate"))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.parse(wrongMethod.body()).path("__type").asText()).isNotBlank();
    }
}
