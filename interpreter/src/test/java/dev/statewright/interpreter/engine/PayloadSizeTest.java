package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The limit check is exact at the boundary, whatever shortcuts its bound takes. */
class PayloadSizeTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "9", "10", "-10", "2147483647", "-2147483648", "9223372036854775807",
            "-9223372036854775808", "1.5", "[1, 22, 333, -4444]", "{\"n\": 123456789012, \"s\": \"\u00e9\"}"})
    void aPayloadOfExactlyTheLimitFitsAndOneByteMoreDoesNot(String json) {
        JsonNode payload = Json.parse(json);
        int size = Json.write(payload).getBytes(StandardCharsets.UTF_8).length;
        assertThat(PayloadSize.exceeds(payload, size)).isFalse();
        assertThat(PayloadSize.exceeds(payload, size - 1)).isTrue();
    }
}
