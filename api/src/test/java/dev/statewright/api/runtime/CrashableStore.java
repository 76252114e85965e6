package dev.statewright.api.runtime;

import dev.statewright.api.store.ActivityRecord;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A store in front of a real one that can "crash": from then on it takes no more writes (they
 * never complete), as if the process had died, while the data already committed stays for the
 * next service to find. Closing it leaves the real store open.
 */
final class CrashableStore implements Store {
    private final Store real;
    private volatile boolean crashed;

    CrashableStore(Store real) {
        this.real = real;
    }

    void crash() {
        crashed = true;
    }

    @Override
    public CompletionStage<Void> commit(WriteBatch batch) {
        return crashed ? new CompletableFuture<>() : real.commit(batch);
    }

    @Override
    public Collection<StateMachineRecord> stateMachines() {
        return real.stateMachines();
    }

    @Override
    public Collection<ExecutionRecord> executions() {
        return real.executions();
    }

    @Override
    public Collection<ActivityRecord> activities() {
        return real.activities();
    }

    @Override
    public List<StoredEvent> events(String executionArn, long fromId, int limit) {
        return real.events(executionArn, fromId, limit);
    }

    @Override
    public List<JournalEntry> journal(String executionArn) {
        return real.journal(executionArn);
    }

    @Override
    public void close() {
        // The real store outlives the crashed service.
    }
}
