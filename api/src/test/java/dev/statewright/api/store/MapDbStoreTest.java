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
            assertThat(store.executions()).singleElement().isEqualTo(execution("arn:e1"));
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
}
