package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where state machines and executions are kept. Writes go down in batches and are durable when
 * the returned stage completes; batches commit in the order they were handed in, and a store may
 * group many batches into one commit. Reads see committed data only, and never hold every
 * execution at once: executions are read one by one or a page at a time.
 *
 * <p>A store that cannot do what is asked for now (a full disk) fails with
 * {@link StoreUnavailableException}; one whose data is damaged, with {@link StoreDamagedException}.
 */
public interface Store extends AutoCloseable {

    CompletionStage<Void> commit(WriteBatch batch);

    Collection<StateMachineRecord> stateMachines();

    Collection<ActivityRecord> activities();

    /** The aliases of every state machine. */
    Collection<StateMachineAliasRecord> aliases();

    Optional<ExecutionRecord> execution(String arn);

    /** A Distributed Map's run, by its Map Run ARN. */
    Optional<MapRunRecord> mapRun(String arn);

    /**
     * A page of an execution's Map Runs, newest first; {@code cursor} is a page's next cursor, or
     * null for the first page ({@link InvalidCursorException} when no page of this execution gave it).
     */
    MapRunPage mapRuns(String executionArn, int pageSize, String cursor);

    /**
     * Outbox entries still to be sent, in key order: at most {@code limit}, with keys after
     * {@code afterKey} (null for the first page). An entry is there from the commit of the batch
     * that put it until the commit of one that deletes it.
     */
    List<OutboxEntry> outbox(String afterKey, int limit);

    /** A page of executions, newest first. */
    ExecutionPage executions(ExecutionQuery query);

    /** Every execution whose status is RUNNING (a start resumes them). */
    List<ExecutionRecord> runningExecutions();

    /** How many executions there are in each status, of one machine or (null) of all. */
    Map<ExecutionStatus, Long> executionCounts(String stateMachineArn);

    /** Events of an execution with ids in [fromId, fromId + limit), in id order. */
    List<StoredEvent> events(String executionArn, long fromId, int limit);

    /** The id of the execution's last event, 0 when it has none. */
    long lastEventId(String executionArn);

    /** The types of all the execution's events, in order (a resumed execution's replay is checked against them). */
    List<String> eventTypes(String executionArn);

    /** The entries of an execution's journal from {@code fromSequence}, at most {@code limit}, in order. */
    List<JournalEntry> journal(String executionArn, long fromSequence, int limit);

    @Override
    void close();
}
