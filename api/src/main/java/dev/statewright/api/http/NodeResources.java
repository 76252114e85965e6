package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.Nodes;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionSummary;
import dev.statewright.api.store.NodeRecord;
import dev.statewright.interpreter.json.Json;

import java.time.Instant;

/**
 * The REST resources of the service's nodes the web console reads: every node with how many
 * executions it drives, and a node's executions a page at a time. A node is {@code LIVE} or
 * {@code GONE}; dates are ISO instants, as elsewhere in the REST API.
 */
final class NodeResources {
    private static final String EXECUTIONS = "nodeExecutions";

    private final Nodes nodes;

    NodeResources(Nodes nodes) {
        this.nodes = nodes;
    }

    /** GET /nodes: every node, live ones first. */
    JsonNode list() {
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("nodes");
        nodes.list().forEach(node -> list.add(node(node)));
        return response;
    }

    /** GET /nodes/{node}/executions?maxResults=&nextToken=: the node, and a page of the running executions it drives. */
    JsonNode executions(String nodeId, Integer maxResults, String nextToken) {
        NodeRecord node = nodes.describe(nodeId);
        ExecutionPage page = nodes.executions(nodeId, maxResults == null ? Pages.DEFAULT_PAGE : maxResults,
                nextToken == null ? null : Pages.position(nextToken, EXECUTIONS));
        ObjectNode response = Json.object();
        response.set("node", node(node));
        ArrayNode list = response.putArray("executions");
        for (ExecutionSummary execution : page.executions()) {
            list.addObject().put("id", RestHandlers.executionId(execution.arn())).put("executionArn", execution.arn())
                    .put("name", execution.name()).put("stateMachineName", execution.stateMachineName())
                    .put("status", execution.status().name()).put("startDate", execution.startDate().toString());
        }
        return response.put("nextToken", page.nextCursor() == null ? null : Pages.token(EXECUTIONS, page.nextCursor()));
    }

    /** The node driving a running execution, or null. */
    String driverOf(String executionArn) {
        return nodes.driverOf(executionArn).orElse(null);
    }

    private static ObjectNode node(NodeRecord node) {
        return Json.object().put("nodeId", node.id()).put("address", node.address())
                .put("status", node.live() ? "LIVE" : "GONE").put("thisNode", node.thisNode())
                .put("startedAt", iso(node.startedAt())).put("lastSeenAt", iso(node.lastSeenAt()))
                .put("stoppedAt", iso(node.stoppedAt())).put("executions", node.executions());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
