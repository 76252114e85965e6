package dev.statewright.api.store;

import java.util.List;

/**
 * A batch made ready for the log by the thread that hands it in: its changes, encoded and
 * compressed, so the committer only frames, writes and syncs.
 */
record PreparedBatch(BatchBody body, byte codec, byte[] payload) {

    static PreparedBatch of(List<IndexChange> changes, Compression compression) {
        BatchBody body = BatchBody.encode(changes);
        Compression.Encoded encoded = compression.encode(body.bytes(), names(changes));
        return new PreparedBatch(body, encoded.codec(), encoded.payload());
    }

    /**
     * The ARNs the batch touches, a line each (a chunk's key is its execution's ARN and a number),
     * written twice: one flipped bit cannot garble both.
     */
    private static byte[] names(List<IndexChange> changes) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (IndexChange change : changes) {
            if (change.map() == IndexChange.IndexMap.DEFINITIONS) {
                continue; // named by their content, and kept in any batch that needs them
            }
            int separator = change.key().indexOf(IndexLayout.KEY_SEPARATOR);
            names.add(separator < 0 ? change.key() : change.key().substring(0, separator));
        }
        String lines = String.join("\n", names);
        return (lines + "\n" + lines + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    List<IndexChange> changes() {
        return body.changes();
    }

    /** The bytes it takes in the log, header included. */
    int recordBytes() {
        return LogRecord.HEADER_BYTES + payload.length;
    }
}
