package dev.statewright.api.store;

import java.util.List;

/** What a store shared by several nodes tells the node it runs in (see {@link Store#coordinate}). */
public interface NodeEvents {

    /** This node now drives these running executions (their owner died or gave them back): resume them from the store. */
    void takenOver(List<ExecutionRecord> executions);

    /** Another node took these executions' leases (this one was too slow to renew them): stop driving them here. */
    void lost(List<String> executionArns);

    /** An input another node received for an execution this node drives (see {@link ForwardedInput}). */
    void forwarded(ForwardedInput input);

    /** Whether this node sends status-change events: only then does it take over other nodes' outbox entries. */
    default boolean deliversEvents() {
        return false;
    }

    /** Outbox entries of a node that died or stopped, now this node's to deliver. */
    default void outboxTakenOver(List<OutboxEntry> entries) {
    }
}
