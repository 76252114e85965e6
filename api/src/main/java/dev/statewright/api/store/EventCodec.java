package dev.statewright.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Several events of one execution as one chunk of lines {@code "<id> <json>"}, UTF-8, as the
     * index keeps them. One generator writes them all, and a payload (a state's output is the
     * next state's input, the same tree) is turned into text once for the chunk.
     */
    public static byte[] encodeChunk(List<HistoryEvent> events) {
        Map<JsonNode, String> payloadTexts = new IdentityHashMap<>();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(events.size() * 256);
             JsonGenerator out = Json.MAPPER.getFactory().createGenerator(bytes)) {
            out.setRootValueSeparator(null);
            boolean first = true;
            for (HistoryEvent event : events) {
                if (!first) {
                    out.writeRaw(IndexLayout.LINE_SEPARATOR);
                }
                first = false;
                out.writeRaw(Long.toString(event.id()));
                out.writeRaw(' ');
                writeEvent(out, event, payloadTexts);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the events of a batch", e);
        }
    }

    /** The same fields, in the same order, as {@link #encode}. */
    private static void writeEvent(JsonGenerator out, HistoryEvent event, Map<JsonNode, String> payloadTexts)
            throws IOException {
        out.writeStartObject();
        out.writeNumberField("id", event.id());
        out.writeNumberField("previousEventId", event.previousEventId());
        out.writeNumberField("timestamp", event.timestamp().getEpochSecond() * 1_000_000_000L + event.timestamp().getNano());
        out.writeStringField("type", event.type());
        out.writeFieldName("details");
        ObjectNode details = event.details();
        if (details == null) {
            out.writeNull();
        } else {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : details.properties()) {
                out.writeFieldName(field.getKey());
                JsonNode value = field.getValue();
                if (value.isContainerNode() && value.size() > 0) {
                    String text = payloadTexts.get(value);
                    if (text == null) {
                        text = Json.write(value);
                        payloadTexts.put(value, text);
                    }
                    out.writeRawValue(text);
                } else if (value.isObject()) {
                    out.writeStartObject();
                    out.writeEndObject();
                } else if (value.isArray()) {
                    out.writeStartArray();
                    out.writeEndArray();
                } else if (value.isNull()) {
                    out.writeNull();
                } else if (value.isTextual()) {
                    out.writeString(value.textValue());
                } else if (value.isBoolean()) {
                    out.writeBoolean(value.booleanValue());
                } else {
                    Json.MAPPER.writeTree(out, value); // numbers keep their exact form
                }
            }
            out.writeEndObject();
        }
        out.writeEndObject();
    }
}
