package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.Arns;
import dev.statewright.interpreter.json.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service holds, read through its AWS API: every state machine as DescribeStateMachine
 * gives it, and every acknowledged execution as DescribeExecution does (an EXPRESS one, which
 * AWS's DescribeExecution refuses, as the REST API gives it). Taken before a restart
 * and after it, the two must agree: machines exactly, executions exactly once they had ended
 * (a running one may move on, but keeps its input and start).
 */
record StoreSnapshot(Map<String, JsonNode> machines, Map<String, JsonNode> executions) {

    static StoreSnapshot take(Wire wire, Session session) {
        Map<String, JsonNode> machines = new LinkedHashMap<>();
        String nextToken = null;
        do {
            ObjectNode list = Json.object().put("maxResults", 100);
            if (nextToken != null) {
                list.put("nextToken", nextToken);
            }
            JsonNode page = call(wire, "ListStateMachines", list);
            for (JsonNode machine : page.path("stateMachines")) {
                String arn = machine.get("stateMachineArn").textValue();
                machines.put(arn, call(wire, "DescribeStateMachine", Json.object().put("stateMachineArn", arn)));
            }
            nextToken = page.path("nextToken").textValue();
        } while (nextToken != null);
        Map<String, JsonNode> executions = new LinkedHashMap<>();
        for (String arn : session.acknowledged().keySet()) {
            executions.put(arn, Arns.isExpress(arn) ? restExecution(wire, arn)
                    : call(wire, "DescribeExecution", Json.object().put("executionArn", arn)));
        }
        return new StoreSnapshot(machines, executions);
    }

    void assertKeptBy(StoreSnapshot after) {
        assertThat(after.machines()).as("the state machines after the restart").isEqualTo(machines);
        for (Map.Entry<String, JsonNode> execution : executions.entrySet()) {
            JsonNode before = execution.getValue();
            JsonNode now = after.executions().get(execution.getKey());
            if ("RUNNING".equals(before.path("status").asText())) {
                assertThat(now.path("input")).as("the input of %s after the restart", execution.getKey()).isEqualTo(before.path("input"));
                assertThat(now.path("startDate")).as("the start of %s after the restart", execution.getKey())
                        .isEqualTo(before.path("startDate"));
            } else {
                assertThat(now).as("the ended execution %s after the restart", execution.getKey()).isEqualTo(before);
            }
        }
    }

    /** An EXPRESS execution, which AWS's DescribeExecution refuses, as the REST API gives it (MACHINE:NAME:UUID). */
    private static JsonNode restExecution(Wire wire, String arn) {
        String id = arn.substring(arn.indexOf(":express:") + ":express:".length());
        String path = "/executions/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        Answer answer = wire.send(new HttpCall("GET", path, Map.of(), new byte[0]));
        assertThat(answer.status()).as("GET %s: %s", path, answer).isEqualTo(200);
        return answer.json().orElseThrow();
    }

    private static JsonNode call(Wire wire, String operation, ObjectNode members) {
        HttpCall call = new HttpCall("POST", "/", Map.of("X-Amz-Target", "AWSStepFunctions." + operation,
                "Content-Type", AnswerShape.AWS_JSON), HttpCall.utf8(Json.write(members)));
        Answer answer = wire.send(call);
        assertThat(answer.status()).as("%s %s: %s", operation, members, answer).isEqualTo(200);
        return answer.json().orElseThrow();
    }
}
