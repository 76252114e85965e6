package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A commit group the database aborts for a conflict with another transaction (here a real
 * deadlock on two lease rows) is tried again and goes down once the other is done, rather than
 * failing its executions' turns.
 */
class ConflictRetryTest {
    private static final String FIRST = "arn:aws:states:us-east-1:123456789012:execution:m:first";
    private static final String SECOND = "arn:aws:states:us-east-1:123456789012:execution:m:second";

    private static ExecutionRecord running(String arn) {
        return new ExecutionRecord(arn, arn.substring(arn.lastIndexOf(':') + 1), "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                "m", "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}", "role", "{}", 7L,
                ExecutionStatus.RUNNING, Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
    }

    private static StoredEvent event(long id) {
        return new StoredEvent(id, "{\"id\":" + id + ",\"previousEventId\":0,\"timestamp\":0,\"type\":\"T\",\"details\":{}}");
    }

    @Test
    void aGroupAbortedByADeadlockIsTriedAgainAndStored() throws Exception {
        DatabaseUrl url = TestPostgres.server().newDatabaseUrl();
        try (PostgresStore store = PostgresStore.open(url, PostgresOptions.defaults().withNodeId("n").withLease(Duration.ofSeconds(60)));
             Connection other = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            store.commit(new WriteBatch().put(running(FIRST)).event(FIRST, event(1))).toCompletableFuture().join();
            store.commit(new WriteBatch().put(running(SECOND)).event(SECOND, event(1))).toCompletableFuture().join();

            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                // This session waits long before it looks for deadlocks, so the store's session finds it first and is aborted.
                statement.execute("SET deadlock_timeout = '20s'");
                statement.executeQuery("SELECT 1 FROM leases WHERE execution_arn = '" + SECOND + "' FOR UPDATE").close();
            }
            // The store's fence takes FIRST's row, then waits for SECOND's, which the other session holds.
            CompletableFuture<Void> both = store.commit(new WriteBatch().event(FIRST, event(2)).event(SECOND, event(2)))
                    .toCompletableFuture();
            awaitWaitingForALock(url);
            // The other session now wants FIRST's row: a deadlock, which aborts the store's transaction.
            CompletableFuture<Void> otherDone = CompletableFuture.runAsync(() -> {
                try (Statement statement = other.createStatement()) {
                    statement.executeQuery("SELECT 1 FROM leases WHERE execution_arn = '" + FIRST + "' FOR UPDATE").close();
                    other.commit();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            otherDone.get(30, TimeUnit.SECONDS);
            both.get(30, TimeUnit.SECONDS);

            assertThat(store.lastEventId(FIRST)).isEqualTo(2);
            assertThat(store.lastEventId(SECOND)).isEqualTo(2);
        }
    }

    /** Until a session other than the asking one waits for a row lock. */
    private static void awaitWaitingForALock(DatabaseUrl url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection look = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             PreparedStatement waiting = look.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE"
                     + " wait_event_type = 'Lock' AND pid <> pg_backend_pid()")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("the store's commit never waited for the lease row held by the other session");
    }
}
