package dev.statewright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each example machine in state-machines/, run in the service on a success path and on failure
 * paths (a bad input, a task that fails and is caught, retries), exported with
 * {@code statewright export-test}, passes {@code statewright test}, and fails once its definition
 * is changed to take another path.
 */
class ExportedExecutionsTest {
    private static final String CREATE_SHIPMENT = "arn:aws:lambda:us-east-1:123456789012:function:create-shipment";
    private static final String INVENTORY = "arn:aws:lambda:us-east-1:123456789012:function:flaky-inventory";
    private static final Map<String, Integer> CALLS = new ConcurrentHashMap<>();
    private static StatewrightService service;
    private static String endpoint;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void startService() {
        TaskHandlers handlers = TaskHandlers.builder()
                .resource(CREATE_SHIPMENT, request -> request.input().path("orderId").asText().equals("ORD-NOSHIP")
                        ? CompletableFuture.failedFuture(new StatesException("Carrier.Unavailable", "no carrier today"))
                        : CompletableFuture.completedFuture(Json.object().put("trackingId", "TRK-1")
                        .put("carrier", "dhl")))
                .resource(INVENTORY, request -> {
                    String execution = request.context().path("Execution").path("Id").asText();
                    int call = CALLS.merge(execution, 1, Integer::sum);
                    if (request.input().path("sku").asText().equals("UNKNOWN")) {
                        return CompletableFuture.failedFuture(new StatesException("Inventory.UnknownSku", "no such sku"));
                    }
                    return call <= 2 ? CompletableFuture.failedFuture(new StatesException("States.TaskFailed", "busy"))
                            : CompletableFuture.completedFuture(Json.object().put("available", 7));
                }).build();
        service = StatewrightService.startWithHandlers(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), handlers);
        endpoint = "http://127.0.0.1:" + service.port();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void exportsOfTheExamplesPassAndFailOnceTheDefinitionTakesAnotherPath() throws Exception {
        Path examples = ExampleStateMachinesTest.projectRoot().resolve("state-machines");
        JsonNode sagaInput = Json.parse(Files.readString(examples.resolve("order-saga/input.json")));
        ObjectNode noShipment = sagaInput.deepCopy();
        ((ObjectNode) noShipment.get("order")).put("id", "ORD-NOSHIP");
        ObjectNode unknownSku = Json.parse(Files.readString(examples.resolve("retry-with-backoff/input.json"))).deepCopy();
        unknownSku.put("sku", "UNKNOWN");
        List<String[]> runs = List.of(
                new String[] {"order-router", null, "SUCCEEDED"},
                new String[] {"order-router", "{}", "FAILED"},
                new String[] {"order-saga", null, "SUCCEEDED"},
                new String[] {"order-saga", Json.write(noShipment), "SUCCEEDED"}, // rolled back: the saga's failure path
                new String[] {"parallel-gather", null, "SUCCEEDED"},
                new String[] {"parallel-gather", "{}", "FAILED"},
                new String[] {"records-fan-out", null, "SUCCEEDED"},
                new String[] {"records-fan-out", "{}", "FAILED"},
                new String[] {"retry-with-backoff", null, "SUCCEEDED"},
                new String[] {"retry-with-backoff", Json.write(unknownSku), "FAILED"});
        Path tests = Files.createDirectories(dir.resolve("tests"));
        List<Path> exported = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String machine = runs.get(i)[0];
            String input = runs.get(i)[1] != null ? runs.get(i)[1] : Files.readString(examples.resolve(machine + "/input.json"));
            String arn = runToEnd(machine + "-" + i, examples.resolve(machine + "/definition.json"), "run-" + i, input);
            assertThat(call("DescribeExecution", Json.object().put("executionArn", arn)).path("status").asText())
                    .as("%s run %d", machine, i).isEqualTo(runs.get(i)[2]);
            Path file = tests.resolve(machine + "-" + i + ".test.json");
            Cli export = Cli.run("export-test", arn, "--endpoint", endpoint, "--output", file.toString());
            assertThat(export.exitCode).as(export.err).isZero();
            exported.add(file);
        }
        JsonNode saga = Json.parse(Files.readString(tests.resolve("order-saga-3.test.json")));
        assertThat(saga.path("expect").path("path").toString()).contains("ShipmentFailed", "RefundPayment");
        assertThat(saga.path("mockConfig").path("MockedResponses").path("CreateShipment").path("0").path("Throw")
                .path("Error").asText()).isEqualTo("Carrier.Unavailable");
        JsonNode retries = Json.parse(Files.readString(tests.resolve("retry-with-backoff-8.test.json")));
        assertThat(retries.path("mockConfig").path("MockedResponses").path("CheckInventory").fieldNames())
                .toIterable().containsExactly("0-1", "2");

