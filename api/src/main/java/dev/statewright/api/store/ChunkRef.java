package dev.statewright.api.store;

import java.nio.ByteBuffer;

/**
 * Where a value the index does not copy lies in the log: the record holding it (so a read checks
 * the record's checksum and decompresses it) and the value's place in the record's body. Chunks of
 * history events and journal entries, and executions' full records, are kept this way: they are
 * most of what is stored, written once and read seldom. For a chunk, the last number in it leads
 * to the next chunk without reading this one.
 */
record ChunkRef(long segment, long recordOffset, int recordBytes, int valueOffset, int valueLength, long lastNumber) {
    static final int BYTES = 8 + 8 + 4 + 4 + 4 + 8;

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(segment).putLong(recordOffset).putInt(recordBytes)
                .putInt(valueOffset).putInt(valueLength).putLong(lastNumber).array();
    }

    static ChunkRef decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    static ChunkRef decode(ByteBuffer data) {
        return new ChunkRef(data.getLong(), data.getLong(), data.getInt(), data.getInt(), data.getInt(), data.getLong());
    }

    /** Whether this value lies in the record at {@code offset} of {@code segment}. */
    boolean isIn(long segmentNumber, long offset) {
        return segment == segmentNumber && recordOffset == offset;
    }
}
