package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.MapRuns;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.MapRunChildPage;
import dev.statewright.api.store.MapRunChildRecord;
import dev.statewright.api.store.MapRunPage;
import dev.statewright.api.store.MapRunRecord;
import dev.statewright.interpreter.engine.EventTypes;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * DescribeMapRun, ListMapRuns and UpdateMapRun in AWS's shapes, and what ListExecutions,
 * DescribeExecution and GetExecutionHistory answer of a Map Run's child executions.
 */
final class MapRunOperations {
    private static final String LIST = "mapRuns";
    private static final String CHILDREN = "mapRunExecutions";

    private MapRunOperations() {
    }

    static void addTo(AwsOperations.Table table, MapRuns mapRuns) {
        table.now("DescribeMapRun", r -> describe(mapRuns.describe(r.required("mapRunArn"))));
        table.now("ListMapRuns", r -> list(mapRuns, r));
        // Answered once the update is durable: a DescribeMapRun then shows it, and a restart replays it.
        table.later("UpdateMapRun", r -> {
            String arn = r.required("mapRunArn");
            Integer maxConcurrency = r.optionalInt("maxConcurrency", 0, Integer.MAX_VALUE);
            Long toleratedFailureCount = r.optionalLong("toleratedFailureCount", 0, Long.MAX_VALUE);
            Double toleratedFailurePercentage = r.optionalNumber("toleratedFailurePercentage", 0, 100);
            return mapRuns.update(arn, maxConcurrency, toleratedFailureCount, toleratedFailurePercentage)
                    .thenApply(stored -> (JsonNode) Json.object());
        });
    }

    static ObjectNode describe(MapRunRecord run) {
        ObjectNode response = Json.object().put("mapRunArn", run.arn()).put("executionArn", run.executionArn())
                .put("status", run.status().name()).put("startDate", AwsShapes.timestamp(run.startDate()));
        if (run.stopDate() != null) {
            response.put("stopDate", AwsShapes.timestamp(run.stopDate()));
        }
        // AWS shows 0 for a tolerance the Map does not set.
        response.put("maxConcurrency", run.maxConcurrency())
                .put("toleratedFailurePercentage", run.toleratedFailurePercentage() != null
                        ? run.toleratedFailurePercentage().floatValue() : 0f)
                .put("toleratedFailureCount", run.toleratedFailureCount() != null ? run.toleratedFailureCount() : 0);
        // Each item is one child execution here (no ItemBatcher), so both counts are the same.
        response.set("itemCounts", counts(run.counts()));
        response.set("executionCounts", counts(run.counts()));
        response.put("redriveCount", run.redrives().count());
        if (run.redrives().lastDate() != null) {
            response.put("redriveDate", AwsShapes.timestamp(run.redrives().lastDate()));
        }
        return response;
    }

    private static ObjectNode counts(MapRunRecord.Counts c) {
        return Json.object().put("pending", c.pending()).put("running", c.running()).put("succeeded", c.succeeded())
                .put("failed", c.failed()).put("timedOut", 0).put("aborted", c.aborted()).put("total", c.total())
                .put("resultsWritten", 0).put("failuresNotRedrivable", 0).put("pendingRedrive", 0);
    }

    private static JsonNode list(MapRuns mapRuns, RequestFields r) {
        // Every member is read before the execution is looked up: a malformed request is reported as such.
        String executionArn = r.required("executionArn");
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.optional("nextToken");
        String cursor = nextToken == null ? null : Pages.position(nextToken, LIST);
        MapRunPage page = mapRuns.list(executionArn, maxResults == null || maxResults == 0 ? Pages.DEFAULT_PAGE : maxResults,
                cursor);
        ObjectNode response = Json.object();
        ArrayNode items = response.putArray("mapRuns");
        for (MapRunRecord run : page.mapRuns()) {
            ObjectNode item = items.addObject().put("executionArn", run.executionArn()).put("mapRunArn", run.arn())
                    .put("stateMachineArn", MapRuns.stateMachineArn(run.arn()))
                    .put("startDate", AwsShapes.timestamp(run.startDate()));
            if (run.stopDate() != null) {
                item.put("stopDate", AwsShapes.timestamp(run.stopDate()));
            }
        }
        if (page.nextCursor() != null) {
            response.put("nextToken", Pages.token(LIST, page.nextCursor()));
        }
        return response;
    }

