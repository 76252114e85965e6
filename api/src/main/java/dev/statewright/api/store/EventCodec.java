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
import java.util.ArrayList;
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
     * index keeps them.
     */
    public static byte[] encodeChunk(List<HistoryEvent> events) {
        ChunkWriter chunk = new ChunkWriter();
        events.forEach(chunk::add);
        return chunk.finish();
    }

    /**
     * Writes events into one chunk as they come, with one generator and one serializer provider
     * (making a generator per event or per payload cost more than writing them), so the size of a
     * turn's batch is known as it grows.
     */
    static final class ChunkWriter {
        private final ByteArrayBuilder bytes = new ByteArrayBuilder(4096);
        private final SerializerProvider provider = Json.MAPPER.getSerializerProviderInstance();
        private final JsonGenerator out;
        private final List<String> types = new ArrayList<>();
        private long firstId = -1;
        private long lastId = -1;

        ChunkWriter() {
            try {
                out = Json.MAPPER.getFactory().createGenerator(bytes);
                out.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void add(HistoryEvent event) {
            try {
                if (firstId < 0) {
                    firstId = event.id();
                } else {
                    out.writeRaw(IndexLayout.LINE_SEPARATOR);
                }
                lastId = event.id();
                out.writeRaw(Long.toString(event.id()));
                out.writeRaw(' ');
                writeEvent(out, event, provider);
                types.add(event.type());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot encode the event " + event.id(), e);
            }
        }

        long firstId() {
            return firstId;
        }

        long lastId() {
            return lastId;
        }

        List<String> types() {
            return types;
        }

        /** About how many bytes the chunk holds so far. */
        int size() {
            return bytes.size() + out.getOutputBuffered();
        }

        byte[] finish() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot encode the events of a batch", e);
            }
            return bytes.toByteArray();
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
