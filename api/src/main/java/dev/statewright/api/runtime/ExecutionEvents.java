package dev.statewright.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.time.Instant;

/** What an execution's final event says about how it ended. */
final class ExecutionEvents {
    private ExecutionEvents() {
    }

    /** The status an event ends the execution with, or null when it does not end it. */
    static ExecutionStatus finalStatus(String type) {
        switch (type) {
            case "ExecutionSucceeded":
                return ExecutionStatus.SUCCEEDED;
            case "ExecutionFailed":
                return ExecutionStatus.FAILED;
            case "ExecutionTimedOut":
                return ExecutionStatus.TIMED_OUT;
            case "ExecutionAborted":
                return ExecutionStatus.ABORTED;
            default:
                return null;
        }
    }

    /**
     * The event that ends an execution the service could not resume: one more event after the
     * stored ones, so the history stays whole.
     */
    static HistoryEvent unresumable(long lastEventId, Instant at, String why) {
        return failedByStatewright(lastEventId, at, "Statewright could not resume this execution after a restart: " + why);
    }

    /** The execution ends as failed, after its last stored event, for a reason of Statewright's own. */
    static HistoryEvent failedByStatewright(long lastEventId, Instant at, String cause) {
        ObjectNode details = Json.object().put("error", StatesErrors.RUNTIME).put("cause", cause);
        return new HistoryEvent(lastEventId + 1, lastEventId, at, "ExecutionFailed", details);
    }

    /** The execution's record once {@code event}, its ExecutionRedriven event, is stored. */
    static ExecutionRecord redriven(ExecutionRecord record, HistoryEvent event) {
        return record.redriven(event.timestamp());
    }

    /** The execution's record once {@code event}, a final event, is stored. */
    static ExecutionRecord ended(ExecutionRecord record, HistoryEvent event) {
        return record.finished(finalStatus(event.type()), event.timestamp(), output(event), text(event, "error"),
                text(event, "cause"));
    }

    static String output(HistoryEvent event) {
        JsonNode output = event.details() == null ? null : event.details().get("output");
        return output == null ? null : Json.write(output);
    }

    static String text(HistoryEvent event, String field) {
        JsonNode value = event.details() == null ? null : event.details().get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
