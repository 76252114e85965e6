package dev.statewright.api.runtime;

import dev.statewright.api.store.ActivityRecord;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionQuery;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    public Collection<ActivityRecord> activities() {
        return real.activities();
    }

    @Override
    public Collection<dev.statewright.api.store.StateMachineAliasRecord> aliases() {
        return real.aliases();
    }

    @Override
    public Optional<dev.statewright.api.store.MapRunRecord> mapRun(String arn) {
        return real.mapRun(arn);
    }

    @Override
    public dev.statewright.api.store.MapRunPage mapRuns(String executionArn, int pageSize, String cursor) {
        return real.mapRuns(executionArn, pageSize, cursor);
    }

    @Override
    public Optional<dev.statewright.api.store.MapRunChildRecord> mapRunChild(String executionArn) {
        return real.mapRunChild(executionArn);
    }

    @Override
    public dev.statewright.api.store.MapRunChildPage mapRunChildren(String mapRunArn,
            dev.statewright.interpreter.engine.ExecutionStatus status, int pageSize, String cursor) {
        return real.mapRunChildren(mapRunArn, status, pageSize, cursor);
    }

    @Override
    public List<dev.statewright.api.store.OutboxEntry> outbox(String afterKey, int limit) {
        return real.outbox(afterKey, limit);
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        return real.execution(arn);
    }

    @Override
    public ExecutionPage executions(ExecutionQuery query) {
        return real.executions(query);
    }

    @Override
    public List<ExecutionRecord> runningExecutions() {
        return real.runningExecutions();
    }

    @Override
    public Map<ExecutionStatus, Long> executionCounts(String stateMachineArn) {
        return real.executionCounts(stateMachineArn);
    }

    @Override
    public List<StoredEvent> events(String executionArn, long fromId, int limit) {
        return real.events(executionArn, fromId, limit);
    }

    @Override
    public long lastEventId(String executionArn) {
        return real.lastEventId(executionArn);
    }

    @Override
    public List<String> eventTypes(String executionArn) {
        return real.eventTypes(executionArn);
    }

    @Override
    public List<JournalEntry> journal(String executionArn, long fromSequence, int limit) {
        return real.journal(executionArn, fromSequence, limit);
    }

    @Override
    public List<dev.statewright.api.store.NodeRecord> nodes() {
        return real.nodes();
    }

    @Override
    public ExecutionPage executionsDrivenBy(String nodeId, int pageSize, String cursor) {
        return real.executionsDrivenBy(nodeId, pageSize, cursor);
    }

    @Override
    public Optional<String> driverOf(String executionArn) {
        return real.driverOf(executionArn);
    }

    @Override
    public void serving(String address) {
        real.serving(address);
    }

    @Override
    public void close() {
        real.close();
    }
}
