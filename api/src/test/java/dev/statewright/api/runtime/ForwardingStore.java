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
import java.util.concurrent.CompletionStage;

/** A store in front of a real one, for test stores that change only how commits go. */
abstract class ForwardingStore implements Store {
    protected final Store real;

    ForwardingStore(Store real) {
        this.real = real;
    }

    @Override
    public CompletionStage<Void> commit(WriteBatch batch) {
        return real.commit(batch);
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
        real.close();
    }
}
