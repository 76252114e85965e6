package dev.statewright.api.store;

import java.util.List;

/**
 * A batch as the log holds it: its changes, and where in the log each change's value begins (in
 * segment {@code segment}; -1 for a removal). The index points at the values it does not copy.
 */
record LoggedBatch(List<IndexChange> changes, long segment, long[] valueOffsets) {

    /** Where the value of the {@code index}th change lies in the log. */
    ChunkRef chunkRef(int index, long lastNumber) {
        return new ChunkRef(segment, valueOffsets[index], changes.get(index).value().length, lastNumber);
    }
}
