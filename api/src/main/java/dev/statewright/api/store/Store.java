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

    /** One state machine or version by its ARN (a store shared by several nodes reads it alone). */
    default Optional<StateMachineRecord> stateMachine(String arn) {
        return stateMachines().stream().filter(machine -> machine.arn().equals(arn)).findFirst();
    }

    Optional<ExecutionRecord> execution(String arn);

    /** A Distributed Map's run, by its Map Run ARN. */
    Optional<MapRunRecord> mapRun(String arn);

    /**
     * A page of an execution's Map Runs, newest first; {@code cursor} is a page's next cursor, or
     * null for the first page ({@link InvalidCursorException} when no page of this execution gave it).
     */
    MapRunPage mapRuns(String executionArn, int pageSize, String cursor);

    /** A child execution of a Distributed Map's run, by its execution ARN (what DescribeExecution of a child reads). */
    Optional<MapRunChildRecord> mapRunChild(String executionArn);

    /**
     * A page of a Map Run's child executions, highest index first (the last started first), of one
     * status or (null) of all; {@code cursor} as for {@link #mapRuns}. A filtered page may hold fewer
     * than {@code pageSize}, even none, and still give a next cursor: a store may stop looking after
     * many children that did not match.
     */
    MapRunChildPage mapRunChildren(String mapRunArn, ExecutionStatus status, int pageSize, String cursor);

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

    /**
     * Whether other nodes write this store too (what a node caches of machines and activities may
     * then be behind, and is read again).
     */
    default boolean sharedWithOtherNodes() {
        return false;
    }

    /**
     * The running executions this node is to resume at its start. A store of one node gives every
     * running one; a store shared by several nodes gives those whose lease this node took (the
     * others are driven by their owners, or taken over when their leases expire).
     */
    default List<ExecutionRecord> claimRunningExecutions() {
        return runningExecutions();
    }

    /**
     * Where a store shared by several nodes hands, while it runs, what this node must act on: the
     * executions it took over from a node that died or gave them back, and the inputs other nodes
     * received for executions this node drives. A store of one node never calls it.
     */
    default void coordinate(NodeEvents events) {
    }

    /**
     * Passes an input (a stop, a SendTask*; see {@link ForwardedInput}) to the node that drives a running execution, when that is not this
     * node; false when no other node drives it (a store of one node: always false).
     */
    default boolean forward(String executionArn, String kind, String body) {
        return false;
    }

    /**
     * As {@link #forward}, and the owner's verdict comes back: empty when no other node drives the
     * execution, else a stage that completes with what the owner made of the input.
     */
    default Optional<java.util.concurrent.CompletableFuture<ForwardedReply>> forwardForReply(String executionArn,
                                                                                             String kind, String body) {
        return Optional.empty();
    }

    /** Tells the node that passed an input on ({@link ForwardedInput#replyTo}) what became of it; nothing when none waits. */
    default void reply(ForwardedInput input, ForwardedReply reply) {
    }

    /**
     * Whether this node still drives a running execution it drove before a failure: a store of one
     * node always does; on a shared database, only while its lease still names this node at the
     * epoch it took (else another node took it over, and this one lets it go).
     */
    default boolean drivesHere(String executionArn) {
        return true;
    }

    /** Where activity tasks wait for workers when several nodes share this store; empty for a store of one node. */
    default Optional<SharedActivityTasks> sharedActivityTasks() {
        return Optional.empty();
    }

    /**
     * The nodes that drive this store's executions, live ones first, each with how many running
     * executions it drives (see {@link NodeRecord}). A store of one node lists only itself, driving
     * every running execution; a shared database lists every node that used it lately.
     */
    List<NodeRecord> nodes();

    /**
     * A page of the running executions a node drives, newest first; {@code cursor} is a page's next
     * cursor, or null for the first page. A node the store does not know drives none. A page may
     * hold fewer than {@code pageSize} and still give a next cursor.
     */
    ExecutionPage executionsDrivenBy(String nodeId, int pageSize, String cursor);

    /** The id of the node that drives a running execution; empty when none does (it ended, or there is no such execution). */
    Optional<String> driverOf(String executionArn);

    /** Where this node serves ({@code host:port}), shown in the list of nodes; said once it listens. */
    void serving(String address);

    @Override
    void close();
}
