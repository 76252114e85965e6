package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the PostgreSQL store lays its rows out, seen from a second node that has nothing in memory:
 * events by batch (compressed when large), a database of the older one-row-per-event schema
 * carried over, no journal for an execution that started and succeeded in one batch.
 */
class StoredFormTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ExecutionRecord execution(String arn, ExecutionStatus status) {
        return new ExecutionRecord(arn, arn.substring(arn.lastIndexOf(':') + 1), MACHINE, "m",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}", "role", "{\"n\": 1}", 7L,
                status, T0, status.isFinished() ? T0.plusSeconds(1) : null, status.isFinished() ? "{\"n\": 1}" : null,
                null, null);
    }

    /** An event of about {@code size} characters: a turn's events repeat each other's data, as these do. */
    private static StoredEvent event(long id, int size) {
        return new StoredEvent(id, "{\"id\":" + id + ",\"previousEventId\":" + (id - 1) + ",\"timestamp\":0,\"type\":\"T" + id
                + "\",\"details\":{\"output\":\"" + "x".repeat(size) + "\"}}");
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    @Test
    void eventsGoDownOneRowABatchAndAnyPageReadsBackAcrossThem() throws SQLException {
        DatabaseUrl url = TestPostgres.server().newDatabaseUrl();
        List<StoredEvent> written = new ArrayList<>();
        try (PostgresStore writer = PostgresStore.open(url, PostgresOptions.defaults())) {
            long id = 1;
            for (int batch = 0; batch < 4; batch++) {
                WriteBatch write = new WriteBatch().put(execution(ARN, ExecutionStatus.RUNNING));
                for (int i = 0; i < 5; i++) {
                    StoredEvent event = event(id++, 600);
                    written.add(event);
                    write.event(ARN, event);
                }
                writer.commit(write).toCompletableFuture().join();
            }
            StoredEvent small = event(id, 10);
            written.add(small);
            writer.commit(new WriteBatch().event(ARN, small)).toCompletableFuture().join();
        }
        try (Connection connection = connect(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT first_id, last_id, zstd FROM event_chunks ORDER BY first_id")) {
            List<String> chunks = new ArrayList<>();
            while (rows.next()) {
                chunks.add(rows.getLong(1) + "-" + rows.getLong(2) + (rows.getBoolean(3) ? " zstd" : " plain"));
            }
            assertThat(chunks).containsExactly("1-5 zstd", "6-10 zstd", "11-15 zstd", "16-20 zstd", "21-21 plain");
        }
        try (PostgresStore reader = PostgresStore.open(url, PostgresOptions.defaults())) {
            assertThat(reader.events(ARN, 1, 100)).containsExactlyElementsOf(written);
            assertThat(reader.events(ARN, 4, 9)).containsExactlyElementsOf(written.subList(3, 12));
            assertThat(reader.events(ARN, 10, 1)).containsExactly(written.get(9));
            assertThat(reader.events(ARN, 19, 100)).containsExactlyElementsOf(written.subList(18, 21));
            assertThat(reader.events(ARN, 22, 100)).isEmpty();
            assertThat(reader.lastEventId(ARN)).isEqualTo(21);
            assertThat(reader.eventTypes(ARN)).containsExactlyElementsOf(
                    LongStream.rangeClosed(1, 21).mapToObj(n -> "T" + n).toList());
        }
    }

    @Test
    void aDatabaseWithOneRowPerEventIsCarriedOverWhole() throws SQLException {
        DatabaseUrl url = TestPostgres.server().newDatabaseUrl();
        List<StoredEvent> written = LongStream.rangeClosed(1, 7).mapToObj(id -> event(id, 40)).toList();
        try (Connection connection = connect(url)) {
            Migrations.apply(connection, 9);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO events (execution_arn, id, type, json) VALUES (?, ?, ?, ?)")) {
                for (StoredEvent event : written) {
                    insert.setString(1, ARN);
                    insert.setLong(2, event.id());
                    insert.setString(3, "T" + event.id());
                    insert.setString(4, event.json());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        try (PostgresStore store = PostgresStore.open(url, PostgresOptions.defaults())) {
            assertThat(store.events(ARN, 1, 100)).containsExactlyElementsOf(written);
            assertThat(store.events(ARN, 3, 2)).containsExactlyElementsOf(written.subList(2, 4));
            assertThat(store.lastEventId(ARN)).isEqualTo(7);
            StoredEvent next = event(8, 40);
            store.commit(new WriteBatch().event(ARN, next)).toCompletableFuture().join();
            assertThat(store.events(ARN, 7, 100)).containsExactly(written.get(6), next);
        }
    }

    @Test
    void anExecutionThatStartsAndSucceedsInOneBatchLeavesNoJournalAndReadsBackElsewhere() throws SQLException {
        DatabaseUrl url = TestPostgres.server().newDatabaseUrl();
        ExecutionRecord quick = execution(ARN, ExecutionStatus.SUCCEEDED);
        ExecutionRecord slow = execution(ARN + "-slow", ExecutionStatus.RUNNING);
        try (PostgresStore writer = PostgresStore.open(url, PostgresOptions.defaults())) {
            writer.commit(new WriteBatch().put(quick).event(ARN, event(1, 20)).event(ARN, event(2, 20))
                    .journal(ARN, new JournalEntry(0, 1, "{\"kind\":\"begin\"}"))).toCompletableFuture().join();
            writer.commit(new WriteBatch().put(slow).event(slow.arn(), event(1, 20))
                    .journal(slow.arn(), new JournalEntry(0, 1, "{\"kind\":\"begin\"}"))).toCompletableFuture().join();
            assertThat(writer.journal(slow.arn(), 0, 10)).as("a running execution's journal is kept").hasSize(1);
            writer.commit(new WriteBatch().put(slow.finished(ExecutionStatus.SUCCEEDED, T0.plusSeconds(2), "{}", null, null))
                    .event(slow.arn(), event(2, 20))).toCompletableFuture().join();
            assertThat(writer.execution(ARN)).hasValue(quick);
        }
        try (Connection connection = connect(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM journal")) {
            rows.next();
            assertThat(rows.getInt(1)).as("journal rows left").isZero();
        }
        try (PostgresStore reader = PostgresStore.open(url, PostgresOptions.defaults())) {
            assertThat(reader.execution(ARN)).as("read from the database, its definition by name").hasValue(quick);
            assertThat(reader.events(ARN, 1, 10)).extracting(StoredEvent::id).containsExactly(1L, 2L);
        }
    }

    @Test
    void aSecondNodeStartingTheSameExecutionIsRefusedWholeAndTheFirstKept() {
        DatabaseUrl url = TestPostgres.server().newDatabaseUrl();
        ExecutionRecord first = execution(ARN, ExecutionStatus.SUCCEEDED);
        ExecutionRecord second = new ExecutionRecord(ARN, first.name(), MACHINE, "m", first.definition(), "role",
                "{\"n\": 2}", 8L, ExecutionStatus.SUCCEEDED, T0.plusSeconds(5), T0.plusSeconds(6), "{\"n\": 2}", null, null);
        try (PostgresStore a = PostgresStore.open(url, PostgresOptions.defaults());
             PostgresStore b = PostgresStore.open(url, PostgresOptions.defaults())) {
            a.commit(new WriteBatch().put(first).event(ARN, event(1, 20))).toCompletableFuture().join();
            assertThatThrownBy(() -> b.commit(new WriteBatch().put(second).event(ARN, event(1, 30)))
                    .toCompletableFuture().join()).hasMessageContaining("refused a write");
            assertThat(b.execution(ARN)).hasValue(first);
            assertThat(b.events(ARN, 1, 10)).containsExactly(event(1, 20));
        }
    }
}
