package dev.statewright.api.store;

import java.util.List;

/**
 * A batch as the log holds it: its changes, and where it lies (segment, record offset and length),
 * so the index can point at the values it does not copy.
 *
 * @param valueOffsets where each change's value begins in the record's body (-1 for a removal)
 */
record LoggedBatch(List<IndexChange> changes, long segment, long recordOffset, int recordBytes, int[] valueOffsets) {

    static LoggedBatch of(LogRecord record, BatchBody body) {
        return new LoggedBatch(body.changes(), record.segment(), record.offset(), record.bytes(), body.valueOffsets());
    }

    /** Where the value of the {@code index}th change lies in the log. */
    ChunkRef chunkRef(int index, long lastNumber) {
        return new ChunkRef(segment, recordOffset, recordBytes, valueOffsets[index], changes.get(index).value().length,
                lastNumber);
    }
}
