package dev.statewright.api.store;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where state machines and executions are kept. Writes go down in batches and are durable when
 * the returned stage completes; batches commit in the order they were handed in, and a store may
 * group many batches into one commit. Reads see committed data only.
 *
 * <p>Kept small on purpose: an embedded MapDB store is the default, and a shared database store
 * (several nodes sharing the work) can implement the same interface.
 */
public interface Store extends AutoCloseable {

    CompletionStage<Void> commit(WriteBatch batch);

    Collection<StateMachineRecord> stateMachines();

    Collection<ExecutionRecord> executions();

    Collection<ActivityRecord> activities();

    /** Events of an execution with ids in [fromId, fromId + limit), in id order. */
    List<StoredEvent> events(String executionArn, long fromId, int limit);

    /** The journal of an execution, in order. */
    List<JournalEntry> journal(String executionArn);

    @Override
    void close();
}
