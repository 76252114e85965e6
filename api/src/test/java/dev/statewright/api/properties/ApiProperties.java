package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.properties.DefinitionMutations;
import dev.statewright.interpreter.properties.JsonValues;
import dev.statewright.interpreter.properties.PropertyBudget;
import dev.statewright.interpreter.properties.ValidDefinitions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's two APIs under generated traffic, one service (on a data directory of its own)
 * per property: every request gets an answer within seconds, with a status and an AWS-shaped
 * body (see {@link AnswerShape}); and afterwards the service closes, a new one opens the same
 * directory, and every execution a start acknowledged reads back with the input it was given.
 * Tries and seeds: see {@link PropertyBudget}.
 */
@AddLifecycleHook(PropertyBudget.class)
class ApiProperties {
    private Path dataDirectory;
    private StatewrightService service;
    private final Session session = new Session();
    private Traffic traffic;
    /** How many generated machines were created, to name the next one. */
    private int generated;

    @BeforeProperty
    void startService() {
        dataDirectory = ServiceRuns.newDataDirectory();
        service = ServiceRuns.start(dataDirectory, 0);
        traffic = new Traffic(new Wire(service.port()), session);
        ServiceRuns.createKnownResources(traffic);
    }

    /** The store's half of the property: what was acknowledged is there, before and after a restart. */
    @AfterProperty
    void restartAndReadBack() {
        try {
            ServiceRuns.assertAcknowledgedReadBack(service, session, "before the restart");
            service.close();
            service = ServiceRuns.start(dataDirectory, 0);
            ServiceRuns.assertAcknowledgedReadBack(service, session, "after the restart");
        } finally {
            service.close();
            ServiceRuns.delete(dataDirectory);
        }
    }

    @Provide
    Arbitrary<String> definitions() {
        return Arbitraries.frequencyOf(Tuple.of(4, ValidDefinitions.machines().map(Json::write)),
                Tuple.of(1, DefinitionMutations.stressed()), Tuple.of(1, DefinitionMutations.texts()));
    }

    @Provide
    Arbitrary<JsonNode> inputs() {
        return JsonValues.inputs();
    }

