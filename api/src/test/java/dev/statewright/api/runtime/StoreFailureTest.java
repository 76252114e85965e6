package dev.statewright.api.runtime;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn the store cannot take (a full disk, a bug in encoding) ends the execution as failed
 * after its last stored event: it never sits RUNNING forever, and its history has no gap.
 */
class StoreFailureTest {

    @Test
    void aTurnTheStoreRefusesEndsTheExecutionAsFailedAfterItsLastStoredEvent() throws Exception {
        MapDbStore real = MapDbStore.inMemory();
        Store refusingTheWaitsEnd = new RefusingStore(real, "WaitStateExited");
        try (StatewrightService service = StatewrightService.start(
                ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0.01), TaskHandlers.none(), refusingTheWaitsEnd)) {
            String machine = service.stepFunctions().createStateMachine("m", """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}
                    """, "arn:aws:iam::123456789012:role/r", dev.statewright.interpreter.model.StateMachineType.STANDARD,
                    java.util.Map.of()).arn();
            String arn = service.stepFunctions().startExecution(machine, "e", "{}").join().arn();

            ExecutionRecord ended = null;
            for (int i = 0; i < 300 && (ended == null || !ended.status().isFinished()); i++) {
                Thread.sleep(10);
                ended = service.stepFunctions().describeExecution(arn);
            }
            assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ended.error()).isEqualTo("States.Runtime");
            assertThat(ended.cause()).contains("could not store");
            List<HistoryEvent> history = service.stepFunctions().history(arn);
            assertThat(history).extracting(HistoryEvent::type)
                    .containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionFailed");
            assertThat(history.get(2).previousEventId()).isEqualTo(2L);
        }
    }

    /** Refuses the first batch holding an event of one type, as a failing disk would. */
    private static final class RefusingStore extends ForwardingStore {
        private final String refusedType;
        private boolean refused;

        RefusingStore(Store real, String refusedType) {
            super(real);
            this.refusedType = refusedType;
        }

        @Override
        public synchronized CompletionStage<Void> commit(WriteBatch batch) {
            boolean holdsIt = batch.eventTypes().contains(refusedType);
            if (holdsIt && !refused) {
                refused = true;
                return CompletableFuture.failedFuture(new UncheckedIOException(new java.io.IOException("disk full")));
            }
            return real.commit(batch);
        }
    }
}
