package dev.statewright.api.runtime;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.OutboxEntry;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.HistoryEvent;

import java.time.Duration;
import java.util.List;

/**
 * Watches what the runtime already produces, so metrics, execution logs and status events need
 * no second reading of histories: the events of each turn once they are durable, each status
 * change while its turn's batch is being built, and each task's answer. Replayed turns are not
 * reported again (they were when they first ran).
 */
public interface ExecutionObserver {
    ExecutionObserver NONE = new ExecutionObserver() {
    };

    /**
     * The execution's status changed (ExecutionStarted, ExecutionRedriven, or its end), on its loop
     * while the turn is built: what the observer puts into {@code batch} is stored atomically with
     * the change (the outbox of status events).
     */
    default void statusChanged(ExecutionRecord record, HistoryEvent event, WriteBatch batch) {
    }

    /** A turn is durable. Called on the store's committer thread: it must be quick and never block. */
    default void turnStored(StoredTurn turn) {
    }

    /** A task's handler answered (or failed) after {@code took}; {@code failed} when it failed. */
    default void taskEnded(String resource, Duration took, boolean failed) {
    }

    /**
     * One stored turn of one execution.
     *
     * @param record           the execution's record as the turn left it
     * @param events           the history events the turn stored, in order
     * @param outbox           the outbox entries the turn stored
     * @param commit           how long the store took to make the turn durable
     * @param stateTransitions states the execution has entered so far (all turns, replayed ones too)
     * @param ended            whether the turn stored the execution's end
     */
    record StoredTurn(ExecutionRecord record, List<HistoryEvent> events, List<OutboxEntry> outbox, Duration commit,
                      long stateTransitions, boolean ended) {
    }

    /** Several observers, each told in turn. */
    static ExecutionObserver all(List<ExecutionObserver> observers) {
        List<ExecutionObserver> copy = List.copyOf(observers);
        return new ExecutionObserver() {
            @Override
            public void statusChanged(ExecutionRecord record, HistoryEvent event, WriteBatch batch) {
                copy.forEach(observer -> observer.statusChanged(record, event, batch));
            }

            @Override
            public void turnStored(StoredTurn turn) {
                copy.forEach(observer -> observer.turnStored(turn));
            }

            @Override
            public void taskEnded(String resource, Duration took, boolean failed) {
                copy.forEach(observer -> observer.taskEnded(resource, took, failed));
            }
        };
    }
}
