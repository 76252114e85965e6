package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one node of a store that no other node shares: this process, which drives every running
 * execution the store holds (what {@link Store#nodes} and its neighbours answer for it).
 */
final class LocalNode {
    /** The id of the only node of an embedded store. */
    static final String ID = "local";

    private final Instant startedAt = Instant.now();
    private volatile String address;

    void serving(String where) {
        this.address = where;
    }

    List<NodeRecord> nodes(Store store) {
        long running = store.executionCounts(null).getOrDefault(ExecutionStatus.RUNNING, 0L);
        return List.of(new NodeRecord(ID, address, startedAt, Instant.now(), null, true, running, true));
    }

    /** Every running execution, newest first; none for another id. */
    ExecutionPage executionsDrivenBy(Store store, String nodeId, int pageSize, String cursor) {
        if (!ID.equals(nodeId)) {
            return new ExecutionPage(List.of(), null);
        }
        return store.executions(new ExecutionQuery(null, ExecutionStatus.RUNNING, null, pageSize, cursor));
    }

    Optional<String> driverOf(Store store, String executionArn) {
        return store.execution(executionArn).filter(record -> record.status() == ExecutionStatus.RUNNING).map(record -> ID);
    }
}
