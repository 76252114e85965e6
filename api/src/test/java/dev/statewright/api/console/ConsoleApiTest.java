package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST resources the console reads: the laid-out graph, state visits, lists with filters and pages. */
class ConsoleApiTest {
    private static ConsoleService service;

    @BeforeAll
    static void start() {
        service = new ConsoleService();
        service.createMachine("every-shape", ConsoleService.resource("every-shape.json"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void machineWithChoiceParallelMapAndCatchIsLaidOutWithoutOverlapsOrEdgesThroughNodes() {
        JsonNode graph = service.getJson("/state-machines/every-shape/graph");
        LayoutGeometry geometry = new LayoutGeometry(graph);
        assertThat(geometry.overlappingNodes()).isEmpty();
        assertThat(geometry.edgesThroughNodes()).isEmpty();

        Map<String, JsonNode> nodes = new HashMap<>();
        graph.get("nodes").forEach(node -> nodes.put(node.get("id").asText(), node));
        assertThat(nodes.keySet()).contains("Classify", "Single", "FanOut", "FanOut/Double", "FanOut/Check",
                "FanOut/TooBig", "FanOut/Keep", "Both", "Both/0", "Both/0/Left", "Both/1/Right", "Both/1/RightAgain",
                "Recover", "Done", "#start", "#end", "FanOut/#start", "Both/1/#end");
        assertThat(nodes.get("FanOut").get("kind").asText()).isEqualTo("group");
        assertThat(nodes.get("Both/1").get("kind").asText()).isEqualTo("branch");
        assertThat(nodes.get("FanOut/Check").get("parent").asText()).isEqualTo("FanOut");
        for (JsonNode node : nodes.values()) {
            if (node.hasNonNull("parent")) {
                assertThat(inside(node, nodes.get(node.get("parent").asText())))
                        .as(node.get("id").asText() + " inside its group").isTrue();
            }
            assertThat(node.get("width").asDouble()).isPositive();
        }

        List<String> labelled = new ArrayList<>();
        Set<String> kinds = new HashSet<>();
        for (JsonNode edge : graph.get("edges")) {
            kinds.add(edge.get("kind").asText());
            assertThat(edge.get("points").size()).as(edge.toString()).isGreaterThanOrEqualTo(2);
            if (edge.hasNonNull("label")) {
                labelled.add(edge.get("source").asText() + " -> " + edge.get("target").asText() + ": " + edge.get("label").asText());
                assertThat(edge.get("labelBox").get("width").asDouble()).isPositive();
            }
        }
        assertThat(kinds).contains("start", "next", "choice", "default", "catch", "end");
        assertThat(labelled).contains("Classify -> FanOut: $.kind == \"batch\"",
                "Classify -> Single: Default", "FanOut -> Recover: Catch States.ALL",
                "FanOut/Check -> FanOut/TooBig: $.v > 100");
    }

    @Test
    void graphOfAnUnknownMachineIsAnAwsShapedError() {
        HttpResponse<String> response = service.get("/state-machines/nope/graph");
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(response.body()).contains("\"__type\":\"StateMachineDoesNotExist\"").doesNotContain("at dev.");
    }

    @Test
    void stateVisitsShowInputOutputErrorsAndWhatACatchTook() {
        JsonNode execution = service.runToEnd("every-shape", "caught-in-map",
                "{\"kind\": \"batch\", \"items\": [{\"v\": 1}, {\"v\": 70}, {\"v\": 3}]}");
        assertThat(execution.get("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode states = service.getJson("/executions/every-shape:caught-in-map/states").get("states");
        Map<String, JsonNode> byKey = new HashMap<>();
        states.forEach(run -> byKey.put(run.get("scope").asText() + "/" + run.get("name").asText(), run));

        assertThat(byKey.get("/Classify").get("status").asText()).isEqualTo("succeeded");
        assertThat(byKey.get("/Classify").get("input").get("kind").asText()).isEqualTo("batch");
        assertThat(byKey.get("/FanOut").get("status").asText()).isEqualTo("caught");
        assertThat(byKey.get("/FanOut").get("error").asText()).as("the error of the iteration that failed").isEqualTo("Item.TooBig");
        assertThat(byKey.get("/FanOut").get("cause").asText()).isEqualTo("An item doubled past 100");
        assertThat(byKey.get("FanOut[1]/TooBig").get("status").asText()).isEqualTo("failed");
        assertThat(byKey.get("FanOut[1]/TooBig").get("error").asText()).isEqualTo("Item.TooBig");
        assertThat(byKey.get("FanOut[1]/Double").get("output").get("v").asInt()).isEqualTo(140);
        assertThat(byKey.get("FanOut[0]/Keep").get("status").asText()).isEqualTo("succeeded");
        assertThat(byKey.get("/Recover").get("input").get("failure").get("Error").asText()).isEqualTo("Item.TooBig");
        assertThat(byKey).doesNotContainKey("/Single");
        assertThat(byKey.get("/Done").get("exitedAt").isNull()).isFalse();
    }

    @Test
    void parallelBranchesAreScopesOfTheirOwn() {
        service.runToEnd("every-shape", "both-branches", "{\"kind\": \"x\", \"n\": 11, \"urgent\": true}");
        JsonNode states = service.getJson("/executions/every-shape:both-branches/states").get("states");
        List<String> keys = new ArrayList<>();
        states.forEach(run -> keys.add(run.get("scope").asText() + "/" + run.get("name").asText() + "=" + run.get("status").asText()));
        assertThat(keys).contains("/Both=succeeded", "Both[branch 1]/Left=succeeded", "Both[branch 2]/Right=succeeded",
                "Both[branch 2]/RightAgain=succeeded");
    }

    @Test
    void retriesOfATaskAreCountedWithEachAttemptsError() {
        service.createMachine("retrying", """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:missing",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                  "End": true}}}""");
        assertThat(service.runToEnd("retrying", "r1", "{}").get("status").asText()).isEqualTo("FAILED");
        JsonNode call = service.getJson("/executions/retrying:r1/states").get("states").get(0);
        assertThat(call.get("status").asText()).isEqualTo("failed");
        assertThat(call.get("retries").asInt()).isEqualTo(2);
        assertThat(call.get("failures").size()).isEqualTo(3);
        assertThat(call.get("error").asText()).isEqualTo("States.TaskFailed");
    }

    @Test
    void executionsOfAllMachinesFilterByStatusAndNameAndComeInPages() {
        service.createMachine("lister", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        service.createMachine("lister-fails", "{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");
        for (int i = 0; i < 5; i++) {
            service.runToEnd("lister", "list-ok-" + i, "{}");
        }
        service.runToEnd("lister-fails", "list-bad-0", "{}");

        JsonNode failed = service.getJson("/executions?status=FAILED&name=list-");
        assertThat(failed.get("executions")).hasSize(1);
        assertThat(failed.get("executions").get(0).get("name").asText()).isEqualTo("list-bad-0");
        assertThat(failed.get("executions").get(0).get("stateMachineName").asText()).isEqualTo("lister-fails");

        JsonNode first = service.getJson("/executions?name=LIST-OK&maxResults=2");
        assertThat(first.get("total").asInt()).isEqualTo(5);
        assertThat(first.get("executions")).hasSize(2);
        JsonNode second = service.getJson("/executions?name=list-ok&maxResults=2&nextToken=" + first.get("nextToken").asText());
        assertThat(second.get("executions")).hasSize(2);
        assertThat(second.get("executions").get(0).get("name").asText())
                .isNotEqualTo(first.get("executions").get(0).get("name").asText());
        assertThat(service.getJson("/executions?stateMachine=lister-fails").get("total").asInt()).isEqualTo(1);

        JsonNode counts = service.getJson("/execution-counts").get("stateMachines");
        assertThat(counts.get("lister").get("SUCCEEDED").asInt()).isEqualTo(5);
        assertThat(counts.get("lister-fails").get("FAILED").asInt()).isEqualTo(1);

        HttpResponse<String> badStatus = service.get("/executions?status=DONE");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("ValidationException");
        assertThat(service.get("/executions?maxResults=0").body()).contains("ValidationException");
        assertThat(service.get("/executions?nextToken=garbage").body()).contains("InvalidToken");
    }

    @Test
    void historyComesInPagesWhenAsked() {
        service.runToEnd("every-shape", "paged", "{\"kind\": \"x\"}");
        JsonNode all = service.getJson("/executions/every-shape:paged/history");
        assertThat(all.has("nextToken")).isFalse();
        int total = all.get("events").size();
        List<Long> ids = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = service.getJson("/executions/every-shape:paged/history?maxResults=3"
                    + (token == null ? "" : "&nextToken=" + token));
            page.get("events").forEach(event -> ids.add(event.get("id").asLong()));
            token = page.get("nextToken").isNull() ? null : page.get("nextToken").asText();
        } while (token != null);
        assertThat(ids).hasSize(total).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void browsersGetThePageToolsGetTextAndNoFileOutsideTheConsoleIsServed() {
        HttpResponse<String> page = service.send(HttpRequest.newBuilder(URI.create(service.base + "/"))
                .header("Accept", "text/html,application/xhtml+xml").GET());
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(page.body()).contains("<script src=\"/console/app.js\"");
        assertThat(service.get("/").body()).startsWith("Statewright is running.");
        assertThat(service.get("/console/app.js").headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(service.get("/console/..%2Fconsole%2Findex.html").statusCode()).isEqualTo(404);
        assertThat(service.get("/console/missing.js").statusCode()).isEqualTo(404);
    }

    private static boolean inside(JsonNode node, JsonNode parent) {
        return node.get("x").asDouble() >= parent.get("x").asDouble()
                && node.get("y").asDouble() >= parent.get("y").asDouble()
                && node.get("x").asDouble() + node.get("width").asDouble() <= parent.get("x").asDouble() + parent.get("width").asDouble()
                && node.get("y").asDouble() + node.get("height").asDouble() <= parent.get("y").asDouble() + parent.get("height").asDouble();
    }
}
