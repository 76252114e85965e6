package dev.statewright.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records as JSON text, the stores' format (the embedded store's on disk, the PostgreSQL store's in
 * its tables); explicit so that the format is ours to keep stable.
 */
public final class RecordCodec {
    private RecordCodec() {
    }

    public static String write(StateMachineRecord r) {
        ObjectNode node = Json.object().put("arn", r.arn()).put("name", r.name()).put("type", r.type().name())
                .put("definition", r.definition()).put("roleArn", r.roleArn())
                .put("creationDate", r.creationDate().toString()).put("updateDate", r.updateDate().toString())
                .put("revisionId", r.revisionId());
        ObjectNode tags = node.putObject("tags");
        r.tags().forEach(tags::put);
        // Written only when set, so a record without them reads as before.
        putIfSet(node, "loggingConfiguration", r.settings().loggingConfiguration());
        putIfSet(node, "tracingConfiguration", r.settings().tracingConfiguration());
        putIfSet(node, "encryptionConfiguration", r.settings().encryptionConfiguration());
        if (r.version() > 0) {
            node.put("version", r.version());
        }
        if (r.lastVersion() > 0) {
            node.put("lastVersion", r.lastVersion());
        }
        putIfSet(node, "description", r.description());
        return Json.write(node);
    }

    public static StateMachineRecord readStateMachine(String text) {
        JsonNode n = Json.parse(text);
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new StateMachineRecord(n.get("arn").asText(), n.get("name").asText(),
                StateMachineType.valueOf(n.get("type").asText()), n.get("definition").asText(), text(n, "roleArn"),
                Instant.parse(n.get("creationDate").asText()), Instant.parse(n.get("updateDate").asText()),
                text(n, "revisionId"), tags, new MachineSettings(text(n, "loggingConfiguration"),
                text(n, "tracingConfiguration"), text(n, "encryptionConfiguration")), n.path("version").asInt(0),
                n.path("lastVersion").asInt(0), text(n, "description"));
    }

    public static String write(StateMachineAliasRecord r) {
        ObjectNode node = Json.object().put("arn", r.arn()).put("name", r.name())
                .put("stateMachineArn", r.stateMachineArn()).put("description", r.description())
                .put("creationDate", r.creationDate().toString()).put("updateDate", r.updateDate().toString());
        var routing = node.putArray("routing");
        r.routing().forEach(route -> routing.addObject().put("stateMachineVersionArn", route.stateMachineVersionArn())
                .put("weight", route.weight()));
        return Json.write(node);
    }

    public static StateMachineAliasRecord readAlias(String text) {
        JsonNode n = Json.parse(text);
        java.util.List<StateMachineAliasRecord.Route> routing = new java.util.ArrayList<>();
        n.path("routing").forEach(route -> routing.add(new StateMachineAliasRecord.Route(
                route.get("stateMachineVersionArn").asText(), route.get("weight").asInt())));
        return new StateMachineAliasRecord(n.get("arn").asText(), n.get("name").asText(),
                n.get("stateMachineArn").asText(), text(n, "description"), routing,
                Instant.parse(n.get("creationDate").asText()), Instant.parse(n.get("updateDate").asText()));
    }

    public static String write(MapRunRecord r) {
        ObjectNode node = Json.object().put("arn", r.arn()).put("executionArn", r.executionArn())
                .put("status", r.status().name()).put("startDate", r.startDate().toString())
                .put("maxConcurrency", r.maxConcurrency());
        putIfSet(node, "stopDate", r.stopDate() == null ? null : r.stopDate().toString());
        if (r.toleratedFailureCount() != null) {
            node.put("toleratedFailureCount", r.toleratedFailureCount());
        }
        if (r.toleratedFailurePercentage() != null) {
            node.put("toleratedFailurePercentage", r.toleratedFailurePercentage());
        }
        MapRunRecord.Counts c = r.counts();
        node.putObject("counts").put("pending", c.pending()).put("running", c.running()).put("succeeded", c.succeeded())
                .put("failed", c.failed()).put("aborted", c.aborted()).put("total", c.total());
        if (r.redrives().count() > 0) {
            node.put("redriveCount", r.redrives().count());
            putIfSet(node, "redriveDate", r.redrives().lastDate() == null ? null : r.redrives().lastDate().toString());
        }
        return Json.write(node);
    }

    public static MapRunRecord readMapRun(String text) {
        JsonNode n = Json.parse(text);
        String stop = text(n, "stopDate");
        JsonNode c = n.get("counts");
        return new MapRunRecord(n.get("arn").asText(), n.get("executionArn").asText(),
                dev.statewright.interpreter.engine.MapRunStatus.valueOf(n.get("status").asText()),
                Instant.parse(n.get("startDate").asText()), stop == null ? null : Instant.parse(stop),
                n.get("maxConcurrency").asInt(), n.hasNonNull("toleratedFailureCount")
                ? n.get("toleratedFailureCount").asInt() : null,
                n.hasNonNull("toleratedFailurePercentage") ? n.get("toleratedFailurePercentage").asDouble() : null,
                new MapRunRecord.Counts(c.get("pending").asLong(), c.get("running").asLong(), c.get("succeeded").asLong(),
                        c.get("failed").asLong(), c.get("aborted").asLong(), c.get("total").asLong()),
                redrives(n));
    }

