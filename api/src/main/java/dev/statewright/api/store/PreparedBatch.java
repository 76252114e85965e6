package dev.statewright.api.store;

import java.util.List;

/**
 * A batch made ready for the log by the thread that hands it in: its changes, encoded and
 * compressed, so the committer only frames, writes and syncs.
 */
record PreparedBatch(BatchBody body, byte codec, byte[] payload) {

    static PreparedBatch of(List<IndexChange> changes, Compression compression) {
        BatchBody body = BatchBody.encode(changes);
        Compression.Encoded encoded = compression.encode(body.bytes());
        return new PreparedBatch(body, encoded.codec(), encoded.payload());
    }

    List<IndexChange> changes() {
        return body.changes();
    }

    /** The bytes it takes in the log, header included. */
    int recordBytes() {
        return LogRecord.HEADER_BYTES + payload.length;
    }
}
