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
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;

import java.time.Instant;

/**
 * The REST resources of Map Runs the web console reads: an execution's runs with their counts, one
 * run, its child executions a page at a time, one child. Dates are ISO instants, as elsewhere in
 * the REST API; a Map Run or child is named by its ARN in {@code ?arn=} (the ARN holds a slash).
 */
final class MapRunResources {
    /** More Map Runs than this in one execution are not shown on its page (each is a Distributed Map state run). */
    private static final int RUNS_SHOWN = 100;
    private static final String CHILDREN = "mapRunExecutions";

    private final MapRuns mapRuns;

    MapRunResources(MapRuns mapRuns) {
        this.mapRuns = mapRuns;
    }

    /** GET /executions/{id}/map-runs: the execution's Map Runs, newest first, each with its counts. */
    JsonNode ofExecution(String executionArn) {
        MapRunPage page = mapRuns.list(executionArn, RUNS_SHOWN, null);
        ObjectNode response = Json.object();
        ArrayNode runs = response.putArray("mapRuns");
        page.mapRuns().forEach(run -> runs.add(mapRun(mapRuns.describe(run.arn()))));
        return response.put("more", page.nextCursor() != null);
    }

    /** GET /map-run?arn=: one Map Run. */
    JsonNode mapRun(String arn) {
        return mapRun(mapRuns.describe(required(arn)));
    }

    /** GET /map-run/executions?arn=&status=&maxResults=&nextToken=: a page of its children, the last started first. */
    JsonNode children(String arn, String statusText, Integer maxResults, String nextToken) {
        ExecutionStatus status = null;
        if (statusText != null && !statusText.isEmpty()) {
            try {
                status = ExecutionStatus.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                throw ServiceException.validation("status must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED");
            }
        }
        MapRunChildPage page = mapRuns.children(required(arn), status, null,
                maxResults == null ? Pages.DEFAULT_PAGE : maxResults,
                nextToken == null ? null : Pages.position(nextToken, CHILDREN));
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("executions");
        for (MapRunChildRecord.Summary child : page.children()) {
            list.addObject().put("executionArn", child.executionArn()).put("name", child.name())
                    .put("index", child.index()).put("status", child.status().name())
                    .put("startDate", child.startDate().toString()).put("stopDate", iso(child.stopDate()))
                    .put("redriveCount", child.redriveCount());
        }
        return response.put("nextToken", page.nextCursor() == null ? null : Pages.token(CHILDREN, page.nextCursor()));
    }

    /** GET /map-run/execution?arn=: one child execution, with its input and its output or error. */
    JsonNode child(String arn) {
        MapRunChildRecord child = mapRuns.child(required(arn)).orElseThrow(() ->
                new ServiceException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
        return Json.object().put("executionArn", child.executionArn()).put("name", child.name())
                .put("mapRunArn", child.mapRunArn()).put("stateMachineArn", child.stateMachineArn())
                .put("index", child.index()).put("status", child.status().name())
                .put("startDate", child.startDate().toString()).put("stopDate", iso(child.stopDate()))
                .put("redriveCount", child.redriveCount()).put("input", child.input()).put("output", child.output())
                .put("error", child.error()).put("cause", child.cause());
    }

    private static ObjectNode mapRun(MapRunRecord run) {
        String machineAndLabel = run.arn().substring(0, run.arn().lastIndexOf(':'));
        ObjectNode node = Json.object().put("mapRunArn", run.arn()).put("executionArn", run.executionArn())
                .put("executionId", run.executionArn().substring(run.executionArn().indexOf(":execution:") + 11))
                .put("label", machineAndLabel.substring(machineAndLabel.indexOf('/') + 1))
                .put("status", run.status().name()).put("startDate", run.startDate().toString())
                .put("stopDate", iso(run.stopDate())).put("maxConcurrency", run.maxConcurrency())
                .put("toleratedFailureCount", run.toleratedFailureCount())
                .put("toleratedFailurePercentage", run.toleratedFailurePercentage())
                .put("redriveCount", run.redrives().count());
        MapRunRecord.Counts c = run.counts();
        node.putObject("counts").put("pending", c.pending()).put("running", c.running()).put("succeeded", c.succeeded())
                .put("failed", c.failed()).put("aborted", c.aborted()).put("total", c.total());
        return node;
    }

    private static String required(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw ServiceException.validation("Give the ARN as ?arn=");
        }
        return arn;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
