package dev.statewright.api.executionlogs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.util.Set;

/**
 * One history event as Step Functions writes it to CloudWatch Logs: {@code id}, {@code type},
 * {@code details} (the event's details object, payloads as JSON text), {@code previous_event_id},
 * {@code event_timestamp} (epoch milliseconds), {@code execution_arn} and {@code redrive_count},
 * every number written as a string, as AWS writes them.
 */
final class LogEntry {
    /** What includeExecutionData false leaves out of the details: the execution's data. */
    private static final Set<String> DATA_FIELDS = Set.of("input", "output", "parameters", "assignedVariables",
            "inputDetails", "outputDetails", "assignedVariablesDetails");

    private LogEntry() {
    }

    static ObjectNode of(HistoryEvent event, String executionArn, int redriveCount, boolean includeExecutionData) {
        ObjectNode entry = Json.object();
        entry.put("id", Long.toString(event.id()));
        entry.put("type", event.type());
        ObjectNode details = Json.object();
        JsonNode rendered = event.detailsKey() == null ? null : event.toAwsJson().get(event.detailsKey());
        if (rendered != null) {
            rendered.fields().forEachRemaining(field -> {
                if (includeExecutionData || !DATA_FIELDS.contains(field.getKey())) {
                    details.set(field.getKey(), field.getValue());
                }
            });
        }
        entry.set("details", details);
        entry.put("previous_event_id", Long.toString(event.previousEventId()));
        entry.put("event_timestamp", Long.toString(event.timestamp().toEpochMilli()));
        entry.put("execution_arn", executionArn);
        entry.put("redrive_count", Integer.toString(redriveCount));
        return entry;
    }
}
