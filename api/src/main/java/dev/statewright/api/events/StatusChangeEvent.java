package dev.statewright.api.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.Redrivability;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An execution's status change as EventBridge's "Step Functions Execution Status Change" event:
 * AWS's envelope (version, id, detail-type, source aws.states, account, time, region, resources)
 * and detail (executionArn, stateMachineArn, name, status, dates in epoch milliseconds, input and
 * output as JSON text with their details, error, cause, redrive fields). Its id is derived from
 * the execution and the history event that changed the status, so every resend of it has the
 * same id and a consumer can drop duplicates.
 */
public final class StatusChangeEvent {
    public static final String DETAIL_TYPE = "Step Functions Execution Status Change";
    public static final String SOURCE = "aws.states";
    /** AWS leaves the input out when input and output together pass this (EventBridge's quota), and the output past it alone. */
    static final int MAX_DATA_BYTES = 248 * 1024;

    private StatusChangeEvent() {
    }

    /** The stable id of the event for history event {@code eventId} of an execution. */
    public static String id(String executionArn, long eventId) {
        return UUID.nameUUIDFromBytes((executionArn + "#" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The event for {@code record} (as the change left it), caused by {@code event}. */
    public static ObjectNode of(ExecutionRecord record, HistoryEvent event, String region, String account) {
        ObjectNode envelope = Json.object();
        envelope.put("version", "0");
        envelope.put("id", id(record.arn(), event.id()));
        envelope.put("detail-type", DETAIL_TYPE);
        envelope.put("source", SOURCE);
        envelope.put("account", account);
        envelope.put("time", event.timestamp().truncatedTo(ChronoUnit.SECONDS).toString());
        envelope.put("region", region);
        envelope.putArray("resources").add(record.arn());
        envelope.set("detail", detail(record, event.timestamp()));
        return envelope;
    }

    private static ObjectNode detail(ExecutionRecord record, Instant at) {
        ObjectNode detail = Json.object();
        detail.put("executionArn", record.arn());
        detail.put("stateMachineArn", record.stateMachineArn());
        detail.put("name", record.name());
        ExecutionStatus status = record.status();
        detail.put("status", status.name());
        detail.put("startDate", record.startDate().toEpochMilli());
        putMillis(detail, "stopDate", record.stopDate());
        boolean ended = status.isFinished();
        String output = ended ? record.output() : null;
        int outputBytes = output == null ? 0 : output.getBytes(StandardCharsets.UTF_8).length;
        int inputBytes = record.input() == null ? 0 : record.input().getBytes(StandardCharsets.UTF_8).length;
        boolean outputIncluded = outputBytes <= MAX_DATA_BYTES;
        boolean inputIncluded = inputBytes + (outputIncluded ? outputBytes : 0) <= MAX_DATA_BYTES;
        detail.put("input", inputIncluded ? record.input() : null);
        detail.putObject("inputDetails").put("included", inputIncluded);
        if (ended && status == ExecutionStatus.SUCCEEDED) {
            detail.put("output", outputIncluded ? output : null);
            detail.putObject("outputDetails").put("included", outputIncluded);
        } else {
            detail.putNull("output");
            detail.putNull("outputDetails");
        }
        detail.put("error", record.error());
        detail.put("cause", record.cause());
        detail.put("redriveCount", record.redrives().count());
        putMillis(detail, "redriveDate", record.redrives().lastDate());
        // As AWS judges it when the status changes (the history's 25,000-event limit aside).
        Redrivability redrivability = Redrivability.of(record, true, () -> 0, at);
        detail.put("redriveStatus", redrivability.redriveStatus());
        detail.put("redriveStatusReason", redrivability.reason());
        return detail;
    }

    private static void putMillis(ObjectNode detail, String field, Instant date) {
        if (date == null) {
            detail.putNull(field);
        } else {
            detail.put(field, date.toEpochMilli());
        }
    }
}
