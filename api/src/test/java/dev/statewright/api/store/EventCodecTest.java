package dev.statewright.api.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventCodecTest {

    @Test
    void aChunkHoldsEachEventAsItsOwnEncodingWouldAndDecodesBackToIt() {
        JsonNode shared = Json.parse("{\"order\": {\"id\": 7, \"note\": \"line\\nbreak \\u00e9\"}, \"items\": [1, 2]}");
        ObjectNode exited = Json.object().put("name", "A");
        exited.set("output", shared);
        ObjectNode entered = Json.object().put("name", "B");
        entered.set("input", shared); // the same tree as the output before it
        entered.set("inputDetails", Json.object().put("truncated", false));
        ObjectNode empty = Json.object().put("name", "C").put("index", 2).put("ratio", new java.math.BigDecimal("3.30"))
                .put("flag", true).putNull("nothing");
        empty.set("input", Json.object());
        empty.set("items", Json.parse("[]"));
        List<HistoryEvent> events = List.of(
                new HistoryEvent(4, 3, Instant.parse("2026-01-01T00:00:00.123456789Z"), "PassStateExited", exited),
                new HistoryEvent(5, 4, Instant.parse("2026-01-01T00:00:01Z"), "PassStateEntered", entered),
                new HistoryEvent(6, 5, Instant.parse("2026-01-01T00:00:01Z"), "PassStateEntered", empty),
                new HistoryEvent(7, 6, Instant.parse("2026-01-01T00:00:02Z"), "ExecutionSucceeded", null));

        String[] lines = new String(EventCodec.encodeChunk(events), StandardCharsets.UTF_8).split("\n");

        assertThat(lines).hasSize(4);
        for (int i = 0; i < events.size(); i++) {
            StoredEvent line = IndexLayout.eventLine(lines[i]);
            assertThat(line.id()).isEqualTo(events.get(i).id());
            assertThat(Json.parse(line.json())).isEqualTo(Json.parse(EventCodec.encode(events.get(i)).json()));
            assertThat(EventCodec.decode(line)).isEqualTo(events.get(i));
        }
    }
}
