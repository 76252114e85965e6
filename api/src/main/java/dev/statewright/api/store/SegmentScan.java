package dev.statewright.api.store;

import java.nio.ByteBuffer;

/** Reading records out of a segment's bytes: the next one, and, past a bad spot, any whole ones further on. */
final class SegmentScan {
    private SegmentScan() {
    }

    enum Kind {
        /** A whole record. */
        GOOD,
        /** Nothing more: the end of the bytes, or only zeros (the space a segment is made with). */
        END,
        /** Bytes that are neither: a torn record, or damage. */
        BAD
    }

    record Next(Kind kind, LogRecord record) {
    }

    /** Whole records found past a bad spot, and the highest group among them (-1 for none). */
    record Found(int count, long maxGroup) {
        Found and(Found other) {
            return new Found(count + other.count, Math.max(maxGroup, other.maxGroup));
        }
    }

    static Next next(ByteBuffer data, int position, long segment) {
        if (position + LogRecord.LEGACY_HEADER_BYTES > data.limit()) {
            return position >= data.limit() || onlyZeros(data, position) ? new Next(Kind.END, null) : new Next(Kind.BAD, null);
        }
        if (data.getInt(position) == 0 && onlyZeros(data, position)) {
            return new Next(Kind.END, null);
        }
        LogRecord record = LogRecord.parse(data, position, segment, 0);
        return record == null ? new Next(Kind.BAD, null) : new Next(Kind.GOOD, record);
    }

    /**
     * Whole records of the current format at any offset from {@code from} on: they begin with the
     * magic and match their checksum, so bytes that merely look like one are not counted.
     */
    static Found validRecordsAfter(ByteBuffer data, int from, long segment) {
        int count = 0;
        long maxGroup = -1;
        int limit = data.limit() - LogRecord.HEADER_BYTES;
        for (int at = Math.max(0, from); at <= limit; ) {
            if (data.getInt(at) == LogRecord.MAGIC) {
                LogRecord record = LogRecord.parse(data, at, segment, 0, false);
                if (record != null) {
                    count++;
                    maxGroup = Math.max(maxGroup, record.group());
                    at += record.bytes();
                    continue;
                }
            }
            at++;
        }
        return new Found(count, maxGroup);
    }

    static boolean onlyZeros(ByteBuffer data, int from) {
        return lastNonZero(data, from) < from;
    }

    /** The position of the last byte that is not zero, at or after {@code from}; {@code from - 1} when there is none. */
    static int lastNonZero(ByteBuffer data, int from) {
        for (int i = data.limit() - 1; i >= from; i--) {
            if (data.get(i) != 0) {
                return i;
            }
        }
        return from - 1;
    }
}
