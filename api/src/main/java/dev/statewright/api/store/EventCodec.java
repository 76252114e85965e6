package dev.statewright.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.SerializerProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** History events as stored: the engine's form (payloads as JSON values), timestamp in epoch nanoseconds. */
public final class EventCodec {
    private EventCodec() {
    }

    public static StoredEvent encode(HistoryEvent event) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator out = Json.MAPPER.getFactory().createGenerator(text)) {
            writeEvent(out, event, Json.MAPPER.getSerializerProviderInstance());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the event " + event.id(), e);
        }
        return new StoredEvent(event.id(), text.toString());
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
     * index keeps them, written by one generator with one serializer provider: making a
     * generator per event or per payload cost more than writing them.
     */
    public static byte[] encodeChunk(List<HistoryEvent> events) {
        SerializerProvider provider = Json.MAPPER.getSerializerProviderInstance();
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
                writeEvent(out, event, provider);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the events of a batch", e);
        }
    }

    /** An event's stored form: its numbers, its type and its details as the engine gave them. */
    private static void writeEvent(JsonGenerator out, HistoryEvent event, SerializerProvider provider) throws IOException {
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
            details.serialize(out, provider);
        }
        out.writeEndObject();
    }
}
