package dev.statewright.api.store.postgres;

import dev.statewright.api.store.EventChunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Event chunks go to the database compressed when that saves space, and come back as they were. */
class ChunkPackingTest {
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e1";
    private final ChunkPacking packing = new ChunkPacking();

    @AfterEach
    void close() {
        packing.close();
    }

    private static EventChunk chunk(String lines) {
        return new EventChunk(3, 4, lines.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLargeChunkIsAFrameAndASmallOneStaysPlain() {
        String large = "3 {\"type\":\"PassStateEntered\",\"details\":{\"input\":{\"é\":\"" + "ab".repeat(400) + "\"}}}\n"
                + "4 {\"type\":\"PassStateExited\",\"details\":{\"output\":{\"é\":\"" + "ab".repeat(400) + "\"}}}";
        ChunkPacking.Packed packed = packing.pack(chunk(large));
        assertThat(packed.zstd()).isTrue();
        assertThat(packed.body().length).isLessThan(large.length() / 4);
        assertThat(packed.firstId()).isEqualTo(3);
        assertThat(packed.lastId()).isEqualTo(4);
        assertThat(ChunkPacking.unpack(true, packed.body(), ARN, 3)).isEqualTo(large);

        String small = "3 {\"type\":\"T\"}";
        ChunkPacking.Packed plain = packing.pack(chunk(small));
        assertThat(plain.zstd()).isFalse();
        assertThat(ChunkPacking.unpack(false, plain.body(), ARN, 3)).isEqualTo(small);
    }

    @Test
    void aDamagedFrameSaysWhoseEventsItHeld() {
        byte[] frame = packing.pack(chunk("3 {\"type\":\"T\",\"x\":\"" + "y".repeat(1000) + "\"}")).body();
        byte[] damaged = Arrays.copyOf(frame, frame.length / 2);
        assertThatThrownBy(() -> ChunkPacking.unpack(true, damaged, ARN, 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ARN).hasMessageContaining("from id 3");
    }
}
