package dev.statewright.api.runtime;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.EventCodec;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a stored execution cannot be rebuilt (its journal does not match what the engine does, or
 * its definition no longer parses), the restart ends it as failed with one more event after the
 * stored ones: never a lost execution, never a gap in its history.
 */
class UnresumableExecutionTest {
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static ExecutionRecord running(String definition) {
        return new ExecutionRecord(ARN, "e", "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m", definition,
                "role", "{}", 1L, ExecutionStatus.RUNNING, START, null, null, null, null);
    }

    private static HistoryEvent event(long id, String type) {
        return new HistoryEvent(id, id - 1, START, type, Json.object());
    }

    private static ExecutionRecord restartAndAwaitEnd(MapDbStore store) throws InterruptedException {
        try (StatewrightService service = StatewrightService.start(
                ServiceConfig.defaults().withPort(0).withDataDirectory(null), TaskHandlers.none(), store)) {
            for (int i = 0; i < 200; i++) {
                ExecutionRecord record = service.stepFunctions().describeExecution(ARN);
                if (record.status().isFinished()) {
                    List<HistoryEvent> history = service.stepFunctions().history(ARN);
                    assertThat(history).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L);
                    assertThat(history.get(2).type()).isEqualTo("ExecutionFailed");
                    assertThat(history.get(2).previousEventId()).isEqualTo(2L);
                    return record;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the execution was not ended");
    }

    @Test
    void aJournalThatDoesNotMatchTheEngineEndsTheExecutionAsFailed() throws Exception {
        MapDbStore store = MapDbStore.inMemory();
        String waitAnHour = "{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Wait\", \"Seconds\": 3600, \"End\": true}}}";
        store.commit(new WriteBatch().put(running(waitAnHour))
                .event(ARN, EventCodec.encode(event(1, "ExecutionStarted")))
                .event(ARN, EventCodec.encode(event(2, "WaitStateEntered")))
                .journal(ARN, new JournalEntry(0, 0, "{\"kind\":\"begin\"}"))
                .journal(ARN, new JournalEntry(1, 1, "{\"kind\":\"timer\",\"timer\":7}"))).toCompletableFuture().join();
        ExecutionRecord ended = restartAndAwaitEnd(store);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("States.Runtime");
        assertThat(ended.cause()).contains("could not resume", "timer 7");
    }

    @Test
    void aDefinitionThatNoLongerParsesEndsTheExecutionAsFailed() throws Exception {
        MapDbStore store = MapDbStore.inMemory();
        store.commit(new WriteBatch().put(running("{\"StartAt\": \"W\", \"States\": {\"W\": {\"Type\": \"Teleport\"}}}"))
                .event(ARN, EventCodec.encode(event(1, "ExecutionStarted")))
                .event(ARN, EventCodec.encode(event(2, "TeleportStateEntered")))
                .journal(ARN, new JournalEntry(0, 0, "{\"kind\":\"begin\"}"))).toCompletableFuture().join();
        ExecutionRecord ended = restartAndAwaitEnd(store);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.cause()).contains("could not resume", "definition");
    }
}
