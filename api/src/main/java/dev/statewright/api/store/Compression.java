package dev.statewright.api.store;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

import java.nio.ByteBuffer;

/**
 * How a batch's body is compressed in the log. A turn's events repeat each other's data (a
 * state's output is the next one's input, and most of it is the input before): zstd at level 1
 * keeps about a tenth of the bytes for some 25 microseconds a 10 KB batch, on the thread that
 * hands the batch in. Small bodies stay plain, where the frame would cost more than it saves.
 *
 * <p>A compressed payload is {@code [int body length][int names length][names][frame]}: the
 * names (ARNs) the batch touches stay plain text, so that damage to the frame still says which
 * executions it touched ({@link StoreRepair} reads them).
 */
final class Compression {
    private static final int SMALLEST_COMPRESSED = 256;

    private final ZstdFrames frames = new ZstdFrames();

    /** A body ready for the log: its codec and the payload to write. */
    record Encoded(byte codec, byte[] payload) {
    }

    /** @param names what the batch touches, readable without the frame: {@code [int length][utf-8 text]} */
    Encoded encode(byte[] body, byte[] names) {
        if (body.length < SMALLEST_COMPRESSED) {
            return new Encoded(LogRecord.PLAIN, body);
        }
        byte[] frame = frames.compress(body);
        if (frame.length + 8 + names.length >= body.length) {
            return new Encoded(LogRecord.PLAIN, body);
        }
        byte[] payload = new byte[8 + names.length + frame.length];
        ByteBuffer.wrap(payload).putInt(body.length).putInt(names.length).put(names).put(frame);
        return new Encoded(LogRecord.ZSTD, payload);
    }

    /** The body a payload holds, or null when it cannot be decoded (damage the checksum missed, an unknown codec). */
    static byte[] decode(byte codec, ByteBuffer data, int from, int length) {
        if (codec == LogRecord.PLAIN) {
            byte[] body = new byte[length];
            data.get(from, body);
            return body;
        }
        if (codec != LogRecord.ZSTD || length < 8) {
            return null;
        }
        int rawLength = data.getInt(from);
        int namesLength = data.getInt(from + 4);
        if (rawLength < 0 || rawLength > LogRecord.MAX_PAYLOAD_BYTES || namesLength < 0 || namesLength > length - 8) {
            return null;
        }
        byte[] frame = new byte[length - 8 - namesLength];
        data.get(from + 8 + namesLength, frame);
        try (ZstdDecompressCtx context = new ZstdDecompressCtx()) {
            byte[] body = context.decompress(frame, rawLength);
            return body.length == rawLength ? body : null;
        } catch (ZstdException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Frees the native contexts. */
    void close() {
        frames.close();
    }
}
