package dev.statewright.api.store;

import java.time.Duration;
import java.time.InstantSource;

/**
 * How the embedded store keeps its files.
 *
 * @param segmentBytes        how long a log segment is made (tests make it small)
 * @param retention           how long a closed execution is kept after it ends (AWS keeps 90 days); null keeps all
 * @param maintenanceInterval how often expired executions are removed and the oldest segment considered for compaction
 * @param clock               the time retention is measured by
 */
public record StoreOptions(long segmentBytes, Duration retention, Duration maintenanceInterval, InstantSource clock) {
    public static final Duration AWS_RETENTION = Duration.ofDays(90);

    public static StoreOptions defaults() {
        return new StoreOptions(WriteAheadLog.SEGMENT_BYTES, AWS_RETENTION, Duration.ofMinutes(10), InstantSource.system());
    }

    public StoreOptions withRetention(Duration keepFor) {
        return new StoreOptions(segmentBytes, keepFor, maintenanceInterval, clock);
    }

    public StoreOptions withSegmentBytes(long bytes) {
        return new StoreOptions(bytes, retention, maintenanceInterval, clock);
    }

    public StoreOptions withMaintenanceInterval(Duration every) {
        return new StoreOptions(segmentBytes, retention, every, clock);
    }

    public StoreOptions withClock(InstantSource source) {
        return new StoreOptions(segmentBytes, retention, maintenanceInterval, source);
    }
}
