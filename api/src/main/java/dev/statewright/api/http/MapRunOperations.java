package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.MapRuns;
import dev.statewright.api.store.MapRunPage;
import dev.statewright.api.store.MapRunRecord;
import dev.statewright.interpreter.json.Json;

/** DescribeMapRun, ListMapRuns and UpdateMapRun in AWS's shapes. */
final class MapRunOperations {
    private static final String LIST = "mapRuns";

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

    private static JsonNode describe(MapRunRecord run) {
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
}
