package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.ExecutionQuery;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Closed executions older than the retention leave the PostgreSQL store with their histories; others stay. */
class RetentionTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:m";

    private static ExecutionRecord execution(String name, ExecutionStatus status, Instant start, Instant stop) {
        return new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:m:" + name, name, MACHINE, "m",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}", "role", "{}", 7L, status, start, stop,
                stop == null ? null : "{}", null, null, null, null, null);
    }

    private static WriteBatch stored(ExecutionRecord record) {
        return new WriteBatch().put(record)
                .event(record.arn(), new StoredEvent(1, "{\"id\":1,\"previousEventId\":0,\"timestamp\":0,\"type\":\"T\",\"details\":{}}"))
                .journal(record.arn(), new JournalEntry(0, 1, "{\"kind\":\"begin\"}"));
    }

    @Test
    void executionsThatEndedBeforeTheRetentionAreRemovedWithTheirHistories() {
        Instant now = Instant.now();
        ExecutionRecord old = execution("old", ExecutionStatus.FAILED, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)));
        ExecutionRecord recent = execution("recent", ExecutionStatus.SUCCEEDED, now.minus(Duration.ofDays(3)),
                now.minus(Duration.ofHours(1)));
        ExecutionRecord running = execution("running", ExecutionStatus.RUNNING, now.minus(Duration.ofDays(5)), null);
        try (PostgresStore store = PostgresStore.open(TestPostgres.server().newDatabaseUrl(),
                PostgresOptions.defaults().withRetention(Duration.ofDays(1)))) {
            for (ExecutionRecord record : new ExecutionRecord[] {old, recent, running}) {
                store.commit(stored(record)).toCompletableFuture().join();
            }

            assertThat(store.expire()).isEqualTo(1);

            assertThat(store.execution(old.arn())).isEmpty();
            assertThat(store.lastEventId(old.arn())).isZero();
            assertThat(store.journal(old.arn(), 0, 10)).isEmpty();
            assertThat(store.execution(recent.arn())).isPresent();
            assertThat(store.lastEventId(recent.arn())).isEqualTo(1);
            assertThat(store.execution(running.arn())).isPresent();
            assertThat(store.executions(new ExecutionQuery(null, null, null, 10, null)).executions()).extracting(e -> e.arn())
                    .containsExactlyInAnyOrder(recent.arn(), running.arn());
            assertThat(store.expire()).as("nothing left to remove").isZero();
        }
    }
}
