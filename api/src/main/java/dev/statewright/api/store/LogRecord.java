package dev.statewright.api.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One record of the log as it lies on disk: the framing of a batch. A record is
 *
 * <pre>
 *  0  int   MAGIC
 *  4  int   payload length
 *  8  int   CRC32C of bytes 12 .. end of payload (the rest of the header and the payload)
 * 12  long  group: the number of the group commit (one write and one sync) it went down in
 * 20  int   its place in the group, from 0
 * 24  int   how many records the group has
 * 28  byte  codec of the payload (PLAIN, ZSTD)
 * 29  byte  flags (SEGMENT_END)
 * 30  short 0
 * 32  payload: the batch's body, as {@link BatchBody} writes it (ZSTD: its raw length, then the frame)
 * </pre>
 *
 * The group numbers let a scan tell a record torn by a crash (only the last group can be torn:
 * the next group is written only after this one's sync) from damage that acknowledged records
 * follow. Records written before the magic existed ({@code [int length][int crc32c][body]}, a
 * positive first int where the magic is negative) are still read: they have no group.
 *
 * @param offset where the record begins in its segment
 * @param bytes  the whole record's length, header included
 * @param group  -1 for a record of the older format
 * @param body   the batch's body, decompressed
 */
record LogRecord(long segment, long offset, int bytes, long group, int index, int count, int flags, byte[] body) {
    static final int MAGIC = 0xA557_4C32; // negative: an older record's first int is its (positive) length
    static final int HEADER_BYTES = 32;
    static final int LEGACY_HEADER_BYTES = 8;
    static final byte PLAIN = 0;
    static final byte ZSTD = 1;
    static final int SEGMENT_END = 1;
    /** A record no bigger than this is believed: a larger length is damage, not a record. */
    static final int MAX_PAYLOAD_BYTES = 1 << 30;

    boolean isSegmentEnd() {
        return (flags & SEGMENT_END) != 0;
    }

    /** Whether the records of this record's group after it may be missing (it is not the group's last). */
    boolean groupUnfinished() {
        return group >= 0 && index + 1 < count;
    }

    /** Writes a record's header in front of its payload, which {@code buffer} already holds at {@code at + HEADER_BYTES}. */
    static void writeHeader(ByteBuffer buffer, int at, int payloadLength, long group, int index, int count, byte codec,
                            int flags) {
        buffer.putInt(at, MAGIC);
        buffer.putInt(at + 4, payloadLength);
        buffer.putLong(at + 12, group);
        buffer.putInt(at + 20, index);
        buffer.putInt(at + 24, count);
        buffer.put(at + 28, codec);
        buffer.put(at + 29, (byte) flags);
        buffer.putShort(at + 30, (short) 0);
        buffer.putInt(at + 8, checksum(buffer, at + 12, HEADER_BYTES - 12 + payloadLength));
    }

    /**
     * The record at {@code at} in {@code data} (a segment's bytes, or a record read alone, with
     * {@code base} the file offset of {@code data}'s first byte), or null when no whole,
     * undamaged record begins there.
     */
    static LogRecord parse(ByteBuffer data, int at, long segment, long base) {
        return parse(data, at, segment, base, true);
    }

    /** As {@link #parse(ByteBuffer, int, long, long)}; without {@code withBody}, the body is checked but not decompressed (null). */
    static LogRecord parse(ByteBuffer data, int at, long segment, long base, boolean withBody) {
        if (at < 0 || at + LEGACY_HEADER_BYTES > data.limit()) {
            return null;
        }
        int first = data.getInt(at);
        if (first == MAGIC) {
            if (at + HEADER_BYTES > data.limit()) {
                return null;
            }
            int length = data.getInt(at + 4);
            if (length < 0 || length > MAX_PAYLOAD_BYTES || (long) at + HEADER_BYTES + length > data.limit()) {
                return null;
            }
            if (data.getInt(at + 8) != checksum(data, at + 12, HEADER_BYTES - 12 + length)) {
                return null;
            }
            byte codec = data.get(at + 28);
            byte[] body = withBody ? Compression.decode(codec, data, at + HEADER_BYTES, length) : null;
            if (withBody && body == null) {
                return null;
            }
            return new LogRecord(segment, base + at, HEADER_BYTES + length, data.getLong(at + 12),
                    data.getInt(at + 20), data.getInt(at + 24), data.get(at + 29), body);
        }
        if (first <= 0 || first > MAX_PAYLOAD_BYTES || (long) at + LEGACY_HEADER_BYTES + first > data.limit()) {
            return null;
        }
        if (data.getInt(at + 4) != checksum(data, at + LEGACY_HEADER_BYTES, first)) {
            return null;
        }
        byte[] body = null;
        if (withBody) {
            body = new byte[first];
            data.get(at + LEGACY_HEADER_BYTES, body);
        }
        return new LogRecord(segment, base + at, LEGACY_HEADER_BYTES + first, -1, 0, 1, 0, body);
    }

    static int checksum(ByteBuffer data, int from, int length) {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = data.duplicate();
        slice.limit(from + length).position(from);
        crc.update(slice);
        return (int) crc.getValue();
    }
}
