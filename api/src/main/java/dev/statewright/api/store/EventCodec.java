package dev.statewright.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.time.Instant;

/** History events as stored: the engine's form (payloads as JSON values), timestamp in epoch nanoseconds. */
public final class EventCodec {
    private EventCodec() {
    }

    public static StoredEvent encode(HistoryEvent event) {
        ObjectNode node = Json.object().put("id", event.id()).put("previousEventId", event.previousEventId())
                .put("timestamp", event.timestamp().getEpochSecond() * 1_000_000_000L + event.timestamp().getNano())
                .put("type", event.type());
        node.set("details", event.details());
        return new StoredEvent(event.id(), Json.write(node));
    }

    public static HistoryEvent decode(StoredEvent stored) {
        JsonNode node = Json.parse(stored.json());
        long nanos = node.get("timestamp").asLong();
        JsonNode details = node.get("details");
        return new HistoryEvent(node.get("id").asLong(), node.get("previousEventId").asLong(),
                Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)),
                node.get("type").asText(), details == null || details.isNull() ? null : (ObjectNode) details);
    }
}
