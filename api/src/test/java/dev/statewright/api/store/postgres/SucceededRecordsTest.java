package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Which records a node answers DescribeExecution with from memory, and for how long. */
class SucceededRecordsTest {
    private static final Instant STOP = Instant.parse("2026-01-01T00:00:01Z");

    private static ExecutionRecord record(String name, ExecutionStatus status, String output) {
        return new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:m:" + name, name,
                "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m", "{}", "role", "{}", 7L, status,
                STOP.minusSeconds(1), status.isFinished() ? STOP : null, output, null, null, null, null, null);
    }

    private final AtomicReference<Instant> now = new AtomicReference<>(STOP);
    private final SucceededRecords records = new SucceededRecords(now::get);

    @Test
    void aSucceededRecordIsServedUntilItEndedLongerAgoThanItsTime() {
        ExecutionRecord done = record("done", ExecutionStatus.SUCCEEDED, "{}");
        records.stored(done);
        now.set(STOP.plus(SucceededRecords.SERVED_FOR));
        assertThat(records.get(done.arn())).hasValue(done);
        now.set(STOP.plus(SucceededRecords.SERVED_FOR).plus(Duration.ofMillis(1)));
        assertThat(records.get(done.arn())).isEmpty();
    }

    @Test
    void recordsThatMayStillChangeOrAreLargeAreNotHeld() {
        ExecutionRecord failed = record("failed", ExecutionStatus.FAILED, null); // a redrive may change it, on any node
        ExecutionRecord running = record("running", ExecutionStatus.RUNNING, null);
        ExecutionRecord large = record("large", ExecutionStatus.SUCCEEDED, "\"" + "x".repeat(SucceededRecords.LARGEST_PAYLOAD) + "\"");
        for (ExecutionRecord record : new ExecutionRecord[] {failed, running, large}) {
            records.stored(record);
            assertThat(records.get(record.arn())).as(record.name()).isEmpty();
        }
    }

    @Test
    void theLeastRecentlyUsedGoFirstPastTheCount() {
        ExecutionRecord first = record("first", ExecutionStatus.SUCCEEDED, "{}");
        ExecutionRecord second = record("second", ExecutionStatus.SUCCEEDED, "{}");
        records.stored(first);
        records.stored(second);
        records.get(first.arn());
        for (int i = 0; i < SucceededRecords.HELD - 1; i++) {
            records.stored(record("other" + i, ExecutionStatus.SUCCEEDED, "{}"));
        }
        assertThat(records.get(first.arn())).isPresent();
        assertThat(records.get(second.arn())).isEmpty();
    }
}
