package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.InstantSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The records of executions this node stored as SUCCEEDED, for a while. Such a record never
 * changes again (a succeeded execution cannot be redriven or stopped), so DescribeExecution,
 * which clients call until an execution ends, answers that last call from memory instead of
 * reading the database. Held by count and by payload size; one that ended longer than
 * {@link #SERVED_FOR} ago is not served: a quiet node could hold it past the retention that
 * removes it from the database.
 */
final class SucceededRecords {
    static final int HELD = 2048;
    /** Characters of input and output together: larger records are read from the database. */
    static final int LARGEST_PAYLOAD = 4096;
    static final Duration SERVED_FOR = Duration.ofMinutes(10);

    private final InstantSource clock;
    private final Map<String, ExecutionRecord> records = new LinkedHashMap<>(HELD * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExecutionRecord> eldest) {
            return size() > HELD;
        }
    };

    SucceededRecords(InstantSource clock) {
        this.clock = clock;
    }

    /** A record the database now holds: kept when it is SUCCEEDED and small. */
    synchronized void stored(ExecutionRecord record) {
        if (record.status() == ExecutionStatus.SUCCEEDED && record.stopDate() != null
                && length(record.input()) + length(record.output()) <= LARGEST_PAYLOAD) {
            records.put(record.arn(), record);
        }
    }

    synchronized Optional<ExecutionRecord> get(String arn) {
        ExecutionRecord record = records.get(arn);
        if (record == null) {
            return Optional.empty();
        }
        if (record.stopDate().plus(SERVED_FOR).isBefore(clock.instant())) {
            records.remove(arn);
            return Optional.empty();
        }
        return Optional.of(record);
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