    /**
     * ListExecutions with a Map Run ARN: its child executions, the last started first. AWS takes a
     * state machine or a Map Run, not both.
     */
    static JsonNode listChildren(MapRuns mapRuns, RequestFields r, String mapRunArn, int maxToken) {
        if (r.optional("stateMachineArn") != null) {
            throw ServiceException.validation("Only one of stateMachineArn and mapRunArn may be given: "
                    + "a Map Run's child executions are listed by its ARN alone");
        }
        StatusFilter status = StatusFilter.of(r);
        RedriveFilter redriveFilter = r.optionalEnum("redriveFilter", RedriveFilter.class);
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.nextToken(maxToken);
        String cursor = nextToken == null ? null : Pages.position(nextToken, CHILDREN);
        MapRunChildPage page = mapRuns.children(mapRunArn, status.status(),
                redriveFilter == null ? null : redriveFilter == RedriveFilter.REDRIVEN,
                maxResults == null || maxResults == 0 ? Pages.DEFAULT_PAGE : maxResults, cursor);
        ObjectNode response = Json.object();
        ArrayNode items = response.putArray("executions");
        if (!status.matchesNothing()) {
            page.children().forEach(child -> items.add(childSummary(child)));
        }
        if (page.nextCursor() != null && !status.matchesNothing()) {
            response.put("nextToken", Pages.token(CHILDREN, page.nextCursor()));
        }
        return response;
    }

    /** A child execution as ListExecutions lists it (AWS's ExecutionListItem, with its Map Run). */
    static ObjectNode childSummary(MapRunChildRecord.Summary child) {
        ObjectNode item = Json.object().put("executionArn", child.executionArn())
                .put("stateMachineArn", child.stateMachineArn()).put("name", child.name())
                .put("status", child.status().name()).put("startDate", AwsShapes.timestamp(child.startDate()));
        if (child.stopDate() != null) {
            item.put("stopDate", AwsShapes.timestamp(child.stopDate()));
        }
        // One item per child execution here (no ItemBatcher batches them).
        return item.put("mapRunArn", child.mapRunArn()).put("itemCount", 1).put("redriveCount", child.redriveCount());
    }

    /**
     * A child execution as DescribeExecution describes it: AWS's shape with its Map Run. A child
     * that failed or was aborted is redriven by redriving its parent (AWS's REDRIVABLE_BY_MAP_RUN).
     */
    static ObjectNode childExecution(MapRunChildRecord child) {
        ObjectNode node = childSummary(child.summary());
        node.remove("itemCount");
        node.put("input", child.input() != null ? child.input() : "{}");
        node.set("inputDetails", Json.object().put("included", true));
        if (child.output() != null) {
            node.put("output", child.output());
            node.set("outputDetails", Json.object().put("included", true));
        }
        if (child.error() != null) {
            node.put("error", child.error());
        }
        if (child.cause() != null) {
            node.put("cause", child.cause());
        }
        switch (child.status()) {
            case FAILED, ABORTED, TIMED_OUT -> node.put("redriveStatus", "REDRIVABLE_BY_MAP_RUN");
            default -> node.put("redriveStatus", "NOT_REDRIVABLE")
                    .put("redriveStatusReason", "Execution is " + child.status().name() + " and cannot be redriven");
        }
        return node;
    }

    /**
     * GetExecutionHistory of a child execution: its start and, once it ended, its end, made from
     * its record. A child's states run inside the parent here and are not kept apart, so the
     * events between are not there (test-fixtures/map-runs-known-failures.txt).
     */
    static JsonNode childHistory(MapRunChildRecord child, boolean reverse, boolean includeData, int size,
                                 String nextToken) {
        List<HistoryEvent> events = new ArrayList<>();
        ObjectNode started = Json.object();
        started.set("input", child.input() != null ? Json.parse(child.input()) : Json.object());
        started.set("inputDetails", Json.object().put("truncated", false));
        started.put("stateMachineArn", child.stateMachineArn());
        events.add(new HistoryEvent(1, 0, child.startDate(), EventTypes.EXECUTION_STARTED, started));
        if (child.stopDate() != null) {
            ObjectNode ended = Json.object();
            String type = switch (child.status()) {
                case SUCCEEDED -> {
                    ended.set("output", child.output() != null ? Json.parse(child.output()) : Json.NODES.nullNode());
                    ended.set("outputDetails", Json.object().put("truncated", false));
                    yield EventTypes.EXECUTION_SUCCEEDED;
                }
                case FAILED -> {
                    putIfSet(ended, "error", child.error());
                    putIfSet(ended, "cause", child.cause());
                    yield EventTypes.EXECUTION_FAILED;
                }
                default -> EventTypes.EXECUTION_ABORTED;
            };
            events.add(new HistoryEvent(2, 1, child.stopDate(), type, ended));
        }
        if (reverse) {
            Collections.reverse(events);
        }
        Pages.Page<HistoryEvent> page = Pages.of(events, size, nextToken, "child-events");
        ObjectNode response = Json.object();
        ArrayNode items = response.putArray("events");
        page.items().forEach(event -> items.add(AwsShapes.event(event, includeData)));
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
