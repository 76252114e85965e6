package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * One event of an execution's history, in AWS's shape: {@code type} is AWS's event type
 * ({@code PassStateEntered}), {@code details} holds the fields of AWS's details object.
 *
 * <p>Inputs and outputs are held in {@code details} as JSON values, not text, so recording an
 * event costs no serialisation; {@link #toAwsJson()} renders them as AWS does.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, ObjectNode details) {

    /** The name of the details field AWS uses for this type, such as {@code stateEnteredEventDetails}. */
    public String detailsKey() {
        return EventTypes.detailsKey(type);
    }

    /** The event as GetExecutionHistory returns it (timestamps left to the protocol layer). */
    public ObjectNode toAwsJson() {
        ObjectNode event = Json.object();
        event.put("timestamp", timestamp.toString());
        event.put("type", type);
        event.put("id", id);
        event.put("previousEventId", previousEventId);
        if (details != null && detailsKey() != null) {
            ObjectNode rendered = Json.object();
            Iterator<Map.Entry<String, JsonNode>> fields = details.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean payload = field.getKey().equals("input") || field.getKey().equals("output")
                        || field.getKey().equals("parameters");
                rendered.set(field.getKey(), payload ? Json.NODES.textNode(Json.write(field.getValue())) : field.getValue());
            }
            event.set(detailsKey(), rendered);
        }
        return event;
    }
}
