package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.ForwardedInput;
import dev.statewright.api.store.ForwardedReply;
import dev.statewright.api.store.NodeEvents;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The leases of one node on a shared database: which running executions it drives, at which epoch.
 *
 * <ul>
 *   <li>A node that starts an execution takes its lease (epoch 1) in the transaction of its first
 *       batch; the batch that ends it drops the lease.</li>
 *   <li>Every batch is fenced ({@link #fence}): the lease rows of the executions it writes are read
 *       under a share lock in its transaction, and it is stored only if each names this node and the
 *       epoch this node took. A takeover updates the row, so it waits for such a transaction, and a
 *       write after it is refused however late it comes.</li>
 *   <li>A keeper thread renews this node's leases every third of the lease, claims expired ones
 *       ({@code FOR UPDATE SKIP LOCKED}: nodes claiming together never wait for each other or take
 *       the same one; the epoch grows by one), and listens on the {@code statewright} channel, so a
 *       lease handed back or an input forwarded wakes the other nodes at once rather than at their
 *       next round.</li>
 *   <li>Times are the database's ({@code now()}), so the nodes' clocks do not matter.</li>
 * </ul>
 */
final class Leases implements AutoCloseable {
    static final String CHANNEL = "statewright";
    private static final String FREED = "freed";
    private static final String INBOX = "inbox ";
    private static final String WAKE = "wake ";
    /** Followed by an activity's ARN: a task for it was added (see {@link PostgresActivityTasks}). */
    static final String ACTIVITY_TASK = "activity ";
    /** Followed by a node id: replies to inputs it passed on wait for it (see {@link #reply}). */
    private static final String REPLY = "reply ";
    private static final int CLAIM_AT_ONCE = 200;
    private static final Logger LOG = Logger.getLogger(Leases.class.getName());

    private final DataSource pool;
    private final DatabaseUrl url;
    private final String nodeId;
    private final long leaseMillis;
    /**
     * The executions this node drives, and the epoch it took each at. An entry stays after a
     * refusal on purpose: with it, a later batch of that execution (turns are pipelined) is refused
     * too, even once the new owner has ended it and its lease row is gone.
     */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    /** The epoch kept for an execution this node let go: no lease row matches it, so every write of it is refused. */
    private static final long LET_GO = -1;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread keeper;
    private volatile NodeEvents events;
    private volatile Function<Collection<String>, List<ExecutionRecord>> records;
    private volatile boolean claimWanted;
    private volatile boolean inboxWanted = true;
    private volatile boolean repliesWanted;
    private volatile java.util.function.Consumer<String> activityTasks = arn -> {
    };
    /** This node's row in the list of nodes, kept seen by the keeper's rounds. */
    private final NodeRegistry registry;

    Leases(DataSource pool, DatabaseUrl url, PostgresOptions options) {
        this.pool = pool;
        this.url = url;
        this.nodeId = options.nodeId();
        this.leaseMillis = options.lease().toMillis();
        this.keeper = new Thread(this::keep, "statewright-leases");
        this.keeper.setDaemon(true);
        this.registry = new NodeRegistry(nodeId, leaseMillis);
    }

    NodeRegistry registry() {
        return registry;
    }

    String nodeId() {
        return nodeId;
    }

    /** How many executions this node drives now. */
    int heldCount() {
        return (int) held.values().stream().filter(epoch -> epoch != LET_GO).count();
    }

    /** Registers this node and starts renewing its leases. */
    void start() {
        try (Connection connection = pool.getConnection()) {
            registry.register(connection);
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
        keeper.start();
    }

    /** From now on, executions taken over and inputs forwarded go to {@code to}. */
    void listen(NodeEvents to, Function<Collection<String>, List<ExecutionRecord>> recordsOf) {
        this.records = recordsOf;
        this.events = to;
        claimWanted = true;
        wake(); // a wait for notifications ends at once: the first round claims what is due
    }

    /** From now on, {@code arrived} hears of activity tasks added by any node (see {@link PostgresActivityTasks}). */
    void onActivityTask(java.util.function.Consumer<String> arrived) {
        this.activityTasks = arrived;
    }

    /** Notifies the nodes' keepers (in the connection's transaction: sent at its commit). */
    static void notify(Connection connection, String payload) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
        }
    }

    /** Ends the keeper's wait for notifications (a blocked socket read does not answer an interrupt). */
    private void wake() {
        try (Connection connection = pool.getConnection()) {
            notify(connection, WAKE + nodeId);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not wake the lease keeper; it wakes at its next round", e);
        }
    }

    // ---- fencing, in the committer's transaction ----

    /** The executions whose lease rows a group must read: an execution it starts has none yet, unless held. */
    private Set<String> fencedArns(List<GroupWriter.Prepared> group) {
        Set<String> arns = new HashSet<>();
        group.forEach(prepared -> arns.addAll(prepared.executionArns()));
        group.forEach(prepared -> prepared.started().forEach(arn -> {
            if (!held.containsKey(arn)) {
                arns.remove(arn);
            }
        }));
        return arns;
    }

    /** For each batch, null when it may be written, else why not. Locks the lease rows it read until the commit. */
    List<String> fence(Connection connection, List<GroupWriter.Prepared> group) throws SQLException {
        Set<String> arns = fencedArns(group);
        Map<String, Lease> rows = new LinkedHashMap<>();
        if (!arns.isEmpty()) {
            // In ARN order, as the renewal locks them: two transactions never wait for each other crosswise.
            try (PreparedStatement select = connection.prepareStatement("SELECT execution_arn, owner, epoch FROM leases"
                    + " WHERE execution_arn = ANY (?) ORDER BY execution_arn FOR SHARE")) {
                select.setArray(1, connection.createArrayOf("text", arns.toArray()));
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.put(result.getString(1), new Lease(result.getString(2), result.getLong(3)));
                    }
                }
            }
        }
        List<String> refusals = new ArrayList<>(group.size());
        for (GroupWriter.Prepared prepared : group) {
            String refusal = null;
            for (String arn : prepared.executionArns()) {
                Lease row = rows.get(arn);
                Long mine = held.get(arn);
                if (row == null && mine != null) {
                    refusal = "The execution " + arn + " was taken over by another node and has ended there;"
                            + " this node (" + nodeId + ") no longer drives it";
                } else if (row != null && (!row.owner().equals(nodeId) || mine == null || row.epoch() != mine)) {
                    refusal = "The execution " + arn + " is driven by the node " + row.owner() + " (lease epoch "
                            + row.epoch() + "); this node (" + nodeId + (mine == null ? "" : ", epoch " + mine)
                            + ") may not write it";
                }
                if (refusal != null) {
                    break;
                }
            }
            refusals.add(refusal);
        }
        return refusals;
    }

    private record Lease(String owner, long epoch) {
    }

    /** The leases a group takes (executions it starts or redrives that go on running) and drops (those it ends). */
    record Changes(List<String> take, List<String> drop) {
    }

    /** What writing these batches does to this node's leases. */
    Changes changes(List<GroupWriter.Prepared> accepted) {
        Map<String, Boolean> runningAtEnd = new LinkedHashMap<>();
        for (GroupWriter.Prepared prepared : accepted) {
            prepared.batch().executions().forEach((arn, record) -> runningAtEnd.put(arn, !record.status().isFinished()));
        }
        List<String> take = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        runningAtEnd.forEach((arn, running) -> {
            if (running && !held.containsKey(arn)) {
                take.add(arn);
            } else if (!running && held.containsKey(arn)) {
                drop.add(arn);
            }
        });
        return new Changes(take, drop);
    }

    /** Whether {@link #fence} would read lease rows for this group (else it refuses nothing, with no query). */
    boolean fenceReads(List<GroupWriter.Prepared> group) {
        return !fencedArns(group).isEmpty();
    }

    /** The lease rows of a group's taken leases (in the group's statement, see GroupWriter): this node's, epoch 1. */
    String owner() {
        return nodeId;
    }

    double leaseSeconds() {
        return leaseMillis / 1000.0;
    }

    /** Drops, in the group's transaction, the leases of the executions it ends. */
    void writeDrops(Connection connection, Changes changes) throws SQLException {
        if (!changes.drop().isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM leases WHERE execution_arn = ANY (?) AND owner = ?")) {
                delete.setArray(1, connection.createArrayOf("text", changes.drop().toArray()));
                delete.setString(2, nodeId);
                delete.executeUpdate();
            }
        }
    }

    /** After the commit: what the group took and dropped is so (called on the committer). */
    void committed(Changes changes) {
        changes.take().forEach(arn -> held.put(arn, 1L));
        changes.drop().forEach(held::remove);
    }

    // ---- claiming, renewing, listening ----

    /** Claims the leases that expired (or were handed back), at most a round's worth; returns their executions. */
    List<String> claimDue() {
        List<String> claimed = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement claim = connection.prepareStatement("UPDATE leases SET owner = ?, epoch = epoch + 1,"
                     + " expires_at = now() + make_interval(secs => ?) WHERE execution_arn IN (SELECT execution_arn"
                     + " FROM leases WHERE expires_at < now() ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                     + " RETURNING execution_arn, epoch")) {
            claim.setString(1, nodeId);
            claim.setDouble(2, leaseMillis / 1000.0);
            claim.setInt(3, CLAIM_AT_ONCE);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    held.put(rows.getString(1), rows.getLong(2));
                    claimed.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
        if (!claimed.isEmpty()) {
            LOG.info(() -> "Node " + nodeId + " took over " + claimed.size() + " execution(s) whose lease had expired");
        }
        return claimed;
    }

    /**
     * Takes over the outbox entries of nodes that stopped renewing (died, or stopped) and of none
     * (written before entries had a node), at most a page; nodes taking together never take the same.
     */
    List<dev.statewright.api.store.OutboxEntry> claimOrphanedOutbox() throws SQLException {
        List<dev.statewright.api.store.OutboxEntry> taken = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement claim = connection.prepareStatement("UPDATE outbox SET node_id = ? WHERE (execution_arn,"
                     + " event_id) IN (SELECT execution_arn, event_id FROM outbox WHERE node_id IS NULL OR node_id NOT IN"
                     + " (SELECT id FROM nodes WHERE stopped_at IS NULL AND seen_at > now() - make_interval(secs => ?))"
                     + " ORDER BY execution_arn,"
                     + " event_id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING execution_arn, event_id, json")) {
            claim.setString(1, nodeId);
            claim.setDouble(2, leaseMillis / 1000.0);
            claim.setInt(3, CLAIM_AT_ONCE);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    taken.add(new dev.statewright.api.store.OutboxEntry(
                            dev.statewright.api.store.OutboxEntry.key(rows.getString(1), rows.getLong(2)), rows.getString(3)));
                }
            }
        }
        // In each execution's order, as its writer would have sent them.
        taken.sort(java.util.Comparator.comparing(dev.statewright.api.store.OutboxEntry::key));
        if (!taken.isEmpty()) {
            LOG.info(() -> "Node " + nodeId + " took over " + taken.size() + " undelivered status event(s) of nodes that stopped");
        }
        return taken;
    }

    /**
     * Whether this node still holds an execution's lease at the epoch it took: false (and the
     * execution let go here) once another node took it over or it has no lease any more.
     */
    boolean stillHeld(String executionArn) {
        Long epoch = held.get(executionArn);
        if (epoch == null || epoch == LET_GO) {
            return false;
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT 1 FROM leases WHERE execution_arn = ? AND owner = ? AND epoch = ?")) {
            select.setString(1, executionArn);
            select.setString(2, nodeId);
            select.setLong(3, epoch);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return true;
                }
            }
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
        held.put(executionArn, LET_GO); // kept: a late batch of it is refused
        return false;
    }

    /** Renews this node's leases; returns those another node has taken meanwhile (this node must let them go). */
    private List<String> renew() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement renew = connection.prepareStatement("UPDATE leases SET expires_at = now()"
                    + " + make_interval(secs => ?) WHERE execution_arn IN (SELECT execution_arn FROM leases WHERE owner = ?"
                    + " ORDER BY execution_arn FOR UPDATE)")) {
                renew.setDouble(1, leaseMillis / 1000.0);
                renew.setString(2, nodeId);
                renew.executeUpdate();
            }
            registry.seen(connection);
            Set<String> mine = new HashSet<>();
            held.forEach((arn, epoch) -> {
                if (epoch != LET_GO) {
                    mine.add(arn);
                }
            });
            if (mine.isEmpty()) {
                return List.of();
            }
            List<String> lost = new ArrayList<>();
            try (PreparedStatement others = connection.prepareStatement(
                    "SELECT execution_arn FROM leases WHERE execution_arn = ANY (?) AND owner <> ?")) {
                others.setArray(1, connection.createArrayOf("text", mine.toArray()));
                others.setString(2, nodeId);
                try (ResultSet rows = others.executeQuery()) {
                    while (rows.next()) {
                        lost.add(rows.getString(1));
                    }
                }
            }
            lost.forEach(arn -> held.put(arn, LET_GO)); // kept: a pipelined late batch of it is still refused
            return lost;
        }
    }

    /**
     * Passes an input to the owner of a running execution through the inbox, waking it; false when
     * no other node holds its lease.
     */
    boolean forward(String executionArn, String kind, String body) {
        return forward(executionArn, kind, body, false) != null;
    }

    /**
     * As {@link #forward(String, String, String)}, and the owner's verdict comes back to this
     * node: null when no other node holds the lease, else a stage completed by the owner's reply.
     */
    CompletableFuture<ForwardedReply> forwardForReply(String executionArn, String kind, String body) {
        return forward(executionArn, kind, body, true);
    }

    /** Replies this node waits for, by inbox row. */
    private final Map<Long, CompletableFuture<ForwardedReply>> awaitedReplies = new ConcurrentHashMap<>();

    private CompletableFuture<ForwardedReply> forward(String executionArn, String kind, String body, boolean awaitReply) {
        CompletableFuture<ForwardedReply> pendingReply = null;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String owner;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT owner FROM leases WHERE execution_arn = ? FOR SHARE")) {
                    select.setString(1, executionArn);
                    try (ResultSet rows = select.executeQuery()) {
                        owner = rows.next() ? rows.getString(1) : null;
                    }
                }
                if (owner == null || owner.equals(nodeId)) {
                    connection.rollback();
                    return null;
                }
                CompletableFuture<ForwardedReply> reply = new CompletableFuture<>();
                long id;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO inbox (execution_arn, kind, body, reply_to) VALUES (?, ?, ?, ?) RETURNING id")) {
                    insert.setString(1, executionArn);
                    insert.setString(2, kind);
                    insert.setString(3, body);
                    insert.setString(4, awaitReply ? nodeId : null);
                    try (ResultSet rows = insert.executeQuery()) {
                        rows.next();
                        id = rows.getLong(1);
                    }
                    if (awaitReply) {
                        awaitedReplies.put(id, reply); // before the commit: the owner may answer at once
                        reply.whenComplete((ok, failure) -> awaitedReplies.remove(id));
                        pendingReply = reply;
                    }
                }
                notify(connection, INBOX + owner);
                connection.commit();
                if (!awaitReply) {
                    reply.complete(ForwardedReply.DONE);
                }
                return reply;
            } catch (SQLException | RuntimeException e) {
                PostgresStore.rollbackQuietly(connection);
                if (pendingReply != null) {
                    pendingReply.cancel(false); // not passed on: no reply will come
                }
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
    }

    /** Tells the node waiting for an input's outcome what it was, and wakes it. */
    void reply(ForwardedInput input, ForwardedReply reply) {
        if (input.replyTo() == null) {
            return;
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_replies (id, node_id,"
                    + " error_type, message) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setLong(1, input.id());
                insert.setString(2, input.replyTo());
                insert.setString(3, reply.errorType());
                insert.setString(4, reply.message());
                insert.executeUpdate();
                notify(connection, REPLY + input.replyTo());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                PostgresStore.rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresStore.refusal(e);
        }
    }

    /** Takes the replies waiting for this node and completes the calls that wait for them. */
    private void takeReplies() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement take = connection.prepareStatement(
                     "DELETE FROM inbox_replies WHERE node_id = ? RETURNING id, error_type, message")) {
            take.setString(1, nodeId);
            try (ResultSet rows = take.executeQuery()) {
                while (rows.next()) {
                    CompletableFuture<ForwardedReply> waiting = awaitedReplies.remove(rows.getLong(1));
                    if (waiting != null) { // else its caller stopped waiting and was answered already
                        waiting.complete(new ForwardedReply(rows.getString(2), rows.getString(3)));
                    }
                }
            }
        }
    }

    /** Takes the inputs forwarded to executions this node drives, oldest first, and removes them. */
    private List<ForwardedInput> takeInbox() throws SQLException {
        List<ForwardedInput> inputs = new ArrayList<>();
        try (Connection connection = pool.getConnection();
             PreparedStatement take = connection.prepareStatement("DELETE FROM inbox WHERE id IN (SELECT i.id FROM inbox i"
                     + " JOIN leases l ON l.execution_arn = i.execution_arn WHERE l.owner = ? ORDER BY i.id LIMIT 500"
                     + " FOR UPDATE OF i SKIP LOCKED) RETURNING id, execution_arn, kind, body, reply_to")) {
            take.setString(1, nodeId);
            try (ResultSet rows = take.executeQuery()) {
                while (rows.next()) {
                    inputs.add(new ForwardedInput(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        inputs.sort(java.util.Comparator.comparingLong(ForwardedInput::id));
        return inputs;
    }

    /** The keeper: waits for a notification or the next round, then renews, claims and empties the inbox as due. */
    private void keep() {
        long round = Math.max(100, leaseMillis / 3);
        long nextRenew = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(round);
        Connection listening = null;
        while (closed.getCount() > 0) {
            try {
                if (listening == null) {
                    listening = listen();
                    if (closed.getCount() == 0) {
                        break; // closed while it connected: the wake-up came before it listened
                    }
                }
                long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextRenew - System.nanoTime()));
                // Work already wanted goes first; before a listener is registered there is none to do.
                boolean workWanted = events != null && (claimWanted || inboxWanted) || repliesWanted;
                PGNotification[] got = workWanted ? null
                        : listening.unwrap(PGConnection.class).getNotifications((int) Math.min(waitMillis, round));
                if (got != null) {
                    for (PGNotification notification : got) {
                        String payload = notification.getParameter();
                        if (FREED.equals(payload)) {
                            claimWanted = true;
                        } else if (payload.equals(INBOX + nodeId)) {
                            inboxWanted = true;
                        } else if (payload.equals(REPLY + nodeId)) {
                            repliesWanted = true;
                        } else if (payload.startsWith(ACTIVITY_TASK)) {
                            activityTasks.accept(payload.substring(ACTIVITY_TASK.length()));
                        }
                    }
                }
                if (closed.getCount() == 0) {
                    break;
                }
                if (System.nanoTime() >= nextRenew) {
                    List<String> lost = renew();
                    NodeEvents to = events;
                    if (!lost.isEmpty() && to != null) {
                        LOG.warning(() -> "Node " + nodeId + " lost the leases of " + lost.size() + " execution(s) to other"
                                + " nodes (it did not renew them in time); it stops driving them");
                        to.lost(lost);
                    }
                    nextRenew = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(round);
                    claimWanted = true; // a round also looks for leases that ran out
                    inboxWanted = true; // and for inputs of executions it took over meanwhile
                }
                if (repliesWanted) {
                    repliesWanted = false;
                    takeReplies();
                }
                NodeEvents to = events;
                if (to == null) {
                    continue; // nothing claims before the node can resume what it takes
                }
                if (claimWanted) {
                    claimWanted = false;
                    List<String> claimed = claimDue();
                    if (!claimed.isEmpty()) {
                        to.takenOver(records.apply(claimed));
                    }
                    if (to.deliversEvents()) {
                        List<dev.statewright.api.store.OutboxEntry> orphaned = claimOrphanedOutbox();
                        if (!orphaned.isEmpty()) {
                            to.outboxTakenOver(orphaned);
                        }
                    }
                }
                if (inboxWanted) {
                    inboxWanted = false;
                    for (ForwardedInput input : takeInbox()) {
                        to.forwarded(input);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.getCount() == 0) {
                    break;
                }
                LOG.log(Level.WARNING, "Node " + nodeId + " could not keep its leases (" + PostgresStore.rootMessage(e)
                        + "); trying again", e);
                closeQuietly(listening);
                listening = null;
                try {
                    closed.await(Math.min(round, 1000), TimeUnit.MILLISECONDS); // not at once against a database that is down
                } catch (InterruptedException interrupted) {
                    // woken: go round again
                }
            }
        }
        closeQuietly(listening);
    }

    /** A connection of its own (not the pool's) that listens on the channel. */
    private Connection listen() throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        Connection connection = DriverManager.getConnection(url.jdbcUrl(), properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // gone already
        }
    }

    /**
     * Hands this node's leases back: they expire now, and the other nodes are told, so they take the
     * executions over at once (called once this node writes no more).
     */
    @Override
    public void close() {
        closed.countDown();
        wake();
        try {
            keeper.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            int handedBack;
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE leases SET expires_at = now() - interval '1 second' WHERE owner = ?")) {
                release.setString(1, nodeId);
                handedBack = release.executeUpdate();
                registry.stopped(connection); // listed as gone, stopped cleanly
                notify(connection, FREED);
            }
            connection.commit();
            held.clear();
            if (handedBack > 0) {
                LOG.info(() -> "Node " + nodeId + " handed back the leases of " + handedBack + " execution(s)");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Node " + nodeId + " could not hand its leases back; the other nodes take its"
                    + " executions over when the leases expire", e);
        }
    }
}