        Cli all = Cli.run("test", tests.toString(), "--junit-xml", dir.resolve("report.xml").toString());
        assertThat(all.exitCode).as(all.out + all.err).isZero();
        assertThat(all.out).contains("10 tests: 10 passed, 0 failed").doesNotContain("FAIL");
        assertThat(Files.readString(dir.resolve("report.xml"))).contains("tests=\"10\"", "failures=\"0\"");

        Path changedTests = Files.createDirectories(dir.resolve("changed"));
        for (Path file : exported) {
            ObjectNode test = (ObjectNode) Json.parse(Files.readString(file));
            detour((ObjectNode) test.get("definition"));
            Files.writeString(changedTests.resolve(file.getFileName()), Json.write(test));
        }
        Cli changed = Cli.run("test", changedTests.toString());
        assertThat(changed.exitCode).isEqualTo(1);
        assertThat(changed.out).contains("10 tests: 0 passed, 10 failed");
        assertThat(changed.out.split("expected the path", -1)).as(changed.out).hasSize(11);
        assertThat(changed.out.split("went to Detour", -1)).hasSize(11);
    }

    @Test
    void aChoiceThatGoesTheOtherWayFailsTheExportedTest() throws Exception {
        Path examples = ExampleStateMachinesTest.projectRoot().resolve("state-machines");
        String arn = runToEnd("order-saga-choice", examples.resolve("order-saga/definition.json"), "declined-later",
                Files.readString(examples.resolve("order-saga/input.json")));
        Path file = dir.resolve("saga.test.json");
        assertThat(Cli.run("export-test", arn, "--endpoint", endpoint, "--output", file.toString()).exitCode).isZero();
        assertThat(Cli.run("test", file.toString()).exitCode).isZero();
        // The card check now declines what it accepted: the saga rolls back instead of shipping.
        String changed = Files.readString(file).replace("\"StringEquals\" : \"declined\"", "\"StringEquals\" : \"valid\"");
        assertThat(changed).isNotEqualTo(Files.readString(file));
        Files.writeString(file, changed);
        Cli run = Cli.run("test", file.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).contains("expected output", "\"status\":\"ROLLED_BACK\"", "went to CardDeclined");
    }

    @Test
    void anExecutionThatCannotBeReproducedIsRefusedWithTheReason() throws Exception {
        call("CreateActivity", Json.object().put("name", "approve"));
        call("CreateStateMachine", Json.object().put("name", "needs-approval").put("roleArn", "arn:aws:iam::123456789012:role/r")
                .put("definition", """
                        {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
                          "Resource": "arn:aws:states:us-east-1:123456789012:activity:approve", "End": true}}}"""));
        String arn = call("StartExecution", Json.object().put("name", "waiting")
                .put("stateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:needs-approval"))
                .path("executionArn").asText();
        Cli running = Cli.run("export-test", arn, "--endpoint", endpoint);
        assertThat(running.exitCode).isEqualTo(1);
        assertThat(running.err).contains(arn + " has not finished");

        call("StopExecution", Json.object().put("executionArn", arn));
        Cli stopped = Cli.run("export-test", arn, "--endpoint", endpoint);
        assertThat(stopped.exitCode).isEqualTo(1);
        assertThat(stopped.err).contains("ended ExecutionAborted: a stopped execution cannot be reproduced");

        Cli missing = Cli.run("export-test", arn.replace(":waiting", ":nope"), "--endpoint", endpoint);
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("ExecutionDoesNotExist").doesNotContain("Exception:");
    }

    private static void detour(ObjectNode definition) {
        String start = definition.get("StartAt").asText();
        ((ObjectNode) definition.get("States")).putObject("Detour").put("Type", "Pass").put("Next", start);
        definition.put("StartAt", "Detour");
    }

    private static String runToEnd(String machine, Path definition, String execution, String input) throws Exception {
        JsonNode created = call("CreateStateMachine", Json.object().put("name", machine)
                .put("definition", Files.readString(definition)).put("roleArn", "arn:aws:iam::123456789012:role/r"));
        String arn = call("StartExecution", Json.object().put("stateMachineArn", created.path("stateMachineArn").asText())
                .put("name", execution).put("input", input)).path("executionArn").asText();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (call("DescribeExecution", Json.object().put("executionArn", arn)).path("status").asText().equals("RUNNING")) {
            assertThat(Instant.now()).as("%s still running", arn).isBefore(deadline);
            Thread.sleep(10); // the test polls the service; no production code sleeps
        }
        return arn;
    }

    private static JsonNode call(String operation, ObjectNode body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
        return Json.parse(response.body());
    }

    /** One command run in process. */
    record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Statewright.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