    @Provide
    Arbitrary<List<AwsRequests.AwsRequest>> awsRequests() {
        return AwsRequests.requests().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<RestRequests.RestRequest>> restRequests() {
        return RestRequests.requests().list().ofMinSize(1).ofMaxSize(6);
    }

    // Edge cases off: the pools hold the edges on purpose, and jqwik's own (empty lists, first
    // alternatives) crowd out the requests that reach deeper.
    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void everyAwsRequestGetsAnAwsShapedAnswer(@ForAll("awsRequests") List<AwsRequests.AwsRequest> requests) {
        requests.forEach(traffic::send);
    }

    /**
     * Generated machines (valid, stressful, mutated) run through the service: what it accepts,
     * it runs to an end, with a history that reads back page by page, ids 1..n, ending as the
     * execution did. Runs that the engine ends in memory are stored event by event here.
     */
    @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
    void generatedMachinesRunToAnEndThroughTheService(@ForAll("definitions") String definition,
                                                      @ForAll("inputs") JsonNode input) {
        String name = "generated-" + ++generated;
        Answer created = aws("CreateStateMachine", Json.object().put("name", name).put("definition", definition)
                .put("roleArn", AwsRequests.ROLE));
        if (created.status() != 200) {
            return;
        }
        Answer started = aws("StartExecution", Json.object().put("stateMachineArn", Session.ARN_PREFIX + "stateMachine:" + name)
                .put("input", Json.write(input)));
        if (started.status() != 200) {
            assertThat(started.json().orElseThrow().path("__type").asText()).isEqualTo("InvalidExecutionInput");
            return;
        }
        String arn = started.json().orElseThrow().get("executionArn").textValue();
        String status = awaitEnd(arn);
        // What the web console reads of them: the graph of the definition, the states visited.
        String id = name + ":" + arn.substring(arn.lastIndexOf(':') + 1);
        for (List<String> path : List.of(List.of("state-machines", name, "graph"), List.of("executions", id, "graph"),
                List.of("executions", id, "states"), List.of("executions", id, "history"))) {
            Answer answer = traffic.send(new RestRequests.RestRequest("GET", path, List.of(), "", Map.of()));
            assertThat(answer.status()).as("GET %s: %s", path, answer).isEqualTo(200);
        }
        List<JsonNode> history = history(arn);
        assertThat(history).isNotEmpty();
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).path("id").asLong()).as("id of event %d of %s", i, arn).isEqualTo(i + 1L);
        }
        String last = history.get(history.size() - 1).path("type").asText();
        assertThat(last).as("the last event of a %s execution", status).isEqualTo(switch (status) {
            case "SUCCEEDED" -> "ExecutionSucceeded";
            case "FAILED" -> "ExecutionFailed";
            case "TIMED_OUT" -> "ExecutionTimedOut";
            default -> "ExecutionAborted";
        });
    }

    /** Shrunk by everyRestRequestGetsAnAwsShapedAnswer: a cursor outside the machine's executions was a 500 (fixed). */
    @Example
    void aNextTokenOfAnotherListingIsAnsweredWithAPage() {
        String token = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("executions:zz".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        traffic.send(new RestRequests.RestRequest("GET", List.of("executions"), List.of(Map.entry("status", "FAILED"),
                Map.entry("stateMachine", "wait-m"), Map.entry("nextToken", token)), "", Map.of()));
        Map<String, JsonNode> members = new LinkedHashMap<>();
        members.put("stateMachineArn", Json.NODES.textNode(Session.ARN_PREFIX + "stateMachine:wait-m"));
        members.put("nextToken", Json.NODES.textNode(token));
        traffic.send(new AwsRequests.AwsRequest("AWSStepFunctions.ListExecutions", AnswerShape.AWS_JSON, members, 0, ""));
    }

    /**
     * Shrunk by everyAwsRequestGetsAnAwsShapedAnswer: an input holding an escaped lone surrogate
     * was acknowledged and then read back with "?" in its place (fixed: refused).
     */
    @Example
    void anInputWithAnEscapedLoneSurrogateIsRefused() {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        members.put("stateMachineArn", Json.NODES.textNode(Session.ARN_PREFIX + "stateMachine:m1"));
        members.put("name", Json.NODES.textNode("e2"));
        members.put("input", Json.NODES.textNode("{\"s\": \"a\ud800b\"}"));
        Answer answer = traffic.send(new AwsRequests.AwsRequest("AWSStepFunctions.StartExecution", AnswerShape.AWS_JSON,
                members, 1, ""));
        assertThat(answer.json().orElseThrow().path("__type").asText()).isEqualTo("SerializationException");
    }

    private Answer aws(String operation, ObjectNode members) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        members.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
        return traffic.send(new AwsRequests.AwsRequest("AWSStepFunctions." + operation, AnswerShape.AWS_JSON, fields, 0, ""));
    }

    /** Polls DescribeExecution until the execution has ended; waits are skipped here, so that is soon. */
    private String awaitEnd(String arn) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            JsonNode described = aws("DescribeExecution", Json.object().put("executionArn", arn)).json().orElseThrow();
            String status = described.path("status").asText();
            if (!"RUNNING".equals(status)) {
                return status;
            }
            assertThat(System.nanoTime()).as("%s still running after 15 s", arn).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The whole history, read in pages of 1000 with the next tokens the answers give. */
    private List<JsonNode> history(String arn) {
        List<JsonNode> events = new ArrayList<>();
        String nextToken = null;
        do {
            ObjectNode request = Json.object().put("executionArn", arn).put("maxResults", 1000);
            if (nextToken != null) {
                request.put("nextToken", nextToken);
            }
            Answer answer = aws("GetExecutionHistory", request);
            assertThat(answer.status()).as("GetExecutionHistory of %s: %s", arn, answer).isEqualTo(200);
            JsonNode page = answer.json().orElseThrow();
            page.path("events").forEach(events::add);
            nextToken = page.path("nextToken").textValue();
        } while (nextToken != null);
        return events;
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void everyRestRequestGetsAnAwsShapedAnswer(@ForAll("restRequests") List<RestRequests.RestRequest> requests) {
        requests.forEach(traffic::send);
    }
}
