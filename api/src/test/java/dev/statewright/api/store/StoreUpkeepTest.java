package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's upkeep and recovery: closed executions expire after the retention period, the log
 * is compacted so its size follows what is kept, and an index that fails to take a batch is
 * rebuilt from the log by itself, without a restart and without losing the batch.
 */
class StoreUpkeepTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class TestClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(T0);

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(at -> at.plus(by));
        }
    }

    private static ExecutionRecord execution(int n, ExecutionStatus status, String input) {
        return new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:m:e" + n, "e" + n,
                "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}", "role", input, n, status,
                T0.plusSeconds(n), status.isFinished() ? T0.plusSeconds(n + 1) : null, status.isFinished() ? input : null,
                null, null);
    }

    private static void commit(Store store, WriteBatch batch) {
        store.commit(batch).toCompletableFuture().join();
    }

    /** An input that compresses poorly, so the log grows by about its size per execution. */
    private static String noise(int n, int bytes) {
        java.util.Random random = new java.util.Random(n);
        StringBuilder text = new StringBuilder("{\"noise\": \"");
        while (text.length() < bytes) {
            text.append(Long.toString(random.nextLong(), 36));
        }
        return text.append("\"}").toString();
    }

    /** An expired execution's Map Runs go with it; a running one keeps its own. */
    private static void assertMapRunsOnlyOfRunning(MapDbStore store) {
        for (int n = 0; n < 30; n++) {
            String arn = execution(n, ExecutionStatus.RUNNING, "{}").arn();
            MapRunRecord run = StoreContractTest.mapRun(arn, "run" + n, n, 0);
            if (n % 3 == 0) {
                assertThat(store.mapRun(run.arn())).as("execution %d", n).hasValue(run);
                assertThat(store.mapRuns(arn, 10, null).mapRuns()).containsExactly(run);
                assertThat(store.mapRunChild(StoreContractTest.child(run.arn(), 1, ExecutionStatus.RUNNING).executionArn()))
                        .hasValue(StoreContractTest.child(run.arn(), 1, ExecutionStatus.RUNNING));
                assertThat(store.mapRunChildren(run.arn(), null, 10, null).children()).hasSize(2);
            } else {
                assertThat(store.mapRun(run.arn())).as("execution %d", n).isEmpty();
                assertThat(store.mapRuns(arn, 10, null).mapRuns()).isEmpty();
                assertThat(store.mapRunChild(StoreContractTest.child(run.arn(), 1, ExecutionStatus.RUNNING).executionArn()))
                        .isEmpty();
                assertThat(store.mapRunChildren(run.arn(), null, 10, null).children()).isEmpty();
            }
        }
    }

    @Test
    void closedExecutionsExpireAfterTheRetentionPeriodAndRunningOnesStay() throws IOException {
        TestClock clock = new TestClock();
        StoreOptions options = StoreOptions.defaults().withSegmentBytes(1 << 20).withRetention(Duration.ofDays(90))
                .withClock(clock);
        try (MapDbStore store = MapDbStore.open(dir, options)) {
            for (int n = 0; n < 30; n++) {
                ExecutionRecord record = execution(n, n % 3 == 0 ? ExecutionStatus.RUNNING : ExecutionStatus.SUCCEEDED, "{}");
                commit(store, new WriteBatch().put(record).event(record.arn(), new StoredEvent(1, "{}"))
                        .journal(record.arn(), new JournalEntry(0, 1, "{\"kind\":\"begin\"}"))
                        .put(StoreContractTest.mapRun(record.arn(), "run" + n, n, 0))
                        .put(StoreContractTest.child(StoreContractTest.mapRun(record.arn(), "run" + n, n, 0).arn(), 0,
                                ExecutionStatus.SUCCEEDED))
                        .put(StoreContractTest.child(StoreContractTest.mapRun(record.arn(), "run" + n, n, 0).arn(), 1,
                                ExecutionStatus.RUNNING)));
            }
            clock.advance(Duration.ofDays(89));
            assertThat(store.expire()).isZero();
            clock.advance(Duration.ofDays(2));
            assertThat(store.expire()).isEqualTo(20);

            assertThat(StoreReads.allExecutions(store)).hasSize(10).allMatch(e -> e.status() == ExecutionStatus.RUNNING);
            assertThat(store.executionCounts(null)).containsEntry(ExecutionStatus.SUCCEEDED, 0L)
                    .containsEntry(ExecutionStatus.RUNNING, 10L);
            assertThat(store.events(execution(1, ExecutionStatus.SUCCEEDED, "{}").arn(), 1, 10)).isEmpty();
            assertThat(store.events(execution(3, ExecutionStatus.RUNNING, "{}").arn(), 1, 10)).hasSize(1);
            assertMapRunsOnlyOfRunning(store);
        }
        Files.delete(dir.resolve("index.closed")); // rebuilt from the log: the expiry is in it, so nothing comes back
        try (MapDbStore store = MapDbStore.open(dir, options)) {
            assertThat(store.recovery().rebuilt()).isTrue();
            assertThat(StoreReads.allExecutions(store)).hasSize(10);
            assertMapRunsOnlyOfRunning(store);
        }
    }

    @Test
    void compactionShrinksTheLogToWhatIsKeptAndLosesNothingKept() throws IOException {
        TestClock clock = new TestClock();
        StoreOptions options = StoreOptions.defaults().withSegmentBytes(256 << 10).withRetention(Duration.ofHours(1))
                .withClock(clock);
        int count = 800;
        try (MapDbStore store = MapDbStore.open(dir, options)) {
            for (int n = 0; n < count; n++) {
                ExecutionStatus status = n % 10 == 0 ? ExecutionStatus.RUNNING : ExecutionStatus.SUCCEEDED;
                ExecutionRecord record = execution(n, status, noise(n, 4000));
                commit(store, new WriteBatch().put(record).event(record.arn(), new StoredEvent(1, "{\"n\":" + n + "}"))
                        .put(StoreContractTest.mapRun(record.arn(), "run" + n, n, 0))
                        .put(StoreContractTest.child(StoreContractTest.mapRun(record.arn(), "run" + n, n, 0).arn(), n, status)));
            }
            long before = store.logBytes();
            assertThat(before).as("the log before").isGreaterThan(6L * (256 << 10));
            assertThat(WriteAheadLog.segments(dir.resolve("log"))).first().isEqualTo(0L);
            clock.advance(Duration.ofHours(2));
            assertThat(store.expire()).isEqualTo(count - count / 10);
            for (int round = 0; round < 20; round++) {
                store.compactIfWorthIt().join();
            }
            long after = store.logBytes();
            assertThat(WriteAheadLog.segments(dir.resolve("log"))).as("the oldest segments went").first().isNotEqualTo(0L);
            assertThat(after).as("the log after compaction, from %d bytes", before).isLessThan(before / 3);
            for (int n = 0; n < count; n += 10) {
                ExecutionRecord kept = execution(n, ExecutionStatus.RUNNING, noise(n, 4000));
                assertThat(store.execution(kept.arn())).hasValue(kept);
                assertThat(store.events(kept.arn(), 1, 10)).extracting(StoredEvent::json).containsExactly("{\"n\":" + n + "}");
                assertKeptChild(store, kept.arn(), n);
            }
        }
        Files.delete(dir.resolve("index.closed")); // and rebuilt from the compacted log alone
        try (MapDbStore store = MapDbStore.open(dir, options)) {
            List<ExecutionRecord> kept = StoreReads.allExecutions(store);
            assertThat(kept).hasSize(count / 10)
                    .allSatisfy(e -> assertThat(e.input()).isEqualTo(noise(Integer.parseInt(e.name().substring(1)), 4000)));
            // Copied to the end of the log, they are still listed in the order they started.
            assertThat(kept).extracting(ExecutionRecord::startDate).isSorted();
            for (int n = 0; n < count; n += 10) {
                assertKeptChild(store, kept.get(n / 10).arn(), Integer.parseInt(kept.get(n / 10).name().substring(1)));
            }
        }
    }

    /** A kept execution's Map Run child reads back whole and is listed under its run. */
    private static void assertKeptChild(MapDbStore store, String executionArn, int n) {
        MapRunRecord run = StoreContractTest.mapRun(executionArn, "run" + n, n, 0);
        MapRunChildRecord child = StoreContractTest.child(run.arn(), n, ExecutionStatus.RUNNING);
        assertThat(store.mapRunChild(child.executionArn())).hasValue(child);
        assertThat(store.mapRunChildren(run.arn(), null, 10, null).children()).containsExactly(child.summary());
    }

    @Test
    void anIndexThatFailsToTakeABatchMakesTheStoreUnavailableThenRebuildsItselfWithTheBatch() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger();
        StoreOptions options = StoreOptions.defaults().withSegmentBytes(1 << 20).withRetention(null);
        try (MapDbStore store = MapDbStore.open(dir, options, java.util.function.UnaryOperator.identity(), batch -> {
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                // What a full disk under the memory-mapped index file gives: the JVM's InternalError for SIGBUS.
                throw new InternalError("a fault occurred in an unsafe memory access operation (simulated)");
            }
        })) {
            commit(store, new WriteBatch().put(execution(1, ExecutionStatus.SUCCEEDED, "{}")));
            assertThat(store.execution(execution(1, ExecutionStatus.SUCCEEDED, "{}").arn())).isPresent(); // indexed
            failuresLeft.set(3); // the next batch, and the first two rebuilds, fail
            commit(store, new WriteBatch().put(execution(2, ExecutionStatus.SUCCEEDED, "{}"))); // acknowledged: in the log

            assertThatThrownBy(() -> store.execution(execution(2, ExecutionStatus.SUCCEEDED, "{}").arn()))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("rebuilt");
            assertThatThrownBy(() -> commit(store, new WriteBatch().put(execution(3, ExecutionStatus.SUCCEEDED, "{}"))))
                    .hasCauseInstanceOf(StoreUnavailableException.class);

            ExecutionRecord second = null;
            for (int i = 0; i < 200 && second == null; i++) { // rebuilt by itself, after its back-off
                try {
                    second = store.execution(execution(2, ExecutionStatus.SUCCEEDED, "{}").arn()).orElseThrow();
                } catch (StoreUnavailableException stillRebuilding) {
                    Thread.sleep(50);
                }
            }
            assertThat(second).isEqualTo(execution(2, ExecutionStatus.SUCCEEDED, "{}"));
            commit(store, new WriteBatch().put(execution(4, ExecutionStatus.SUCCEEDED, "{}")));
            assertThat(StoreReads.allExecutions(store)).extracting(ExecutionRecord::name).containsExactly("e1", "e2", "e4");
        }
        assertThat(dir.resolve("index.closed")).as("closed whole after its recovery").exists();
    }

    @Test
    void aStoreClosedWhileItsIndexIsBrokenLeavesNoCleanCloseMarkAndTheNextOpeningRebuildsIt() {
        AtomicInteger failures = new AtomicInteger();
        StoreOptions options = StoreOptions.defaults().withSegmentBytes(1 << 20).withRetention(null);
        try (MapDbStore store = MapDbStore.open(dir, options, java.util.function.UnaryOperator.identity(), batch -> {
            if (failures.get() > 0) {
                throw new InternalError("simulated: the disk is full");
            }
        })) {
            commit(store, new WriteBatch().put(execution(1, ExecutionStatus.SUCCEEDED, "{}")));
            assertThat(store.execution(execution(1, ExecutionStatus.SUCCEEDED, "{}").arn())).isPresent(); // indexed
            failures.set(1); // from now on the index takes nothing: a disk that stays full
            commit(store, new WriteBatch().put(execution(2, ExecutionStatus.SUCCEEDED, "{}")));
        }
        assertThat(dir.resolve("index.closed")).doesNotExist();
        try (MapDbStore store = MapDbStore.open(dir, options)) {
            assertThat(store.recovery().rebuilt()).isTrue();
            assertThat(StoreReads.allExecutions(store)).extracting(ExecutionRecord::name).containsExactly("e1", "e2");
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedAndNamesTheHolder() {
        try (MapDbStore first = MapDbStore.open(dir)) {
            assertThatThrownBy(() -> MapDbStore.open(dir)).isInstanceOf(DataDirectoryLock.DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by another Statewright")
                    .hasMessageContaining(Long.toString(ProcessHandle.current().pid()));
            commit(first, new WriteBatch().put(execution(1, ExecutionStatus.SUCCEEDED, "{}")));
        }
        try (MapDbStore again = MapDbStore.open(dir)) {
            assertThat(StoreReads.allExecutions(again)).hasSize(1);
        }
    }

    @Test
    void aBatchThatFailsDoesNotLeaveLaterOnesPointingAtADefinitionItNeverWrote() throws Exception {
        String definition = "{\"StartAt\": \"B\", \"States\": {\"B\": {\"Type\": \"Succeed\"}}}";
        ExecutionRecord first = new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:m:first", "first",
                "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m", definition, "role", "{}", 1,
                ExecutionStatus.RUNNING, T0, null, null, null, null);
        ExecutionRecord second = new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:m:second", "second",
                first.stateMachineArn(), "m", definition, "role", "{}", 2, ExecutionStatus.RUNNING, T0, null, null, null, null);
        DefinitionIds ids = new DefinitionIds();
        IndexLayout.LaidOut refused = IndexLayout.changes(new WriteBatch().put(first), ids);
        assertThat(refused.newDefinitions()).hasSize(1); // the first batch to name it writes it ...
        // ... and never becomes durable (a full disk): the definition must not count as written.
        IndexLayout.LaidOut later = IndexLayout.changes(new WriteBatch().put(second), ids);
        assertThat(later.newDefinitions()).as("a later batch writes it again").hasSize(1);
        ids.stored(later.newDefinitions()); // once that one is durable, the next need not
        assertThat(IndexLayout.changes(new WriteBatch().put(first), ids).newDefinitions()).isEmpty();
        try (MapDbStore store = MapDbStore.open(dir, StoreOptions.defaults().withSegmentBytes(1 << 20))) {
            commit(store, new WriteBatch().put(second));
        }
        Files.delete(dir.resolve("index.closed"));
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.execution(second.arn()).orElseThrow().definition()).isEqualTo(definition);
        }
    }
}
