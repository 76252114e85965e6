package dev.statewright.api.store.postgres;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import dev.statewright.api.store.EventChunk;
import dev.statewright.api.store.ZstdFrames;

import java.nio.charset.StandardCharsets;

/**
 * How an event chunk's lines are kept in {@code event_chunks}: a zstd frame (level 1) when that
 * is smaller, else the lines as they are. A turn's events repeat each other's data, so a frame
 * holds about a tenth of the bytes; compressing here costs the node some microseconds and spares
 * the database its own, slower compression and nine tenths of the write-ahead log.
 */
final class ChunkPacking {
    private static final int SMALLEST_COMPRESSED = 256;

    /** A chunk as stored: its ids, its body, and whether the body is a zstd frame. */
    record Packed(long firstId, long lastId, boolean zstd, byte[] body) {
    }

    private final ZstdFrames frames = new ZstdFrames();

    Packed pack(EventChunk chunk) {
        byte[] lines = chunk.lines();
        if (lines.length < SMALLEST_COMPRESSED) {
            return new Packed(chunk.firstId(), chunk.lastId(), false, lines);
        }
        byte[] frame = frames.compress(lines);
        boolean smaller = frame.length < lines.length;
        return new Packed(chunk.firstId(), chunk.lastId(), smaller, smaller ? frame : lines);
    }

    /** The lines a stored body holds; a frame that does not decode is said, with the execution it belongs to. */
    static String unpack(boolean zstd, byte[] body, String executionArn, long firstId) {
        if (!zstd) {
            return new String(body, StandardCharsets.UTF_8);
        }
        try {
            long size = Zstd.getFrameContentSize(body);
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new IllegalStateException("no content size");
            }
            byte[] lines = Zstd.decompress(body, (int) size);
            if (lines.length != size) {
                throw new IllegalStateException(lines.length + " bytes where the frame says " + size);
            }
            return new String(lines, StandardCharsets.UTF_8);
        } catch (ZstdException | IllegalStateException e) {
            throw new IllegalStateException("The events of " + executionArn + " from id " + firstId
                    + " are stored damaged: " + e.getMessage(), e);
        }
    }

    /** Frees the native contexts. */
    void close() {
        frames.close();
    }
}
