package dev.statewright.api.store;

import java.nio.ByteBuffer;

/**
 * Where a chunk of history events or journal entries lies in the log, and the last number in it.
 * The index keeps these instead of the chunks: the chunks are the bulk of what is stored, are
 * written once and read seldom, and the log holds them already. The last number leads to the
 * next chunk without reading this one.
 */
record ChunkRef(long segment, long offset, int length, long lastNumber) {
    private static final int BYTES = 8 + 8 + 4 + 8;

    byte[] encode() {
        return ByteBuffer.allocate(BYTES).putLong(segment).putLong(offset).putInt(length).putLong(lastNumber).array();
    }

    static ChunkRef decode(byte[] bytes) {
        ByteBuffer data = ByteBuffer.wrap(bytes);
        return new ChunkRef(data.getLong(), data.getLong(), data.getInt(), data.getLong());
    }
}
