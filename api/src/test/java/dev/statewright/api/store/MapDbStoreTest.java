package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapDbStoreTest {
    @TempDir
    Path dir;

    private static ExecutionRecord execution(String arn) {
        return new ExecutionRecord(arn, "e", "arn:m", "m", "{}", "role", "{\"a\":1}", 42L, ExecutionStatus.RUNNING,
                Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
    }

    @Test
    void whatWasCommittedIsThereAfterReopening() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            StateMachineRecord machine = new StateMachineRecord("arn:m", "m", StateMachineType.EXPRESS, "{\"d\":1}", "role",
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"), "rev", Map.of("team", "a"));
            WriteBatch batch = new WriteBatch().put(machine).put(execution("arn:e1"))
                    .event("arn:e1", new StoredEvent(1, "{\"first\":true}")).event("arn:e1", new StoredEvent(2, "{\"second\":true}"))
                    .journal("arn:e1", new JournalEntry(0, 123_456_789L, "{\"kind\":\"begin\"}"));
            store.commit(batch).toCompletableFuture().join();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.stateMachines()).singleElement().satisfies(m -> {
                assertThat(m.type()).isEqualTo(StateMachineType.EXPRESS);
                assertThat(m.tags()).containsEntry("team", "a");
                assertThat(m.updateDate()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
            });
            assertThat(StoreReads.allExecutions(store)).singleElement().isEqualTo(execution("arn:e1"));
            assertThat(store.events("arn:e1", 1, 10)).extracting(StoredEvent::json)
                    .containsExactly("{\"first\":true}", "{\"second\":true}");
            assertThat(store.events("arn:e1", 2, 10)).extracting(StoredEvent::id).containsExactly(2L);
            assertThat(store.journal("arn:e1")).containsExactly(new JournalEntry(0, 123_456_789L, "{\"kind\":\"begin\"}"));
        }
    }

    @Test
    void eventsOfOneExecutionDoNotLeakIntoAnotherWithALongerName() {
        try (MapDbStore store = MapDbStore.inMemory()) {
            store.commit(new WriteBatch().event("arn:e1", new StoredEvent(1, "a")).event("arn:e10", new StoredEvent(1, "b")))
                    .toCompletableFuture().join();
            assertThat(store.events("arn:e1", 1, 100)).extracting(StoredEvent::json).containsExactly("a");
            assertThat(store.journal("arn:e1")).isEmpty();
        }
    }

    @Test
    void batchesFromManyThreadsAreAllCommittedInOrderPerExecution() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            List<Thread> threads = new ArrayList<>();
            List<CompletionStage<Void>> commits = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 8; t++) {
                String arn = "arn:e" + t;
                threads.add(new Thread(() -> {
                    for (int i = 1; i <= 200; i++) {
                        commits.add(store.commit(new WriteBatch().event(arn, new StoredEvent(i, "{\"n\":" + i + "}"))));
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            CompletableFuture.allOf(commits.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new)).join();
            for (int t = 0; t < 8; t++) {
                assertThat(store.events("arn:e" + t, 1, 1000)).hasSize(200)
                        .extracting(StoredEvent::id).isSorted().doesNotHaveDuplicates();
                assertThat(store.events("arn:e" + t, 150, 10)).extracting(StoredEvent::id)
                        .containsExactly(150L, 151L, 152L, 153L, 154L, 155L, 156L, 157L, 158L, 159L);
            }
        }
    }

    @Test
    void aClosedStoreRefusesWritesInsteadOfLosingThem() {
        MapDbStore store = MapDbStore.inMemory();
        store.close();
        assertThat(store.commit(new WriteBatch().event("arn:e", new StoredEvent(1, "x"))).toCompletableFuture())
                .isCompletedExceptionally();
    }

    @Test
    void aCrashImageHoldsEveryAcknowledgedBatchWhetherInTheIndexOrOnlyInTheLog() throws Exception {
        Path first = dir.resolve("first");
        Path crashed = dir.resolve("crashed");
        Path crashedAgain = dir.resolve("crashed-again");
        try (MapDbStore store = MapDbStore.open(first)) {
            store.commit(new WriteBatch().put(execution("arn:e1")).event("arn:e1", new StoredEvent(1, "{\"a\":1}")))
                    .toCompletableFuture().join();
            copyDirectory(first, crashed); // as if the process died now: the batch is only in the log
        }
        try (MapDbStore store = MapDbStore.open(crashed)) { // no clean-close mark: the index is rebuilt from the log
            assertThat(store.recovery().rebuilt()).isTrue();
            assertThat(StoreReads.allExecutions(store)).containsExactly(execution("arn:e1"));
            store.commit(new WriteBatch().event("arn:e1", new StoredEvent(2, "{\"b\":2}"))
                    .event("arn:e1", new StoredEvent(3, "{\"c\":3}"))).toCompletableFuture().join();
            copyDirectory(crashed, crashedAgain); // the first batch is in the index, the second only in the log
        }
        try (MapDbStore store = MapDbStore.open(crashedAgain)) {
            assertThat(StoreReads.allExecutions(store)).containsExactly(execution("arn:e1"));
            assertThat(store.events("arn:e1", 1, 10)).extracting(StoredEvent::json)
                    .containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
            assertThat(store.events("arn:e1", 3, 10)).extracting(StoredEvent::id).containsExactly(3L);
            assertThat(store.events("arn:e1", 1, 2)).extracting(StoredEvent::id).containsExactly(1L, 2L);
        }
    }

    @Test
    void aCleanlyClosedIndexIsReopenedAsItIsAndOnlyTheLogPastItIsReplayed() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.recovery().rebuilt()).isTrue(); // a new directory: built from an empty log
            store.commit(new WriteBatch().put(execution("arn:e1"))).toCompletableFuture().join();
        }
        assertThat(dir.resolve("index.closed")).exists();
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.recovery()).extracting(MapDbStore.Recovery::rebuilt, MapDbStore.Recovery::batchesReplayed)
                    .containsExactly(false, 0L);
            assertThat(dir.resolve("index.closed")).doesNotExist(); // a crash from here on means a rebuild
            assertThat(StoreReads.allExecutions(store)).containsExactly(execution("arn:e1"));
        }
    }

    @Test
    void anIndexTornByACrashIsThrownAwayAndRebuiltFromTheWholeLog() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (MapDbStore store = MapDbStore.open(dir.resolve("live"))) {
            for (int i = 0; i < 50; i++) {
                store.commit(new WriteBatch().put(execution("arn:e" + i)).event("arn:e" + i, new StoredEvent(1, "{\"n\":" + i + "}")))
                        .toCompletableFuture().join();
            }
            StoreReads.allExecutions(store); // the index holds all 50
            copyDirectory(dir.resolve("live"), crashed);
        }
        // What a crash in the middle of an in-place write can leave: an index file that is garbage.
        byte[] garbage = new byte[(int) java.nio.file.Files.size(crashed.resolve("index.db"))];
        new java.util.Random(7).nextBytes(garbage);
        java.nio.file.Files.write(crashed.resolve("index.db"), garbage);
        try (MapDbStore store = MapDbStore.open(crashed)) {
            assertThat(store.recovery()).extracting(MapDbStore.Recovery::rebuilt, MapDbStore.Recovery::batchesReplayed)
                    .containsExactly(true, 50L);
            assertThat(StoreReads.allExecutions(store)).hasSize(50);
            assertThat(store.events("arn:e49", 1, 10)).extracting(StoredEvent::json).containsExactly("{\"n\":49}");
        }
    }

    @Test
    void aCleanlyClosedIndexThatIsMissingOrDoesNotOpenIsRebuiltFromTheLog() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.commit(new WriteBatch().put(execution("arn:e1")).event("arn:e1", new StoredEvent(1, "{}")))
                    .toCompletableFuture().join();
        }
        java.nio.file.Files.write(dir.resolve("index.db"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8}); // damaged after the close
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.recovery().rebuilt()).isTrue();
            assertThat(StoreReads.allExecutions(store)).containsExactly(execution("arn:e1"));
        }
        java.nio.file.Files.delete(dir.resolve("index.db")); // removed by hand, the mark left behind
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.recovery().rebuilt()).isTrue();
            assertThat(store.events("arn:e1", 1, 10)).extracting(StoredEvent::json).containsExactly("{}");
        }
    }

    @Test
    void anUncleanIndexWhoseLogNoLongerReachesItsStartIsRefusedInsteadOfRebuiltWithoutItsOldData() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.commit(new WriteBatch().put(execution("arn:e1"))).toCompletableFuture().join();
        }
        java.nio.file.Files.delete(dir.resolve("index.closed"));
        java.nio.file.Files.delete(dir.resolve("store.format")); // as older versions left it: no format mark
        Path log = dir.resolve("log");
        // As older versions left it: the first segments dropped after a checkpoint of the index.
        java.nio.file.Files.move(log.resolve(String.format("%016d.wal", 0)), log.resolve(String.format("%016d.wal", 3)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MapDbStore.open(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer reaches back to its start");
        assertThat(dir.resolve("index.db")).exists(); // left for whoever repairs it
    }

    @Test
    void aBatchTornByACrashIsCutOffAndTheStoreGoesOnAfterTheLastWholeOne() throws Exception {
        try (MapDbStore store = MapDbStore.open(dir)) {
            store.commit(new WriteBatch().event("arn:e1", new StoredEvent(1, "whole"))).toCompletableFuture().join();
            Path crashed = dir.resolve("crashed");
            copyDirectory(dir, crashed);
        }
        Path crashed = dir.resolve("crashed");
        Path segment;
        try (var files = java.nio.file.Files.list(crashed.resolve("log"))) {
            segment = files.max(java.util.Comparator.naturalOrder())
                    .orElseThrow();
        }
        // The start of a record whose body never reached the disk.
        java.nio.file.Files.write(segment, new byte[]{0, 0, 0, 40, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (MapDbStore store = MapDbStore.open(crashed)) {
            assertThat(store.events("arn:e1", 1, 10)).extracting(StoredEvent::json).containsExactly("whole");
            store.commit(new WriteBatch().event("arn:e1", new StoredEvent(2, "after"))).toCompletableFuture().join();
        }
        try (MapDbStore store = MapDbStore.open(crashed)) {
            assertThat(store.events("arn:e1", 1, 10)).extracting(StoredEvent::json).containsExactly("whole", "after");
        }
    }

    @Test
    void journalChunksComeBackInOrderAcrossBatches() {
        try (MapDbStore store = MapDbStore.open(dir)) {
            for (int i = 0; i < 30; i++) {
                store.commit(new WriteBatch().journal("arn:e1", new JournalEntry(2L * i, 1000L + i, "{\"n\":" + (2 * i) + "}"))
                        .journal("arn:e1", new JournalEntry(2L * i + 1, 1000L + i, "{\"n\":" + (2 * i + 1) + "}")));
            }
            store.commit(new WriteBatch()).toCompletableFuture().join();
        }
        try (MapDbStore store = MapDbStore.open(dir)) {
            assertThat(store.journal("arn:e1")).extracting(JournalEntry::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 60).boxed().toList());
        }
    }

    @Test
    void executionsSharingADefinitionReadItBackAfterACrashAndTheirOwnAfterAnUpdate() throws Exception {
        String first = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}";
        String updated = "{\"StartAt\": \"B\", \"States\": {\"B\": {\"Type\": \"Succeed\"}}}";
        Path crashed = dir.resolve("crashed");
        try (MapDbStore store = MapDbStore.open(dir.resolve("live"))) {
            for (int i = 0; i < 3; i++) {
                store.commit(new WriteBatch().put(withDefinition("arn:e" + i, first))).toCompletableFuture().join();
            }
            store.commit(new WriteBatch().put(withDefinition("arn:e9", updated))).toCompletableFuture().join();
            copyDirectory(dir.resolve("live"), crashed);
        }
        try (MapDbStore store = MapDbStore.open(crashed)) {
            assertThat(StoreReads.allExecutions(store)).hasSize(4).allSatisfy(e ->
                    assertThat(e.definition()).isEqualTo(e.arn().equals("arn:e9") ? updated : first));
        }
        assertThat(DefinitionIds.contentId(first)).isNotEqualTo(DefinitionIds.contentId(updated));
    }

    private static ExecutionRecord withDefinition(String arn, String definition) {
        return new ExecutionRecord(arn, "e", "arn:m", "m", definition, "role", "{}", 1L, ExecutionStatus.SUCCEEDED,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), "{}", null, null);
    }

    private static void copyDirectory(Path from, Path to) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (path.startsWith(to)) {
                    continue;
                }
                if (java.nio.file.Files.isDirectory(path)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Found by ApiProperties (GET /executions?stateMachine=wait-m with the next token of another
     * list): a cursor outside the machine's keys made MapDB throw, and the request a 500.
     */
    @Test
    void aCursorFromAnotherListGivesAPageAndOneNoListGaveIsRefusedAsSuch() {
        try (MapDbStore store = MapDbStore.inMemory()) {
            store.commit(new WriteBatch().put(execution("arn:e1"))).toCompletableFuture().join();
            long start = ExecutionSummary.nanos(execution("arn:e1").startDate());
            // Positions of a list, whichever list gave them: before, at and after the one execution.
            assertThat(store.executions(new ExecutionQuery("arn:m", null, null, 10, (start + 1) + ":arn:z"))
                    .executions()).extracting(ExecutionSummary::arn).containsExactly("arn:e1");
            assertThat(store.executions(new ExecutionQuery("arn:m", null, null, 10, start + ":arn:e1")).executions()).isEmpty();
            assertThat(store.executions(new ExecutionQuery("arn:other", null, null, 10, (start + 1) + ":x")).executions())
                    .isEmpty();
            for (String cursor : List.of("", "a", "arn:l", "zz", "\uffff\uffff")) {
                assertThatThrownBy(() -> store.executions(new ExecutionQuery("arn:m", null, null, 10, cursor)))
                        .as(cursor).isInstanceOf(InvalidCursorException.class);
            }
        }
    }
}