    public static String write(MapRunChildRecord r) {
        ObjectNode node = Json.object().put("executionArn", r.executionArn()).put("name", r.name())
                .put("mapRunArn", r.mapRunArn()).put("stateMachineArn", r.stateMachineArn()).put("index", r.index())
                .put("redriveCount", r.redriveCount()).put("status", r.status().name())
                .put("startDate", r.startDate().toString());
        putIfSet(node, "stopDate", r.stopDate() == null ? null : r.stopDate().toString());
        putIfSet(node, "input", r.input());
        putIfSet(node, "output", r.output());
        putIfSet(node, "error", r.error());
        putIfSet(node, "cause", r.cause());
        return Json.write(node);
    }

    public static MapRunChildRecord readMapRunChild(String text) {
        JsonNode n = Json.parse(text);
        String stop = text(n, "stopDate");
        return new MapRunChildRecord(n.get("executionArn").asText(), n.get("name").asText(), n.get("mapRunArn").asText(),
                n.get("stateMachineArn").asText(), n.get("index").asInt(), n.path("redriveCount").asInt(0),
                ExecutionStatus.valueOf(n.get("status").asText()), Instant.parse(n.get("startDate").asText()),
                stop == null ? null : Instant.parse(stop), text(n, "input"), text(n, "output"), text(n, "error"),
                text(n, "cause"));
    }

    /** An execution's record, naming its definition, which is kept once for all the executions that share it. */
    public static String write(ExecutionRecord r, String definitionId) {
        ObjectNode node = Json.object().put("arn", r.arn()).put("name", r.name())
                .put("stateMachineArn", r.stateMachineArn()).put("stateMachineName", r.stateMachineName())
                .put("definitionId", definitionId).put("roleArn", r.roleArn()).put("input", r.input())
                .put("randomSeed", r.randomSeed()).put("status", r.status().name())
                .put("startDate", r.startDate().toString())
                .put("stopDate", r.stopDate() == null ? null : r.stopDate().toString())
                .put("output", r.output()).put("error", r.error()).put("cause", r.cause())
                .put("testCase", r.testCase());
        putIfSet(node, "stateMachineVersionArn", r.start().stateMachineVersionArn());
        putIfSet(node, "stateMachineAliasArn", r.start().stateMachineAliasArn());
        putIfSet(node, "traceHeader", r.start().traceHeader());
        if (r.redrives().count() > 0) {
            node.put("redriveCount", r.redrives().count());
            putIfSet(node, "redriveDate", r.redrives().lastDate() == null ? null : r.redrives().lastDate().toString());
        }
        return Json.write(node);
    }

    public static ExecutionRecord readExecution(String text, java.util.function.UnaryOperator<String> definitions) {
        JsonNode n = Json.parse(text);
        String stop = text(n, "stopDate");
        String definition = definitions.apply(n.get("definitionId").asText());
        if (definition == null) {
            throw new IllegalStateException("The store has no definition " + n.get("definitionId").asText()
                    + " for the execution " + n.get("arn").asText());
        }
        return new ExecutionRecord(n.get("arn").asText(), n.get("name").asText(), n.get("stateMachineArn").asText(),
                n.get("stateMachineName").asText(), definition, text(n, "roleArn"), text(n, "input"),
                n.get("randomSeed").asLong(), ExecutionStatus.valueOf(n.get("status").asText()),
                Instant.parse(n.get("startDate").asText()), stop == null ? null : Instant.parse(stop),
                text(n, "output"), text(n, "error"), text(n, "cause"), text(n, "testCase"), startDetails(n), redrives(n));
    }

    private static StartDetails startDetails(JsonNode n) {
        return new StartDetails(text(n, "stateMachineVersionArn"), text(n, "stateMachineAliasArn"), text(n, "traceHeader"));
    }

    private static Redrives redrives(JsonNode n) {
        String date = text(n, "redriveDate");
        return new Redrives(n.path("redriveCount").asInt(0), date == null ? null : Instant.parse(date));
    }

    /** What lists show of an execution, from its record's text (records written before summaries were kept apart). */
    public static ExecutionSummary readSummary(String text) {
        JsonNode n = Json.parse(text);
        String stop = text(n, "stopDate");
        return new ExecutionSummary(n.get("arn").asText(), n.get("name").asText(), n.get("stateMachineArn").asText(),
                n.get("stateMachineName").asText(), ExecutionStatus.valueOf(n.get("status").asText()),
                Instant.parse(n.get("startDate").asText()), stop == null ? null : Instant.parse(stop),
                text(n, "stateMachineVersionArn"), text(n, "stateMachineAliasArn"), redrives(n));
    }

    public static String write(ActivityRecord r) {
        ObjectNode node = Json.object().put("arn", r.arn()).put("name", r.name())
                .put("creationDate", r.creationDate().toString());
        ObjectNode tags = node.putObject("tags");
        r.tags().forEach(tags::put);
        putIfSet(node, "encryptionConfiguration", r.encryptionConfiguration());
        return Json.write(node);
    }

    public static ActivityRecord readActivity(String text) {
        JsonNode n = Json.parse(text);
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new ActivityRecord(n.get("arn").asText(), n.get("name").asText(),
                Instant.parse(n.get("creationDate").asText()), tags, text(n, "encryptionConfiguration"));
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
