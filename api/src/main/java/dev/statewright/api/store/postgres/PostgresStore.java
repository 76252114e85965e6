package dev.statewright.api.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.statewright.api.store.ActivityRecord;
import dev.statewright.api.store.DefinitionIds;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionQuery;
import dev.statewright.api.store.EventChunk;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.ExecutionSummary;
import dev.statewright.api.store.FencedWriteException;
import dev.statewright.api.store.ForwardedInput;
import dev.statewright.api.store.ForwardedReply;
import dev.statewright.api.store.InvalidCursorException;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.MapRunChildPage;
import dev.statewright.api.store.OutboxEntry;
import dev.statewright.api.store.MapRunChildRecord;
import dev.statewright.api.store.MapRunPage;
import dev.statewright.api.store.MapRunRecord;
import dev.statewright.api.store.NodeEvents;
import dev.statewright.api.store.NodeRecord;
import dev.statewright.api.store.RecordCodec;
import dev.statewright.api.store.Redrives;
import dev.statewright.api.store.SharedActivityTasks;
import dev.statewright.api.store.StateMachineAliasRecord;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoreUnavailableException;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store on a PostgreSQL database, which several Statewright nodes may share.
 *
 * <p>Writes: one committer thread takes every batch waiting and writes them in one transaction,
 * one commit for the group (group commit: the database's commit latency is paid once per group,
 * not per batch), then acknowledges each. A group the database refuses is tried again batch by
 * batch, so one bad batch fails alone.
 *
 * <p>Leases ({@link Leases}): a batch that writes an execution is stored only if the execution's
 * lease row names this node with the epoch it took, checked under a row lock in the batch's
 * transaction; otherwise it fails with {@link FencedWriteException} and nothing of it is written.
 */
public final class PostgresStore implements Store {
    private static final int MAX_BATCHES_PER_COMMIT = 2_000;
    private static final Logger LOG = Logger.getLogger(PostgresStore.class.getName());

    private final HikariDataSource pool;
    private final DefinitionIds definitionIds = new DefinitionIds();
    private final ChunkPacking packing = new ChunkPacking();
    private final SucceededRecords succeeded = new SucceededRecords(java.time.InstantSource.system());
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final Leases leases;
    private final PostgresActivityTasks activityTasks;
    private final Duration retention;
    /** Removes closed executions past the retention: a minute after the start, then every hour. */
    private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statewright-postgres-upkeep");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closing;

    /** A batch waiting for the committer, or the sign to stop. */
    /** A batch made ready for the committer (null: the store closes), and what its commit completes. */
    private record Pending(GroupWriter.Prepared prepared, CompletableFuture<Void> done) {
        boolean isClose() {
            return prepared == null;
        }
    }

    private PostgresStore(HikariDataSource pool, DatabaseUrl url, PostgresOptions options) {
        this.pool = pool;
        this.leases = new Leases(pool, url, options);
        this.activityTasks = new PostgresActivityTasks(pool, leases);
        this.retention = options.retention();
        this.committer = new Thread(this::commitLoop, "statewright-postgres-committer");
        this.committer.setDaemon(true);
        this.committer.start();
    }

    /**
     * Connects, brings the schema up to date and registers this node.
     *
     * @throws StoreUnavailableException when the database cannot be reached (the message says where and why)
     */
    /** The settings every session of a node starts with (pgjdbc's {@code options}); see {@link #open}. */
    static String sessionOptions(PostgresOptions options) {
        return "-c idle_in_transaction_session_timeout=" + options.lease().toMillis();
    }

    public static PostgresStore open(DatabaseUrl url, PostgresOptions options) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(options.poolSize());
        // A node paused inside a transaction (GC, a frozen VM) must not hold its row locks for the pause: the
        // owners of those lease rows could neither renew nor commit. Idle that long, it is ended; its writes
        // would be refused by then anyway, the lease having run out.
        config.addDataSourceProperty("options", sessionOptions(options));
        config.setMinimumIdle(1);
        config.setPoolName("statewright-postgres");
        config.setConnectionTimeout(options.connectTimeout().toMillis());
        config.setInitializationFailTimeout(1); // one try at the start: a database that is not there is said at once
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Cannot connect to the database " + url.shown() + ": "
                    + rootMessage(e), e);
        }
        try (Connection connection = pool.getConnection()) {
            Migrations.apply(connection);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StoreUnavailableException("Cannot bring the schema of " + url.shown() + " up to date: "
                    + rootMessage(e), e);
        }
        PostgresStore store = new PostgresStore(pool, url, options);
        try {
            store.leases.start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        if (store.retention != null) {
            store.upkeep.scheduleWithFixedDelay(store::expireQuietly, 60, 3600, TimeUnit.SECONDS);
        }
        return store;
    }

    // ---- upkeep ----

    private static final int EXPIRED_PER_TRANSACTION = 500;

    private void expireQuietly() {
        try {
            expire();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove expired executions (" + rootMessage(e) + "); trying again later", e);
        }
    }

    /**
     * Removes the executions that ended longer ago than the retention, with their events, journal,
     * Map Runs and their children, a few hundred per transaction. Nodes running it together skip
     * each other's rows. Definitions stay (small, and shared with live executions).
     *
     * @return how many were removed
     */
    public int expire() {
        if (retention == null || closing) {
            return 0;
        }
        update("DELETE FROM inbox_replies WHERE created_at < now() - interval '1 hour'"); // for nodes long gone
        Instant cutoff = Instant.now().minus(retention);
        long cutoffNanos = cutoff.getEpochSecond() * 1_000_000_000L + cutoff.getNano();
        int removed = 0;
        while (!closing) {
            int now = expireSome(cutoffNanos);
            removed += now;
            if (now < EXPIRED_PER_TRANSACTION) {
                break;
            }
        }
        if (removed > 0) {
            int total = removed;
            LOG.info(() -> "Removed " + total + " execution(s) that ended more than " + retention.toDays() + " day(s) ago");
        }
        return removed;
    }

    private void update(String sql) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw refusal(e);
        }
    }

    private int expireSome(long cutoffNanos) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<String> arns = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT arn FROM executions WHERE stop_nanos < ?"
                        + " AND status <> 'RUNNING' ORDER BY stop_nanos LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    select.setLong(1, cutoffNanos);
                    select.setInt(2, EXPIRED_PER_TRANSACTION);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            arns.add(rows.getString(1));
                        }
                    }
                }
                if (!arns.isEmpty()) {
                    java.sql.Array gone = connection.createArrayOf("text", arns.toArray());
                    for (String sql : List.of(
                            "DELETE FROM map_run_children WHERE map_run_arn IN (SELECT arn FROM map_runs WHERE execution_arn = ANY (?))",
                            "DELETE FROM map_runs WHERE execution_arn = ANY (?)",
                            "DELETE FROM event_chunks WHERE execution_arn = ANY (?)",
                            "DELETE FROM journal WHERE execution_arn = ANY (?)",
                            "DELETE FROM inbox WHERE execution_arn = ANY (?)",
                            "DELETE FROM executions WHERE arn = ANY (?)")) {
                        try (PreparedStatement delete = connection.prepareStatement(sql)) {
                            delete.setArray(1, gone);
                            delete.executeUpdate();
                        }
                    }
                }
                connection.commit();
                return arns.size();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw refusal(e);
        }
    }

    /** This node's id, as the leases name it. */
    public String nodeId() {
        return leases.nodeId();
    }

    /** The leases of this node: tests look at them. */
    Leases leases() {
        return leases;
    }

    // ---- writes ----

    @Override
    public CompletionStage<Void> commit(WriteBatch batch) {
        if (closing) {
            return CompletableFuture.failedFuture(new IllegalStateException("The store is closed"));
        }
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // Made ready on the caller's thread (packing events, writing records' JSON): the committer, one
        // thread that every batch waits for, keeps to the database's round trips.
        GroupWriter.Prepared prepared;
        try {
            prepared = GroupWriter.prepare(batch, definitionIds, packing);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(prepared, done));
        return done;
    }

    private void commitLoop() {
        while (true) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            List<Pending> taken = new ArrayList<>();
            taken.add(first);
            queue.drainTo(taken, MAX_BATCHES_PER_COMMIT);
            List<Pending> group = new ArrayList<>();
            for (Pending pending : taken) {
                if (!pending.isClose()) {
                    group.add(pending);
                    continue;
                }
                writeGroup(group);
                failAll(queue, new IllegalStateException("The store is closed"));
                pending.done().complete(null);
                return;
            }
            writeGroup(group);
        }
    }

    private static void failAll(BlockingQueue<Pending> queue, RuntimeException why) {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(pending -> pending.done().completeExceptionally(why));
    }

    private void writeGroup(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        List<GroupWriter.Prepared> prepared = group.stream().map(Pending::prepared).toList();
        try {
            tryGroupUntilNoConflict(group, prepared);
        } catch (SQLException | RuntimeException e) {
            if (group.size() > 1 && !isUnavailable(e)) {
                // One batch may be at fault: each alone, so the others still go down.
                for (int i = 0; i < group.size(); i++) {
                    try {
                        tryGroupUntilNoConflict(List.of(group.get(i)), List.of(prepared.get(i)));
                    } catch (SQLException | RuntimeException alone) {
                        group.get(i).done().completeExceptionally(refusal(alone));
                    }
                }
                return;
            }
            RuntimeException why = refusal(e);
            group.forEach(pending -> pending.done().completeExceptionally(why));
        }
    }

    /** How often a group aborted by a conflict with another transaction is tried again before it counts as refused. */
    private static final int CONFLICT_ATTEMPTS = 10;

    /**
     * {@link #tryGroup}, again when the database aborted it for a conflict with another
     * transaction (a deadlock; a serialization failure, which distributed SQL engines running
     * SERIALIZABLE raise where PostgreSQL would wait): nothing of it was written, and it goes
     * through once the other transaction is done.
     */
    private void tryGroupUntilNoConflict(List<Pending> group, List<GroupWriter.Prepared> prepared) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                tryGroup(group, prepared);
                return;
            } catch (SQLException | RuntimeException e) {
                if (!isConflict(e) || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                int tried = attempt;
                LOG.fine(() -> "A commit group conflicted with another transaction (" + rootMessage(e) + "); attempt "
                        + (tried + 1));
            }
        }
    }

    /** Whether the database aborted a transaction only for a conflict with another: serialization failure or deadlock. */
    static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One transaction for the group: fence, write, commit, then acknowledge. A group with no lease
     * row to read (it only starts executions) that writes only executions, their events and
     * journals is one statement in autocommit: a single round trip to the database, commit included.
     */
    private void tryGroup(List<Pending> group, List<GroupWriter.Prepared> prepared) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            // With no lease row to read, every batch is accepted: what the group writes is known before asking.
            GroupWrite unfenced = leases.fenceReads(prepared) ? null
                    : accepting(prepared, java.util.Collections.nCopies(prepared.size(), null));
            if (unfenced != null && unfenced.fitsOneStatement()) {
                connection.setAutoCommit(true);
                write(connection, unfenced);
                acknowledge(group, prepared, unfenced);
                return;
            }
            connection.setAutoCommit(false);
            try {
                GroupWrite fenced = unfenced != null ? unfenced : accepting(prepared, leases.fence(connection, prepared));
                write(connection, fenced);
                leases.writeDrops(connection, fenced.changes());
                connection.commit();
                acknowledge(group, prepared, fenced);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    /** What a group writes once the fence has said which batches it refuses (null: accepted). */
    private record GroupWrite(List<String> refusals, GroupWriter.Merged merged, Leases.Changes changes) {
        boolean fitsOneStatement() {
            return merged.fitsOneStatement() && changes.drop().isEmpty();
        }
    }

    private GroupWrite accepting(List<GroupWriter.Prepared> prepared, List<String> refusals) {
        List<GroupWriter.Prepared> accepted = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            if (refusals.get(i) == null) {
                accepted.add(prepared.get(i));
            }
        }
        return new GroupWrite(refusals, GroupWriter.merge(accepted), leases.changes(accepted));
    }

    private void write(Connection connection, GroupWrite write) throws SQLException {
        GroupWriter.write(connection, write.merged(), leases.owner(), write.changes().take(), leases.leaseSeconds());
    }

    /** After a group's commit: what it took and wrote is known here, then each batch is answered. */
    private void acknowledge(List<Pending> group, List<GroupWriter.Prepared> prepared, GroupWrite write) {
        leases.committed(write.changes());
        List<String> refusals = write.refusals();
        for (int i = 0; i < group.size(); i++) {
            String refused = refusals.get(i);
            if (refused == null) {
                GroupWriter.Prepared batch = prepared.get(i);
                definitionIds.stored(batch.newDefinitions());
                batch.batch().executions().values().forEach(succeeded::stored);
            }
        }
        for (int i = 0; i < group.size(); i++) {
            String refused = refusals.get(i);
            if (refused == null) {
                group.get(i).done().complete(null);
            } else {
                group.get(i).done().completeExceptionally(new FencedWriteException(refused));
            }
        }
    }

    static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the transaction with it
        }
    }

    /** Whether a failure means the database cannot be reached or is going away, rather than a bad write. */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P: the server shutting down; 53: out of resources (disk, memory);
                // 25P03: the server ended a session left idle in a transaction (a node paused mid-group): nothing
                // of the group was written, and the node may write again once it holds its leases again.
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.equals("25P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    static RuntimeException refusal(Throwable failure) {
        if (failure instanceof StoreUnavailableException unavailable) {
            return unavailable;
        }
        if (isUnavailable(failure)) {
            return new StoreUnavailableException("The database cannot take writes now: " + rootMessage(failure), failure);
        }
        return new IllegalStateException("The database refused a write: " + rootMessage(failure), failure);
    }

    static String rootMessage(Throwable failure) {
        Throwable last = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                last = cause;
            }
        }
        return last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
    }

    // ---- reads ----

    /** A read that needs a connection; the database's faults become the store's. */
    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        try (Connection connection = pool.getConnection()) {
            return read.run(connection);
        } catch (SQLException e) {
            if (isUnavailable(e)) {
                throw new StoreUnavailableException("The database cannot answer now: " + rootMessage(e), e);
            }
            throw new IllegalStateException("The database refused a read: " + rootMessage(e), e);
        }
    }

    private <T> List<T> texts(String sql, java.util.function.Function<String, T> decode) {
        return read(connection -> {
            List<T> all = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    all.add(decode.apply(rows.getString(1)));
                }
            }
            return all;
        });
    }

    @Override
    public Collection<StateMachineRecord> stateMachines() {
        return texts("SELECT record FROM state_machines ORDER BY arn", RecordCodec::readStateMachine);
    }

    @Override
    public Optional<StateMachineRecord> stateMachine(String arn) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT record FROM state_machines WHERE arn = ?")) {
                statement.setString(1, arn);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(RecordCodec.readStateMachine(rows.getString(1)))
                            : Optional.<StateMachineRecord>empty();
                }
            }
        });
    }

    @Override
    public Collection<ActivityRecord> activities() {
        return texts("SELECT record FROM activities ORDER BY arn", RecordCodec::readActivity);
    }

    @Override
    public Collection<StateMachineAliasRecord> aliases() {
        return texts("SELECT record FROM aliases ORDER BY arn", RecordCodec::readAlias);
    }

    private static final String EXECUTION_WITH_DEFINITION = "SELECT e.record, d.id, d.definition FROM executions e"
            + " JOIN definitions d ON d.id = e.definition_id";

    /**
     * A record that succeeded here lately from memory ({@link SucceededRecords}); else the record
     * alone, its definition from those this node knows: DescribeExecution is called over and over
     * while an execution runs, and the definition's text is most of what a join would read.
     */
    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        Optional<ExecutionRecord> ended = succeeded.get(arn);
        if (ended.isPresent()) {
            return ended;
        }
        return read(connection -> {
            String record;
            String definitionId;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT record, definition_id FROM executions WHERE arn = ?")) {
                statement.setString(1, arn);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<ExecutionRecord>empty();
                    }
                    record = rows.getString(1);
                    definitionId = rows.getString(2);
                }
            }
            String definition = definitionText(connection, definitionId);
            return Optional.of(RecordCodec.readExecution(record, wanted -> wanted.equals(definitionId) ? definition : null));
        });
    }

    private String definitionText(Connection connection, String id) throws SQLException {
        String known = definitionIds.textOf(id);
        if (known != null) {
            return known;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT definition FROM definitions WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String text = rows.getString(1);
                definitionIds.read(id, text);
                return text;
            }
        }
    }

    private static ExecutionRecord executionOf(ResultSet rows) throws SQLException {
        String id = rows.getString(2);
        String definition = rows.getString(3);
        return RecordCodec.readExecution(rows.getString(1), wanted -> wanted.equals(id) ? definition : null);
    }

    @Override
    public List<ExecutionRecord> runningExecutions() {
        return read(connection -> {
            List<ExecutionRecord> running = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    EXECUTION_WITH_DEFINITION + " WHERE e.status = 'RUNNING' ORDER BY e.start_nanos");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    running.add(executionOf(rows));
                }
            }
            return running;
        });
    }

    /** The running executions among these ARNs, with their records (a takeover resumes them). */
    List<ExecutionRecord> runningExecutions(Collection<String> arns) {
        if (arns.isEmpty()) {
            return List.of();
        }
        return read(connection -> {
            List<ExecutionRecord> running = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    EXECUTION_WITH_DEFINITION + " WHERE e.status = 'RUNNING' AND e.arn = ANY (?) ORDER BY e.start_nanos")) {
                statement.setArray(1, connection.createArrayOf("text", arns.toArray()));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        running.add(executionOf(rows));
                    }
                }
            }
            return running;
        });
    }

    @Override
    public boolean sharedWithOtherNodes() {
        return true;
    }

    @Override
    public List<ExecutionRecord> claimRunningExecutions() {
        return runningExecutions(leases.claimDue());
    }

    @Override
    public void coordinate(NodeEvents events) {
        leases.listen(events, this::runningExecutions);
    }

    @Override
    public boolean drivesHere(String executionArn) {
        return leases.stillHeld(executionArn);
    }

    @Override
    public Optional<SharedActivityTasks> sharedActivityTasks() {
        return Optional.of(activityTasks);
    }

    @Override
    public Optional<CompletableFuture<ForwardedReply>> forwardForReply(String executionArn, String kind, String body) {
        return Optional.ofNullable(leases.forwardForReply(executionArn, kind, body));
    }

    @Override
    public void reply(ForwardedInput input, ForwardedReply reply) {
        leases.reply(input, reply);
    }

    @Override
    public boolean forward(String executionArn, String kind, String body) {
        return leases.forward(executionArn, kind, body);
    }

    @Override
    public ExecutionPage executions(ExecutionQuery query) {
        StringBuilder sql = new StringBuilder("SELECT arn, name, state_machine_arn, state_machine_name, status,"
                + " start_nanos, stop_nanos, version_arn, alias_arn, redrive_count, redrive_nanos FROM executions WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (query.stateMachineArn() != null) {
            sql.append(" AND state_machine_arn = ?");
            parameters.add(query.stateMachineArn());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status().name());
        }
        if (query.nameContains() != null) {
            sql.append(" AND strpos(lower(name), lower(?)) > 0");
            parameters.add(query.nameContains());
        }
        if (query.startedThrough() != null) {
            sql.append(" AND (version_arn = ? OR alias_arn = ?)");
            parameters.add(query.startedThrough());
            parameters.add(query.startedThrough());
        }
        if (query.redriven() != null) {
            sql.append(query.redriven() ? " AND redrive_count > 0" : " AND redrive_count = 0");
        }
        if (query.cursor() != null) {
            ExecutionCursor after = ExecutionCursor.decode(query.cursor());
            sql.append(" AND (start_nanos, arn) < (?, ?)");
            parameters.add(after.startNanos());
            parameters.add(after.arn());
        }
        sql.append(" ORDER BY start_nanos DESC, arn DESC LIMIT ?");
        parameters.add(query.pageSize() + 1);
        return read(connection -> {
            List<ExecutionSummary> page = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        page.add(summaryOf(rows));
                    }
                }
            }
            if (page.size() <= query.pageSize()) {
                return new ExecutionPage(page, null);
            }
            List<ExecutionSummary> shown = page.subList(0, query.pageSize());
            ExecutionSummary last = shown.get(shown.size() - 1);
            return new ExecutionPage(List.copyOf(shown),
                    new ExecutionCursor(GroupWriter.nanos(last.startDate()), last.arn()).encode());
        });
    }

    @Override
    public List<NodeRecord> nodes() {
        return read(leases.registry()::list);
    }

    /** The lease rows name each execution's node; the page is ordered as every list of executions, with the same cursor. */
    @Override
    public ExecutionPage executionsDrivenBy(String nodeId, int pageSize, String cursor) {
        ExecutionCursor after = cursor == null ? null : ExecutionCursor.decode(cursor);
        String sql = "SELECT e.arn, e.name, e.state_machine_arn, e.state_machine_name, e.status, e.start_nanos,"
                + " e.stop_nanos, e.version_arn, e.alias_arn, e.redrive_count, e.redrive_nanos FROM leases l"
                + " JOIN executions e ON e.arn = l.execution_arn WHERE l.owner = ?"
                + (after == null ? "" : " AND (e.start_nanos, e.arn) < (?, ?)")
                + " ORDER BY e.start_nanos DESC, e.arn DESC LIMIT ?";
        return read(connection -> {
            List<ExecutionSummary> page = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                statement.setString(i++, nodeId);
                if (after != null) {
                    statement.setLong(i++, after.startNanos());
                    statement.setString(i++, after.arn());
                }
                statement.setInt(i, pageSize + 1);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        page.add(summaryOf(rows));
                    }
                }
            }
            if (page.size() <= pageSize) {
                return new ExecutionPage(page, null);
            }
            ExecutionSummary last = page.get(pageSize - 1);
            return new ExecutionPage(List.copyOf(page.subList(0, pageSize)),
                    new ExecutionCursor(GroupWriter.nanos(last.startDate()), last.arn()).encode());
        });
    }

    @Override
    public Optional<String> driverOf(String executionArn) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT owner FROM leases WHERE execution_arn = ?")) {
                statement.setString(1, executionArn);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Only shown in the list of nodes: a database that cannot take it now costs a warning, not the start. */
    @Override
    public void serving(String address) {
        try {
            read(connection -> {
                leases.registry().serving(connection, address);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write where node " + nodeId() + " serves (" + address + ") to the list of"
                    + " nodes: " + rootMessage(e), e);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else if (value instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }

    private static ExecutionSummary summaryOf(ResultSet rows) throws SQLException {
        long stop = rows.getLong(7);
        Instant stopDate = rows.wasNull() ? null : GroupWriter.instant(stop);
        long redriveNanos = rows.getLong(11);
        Instant redriveDate = rows.wasNull() ? null : GroupWriter.instant(redriveNanos);
        return new ExecutionSummary(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                ExecutionStatus.valueOf(rows.getString(5)), GroupWriter.instant(rows.getLong(6)), stopDate,
                rows.getString(8), rows.getString(9), new Redrives(rows.getInt(10), redriveDate));
    }

    /** Where a page of executions ended: the last one's start and ARN (the order's two keys). */
    private record ExecutionCursor(long startNanos, String arn) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("e1\n" + startNanos + "\n" + arn).getBytes(StandardCharsets.UTF_8));
        }

        static ExecutionCursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
                if (parts.length != 3 || !parts[0].equals("e1")) {
                    throw new InvalidCursorException(cursor);
                }
                return new ExecutionCursor(Long.parseLong(parts[1]), parts[2]);
            } catch (IllegalArgumentException e) {
                throw e instanceof InvalidCursorException invalid ? invalid : new InvalidCursorException(cursor);
            }
        }
    }

    @Override
    public Map<ExecutionStatus, Long> executionCounts(String stateMachineArn) {
        Map<ExecutionStatus, Long> counts = new EnumMap<>(ExecutionStatus.class);
        for (ExecutionStatus status : ExecutionStatus.values()) {
            counts.put(status, 0L);
        }
        String sql = "SELECT status, count(*) FROM executions"
                + (stateMachineArn == null ? "" : " WHERE state_machine_arn = ?") + " GROUP BY status";
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (stateMachineArn != null) {
                    statement.setString(1, stateMachineArn);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        counts.put(ExecutionStatus.valueOf(rows.getString(1)), rows.getLong(2));
                    }
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<MapRunRecord> mapRun(String arn) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT record FROM map_runs WHERE arn = ?")) {
                statement.setString(1, arn);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(RecordCodec.readMapRun(rows.getString(1))) : Optional.<MapRunRecord>empty();
                }
            }
        });
    }

    @Override
    public MapRunPage mapRuns(String executionArn, int pageSize, String cursor) {
        MapRunCursor after = cursor == null ? null : MapRunCursor.decode(cursor, executionArn);
        String sql = "SELECT record, start_nanos, arn FROM map_runs WHERE execution_arn = ?"
                + (after == null ? "" : " AND (start_nanos, arn) < (?, ?)") + " ORDER BY start_nanos DESC, arn DESC LIMIT ?";
        return read(connection -> {
            List<MapRunRecord> page = new ArrayList<>();
            long lastStart = 0;
            String lastArn = null;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                statement.setString(i++, executionArn);
                if (after != null) {
                    statement.setLong(i++, after.startNanos());
                    statement.setString(i++, after.arn());
                }
                statement.setInt(i, pageSize + 1);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (page.size() == pageSize) {
                            return new MapRunPage(page, new MapRunCursor(executionArn, lastStart, lastArn).encode());
                        }
                        page.add(RecordCodec.readMapRun(rows.getString(1)));
                        lastStart = rows.getLong(2);
                        lastArn = rows.getString(3);
                    }
                }
            }
            return new MapRunPage(page, null);
        });
    }

    @Override
    public Optional<MapRunChildRecord> mapRunChild(String executionArn) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT record FROM map_run_children WHERE arn = ?")) {
                statement.setString(1, executionArn);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(RecordCodec.readMapRunChild(rows.getString(1)))
                            : Optional.<MapRunChildRecord>empty();
                }
            }
        });
    }

    @Override
    public MapRunChildPage mapRunChildren(String mapRunArn, ExecutionStatus status, int pageSize, String cursor) {
        Integer before = cursor == null ? null : ChildCursor.decode(cursor, mapRunArn);
        String sql = "SELECT record, item_index FROM map_run_children WHERE map_run_arn = ?"
                + (status == null ? "" : " AND status = ?") + (before == null ? "" : " AND item_index < ?")
                + " ORDER BY item_index DESC LIMIT ?";
        return read(connection -> {
            List<MapRunChildRecord.Summary> page = new ArrayList<>();
            int last = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                statement.setString(i++, mapRunArn);
                if (status != null) {
                    statement.setString(i++, status.name());
                }
                if (before != null) {
                    statement.setInt(i++, before);
                }
                statement.setInt(i, pageSize + 1);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (page.size() == pageSize) {
                            return new MapRunChildPage(page, ChildCursor.encode(mapRunArn, last));
                        }
                        page.add(RecordCodec.readMapRunChild(rows.getString(1)).summary());
                        last = rows.getInt(2);
                    }
                }
            }
            return new MapRunChildPage(page, null);
        });
    }

    @Override
    public List<OutboxEntry> outbox(String afterKey, int limit) {
        String arn = null;
        long eventId = 0;
        if (afterKey != null) {
            arn = OutboxEntry.executionArnOf(afterKey);
            eventId = OutboxEntry.eventIdOf(afterKey);
        }
        // Ordered as the entries' keys sort (code point order: COLLATE "C"), so a page goes on where the last ended.
        // This node's entries only: the others deliver theirs, and take over those of nodes that died.
        String sql = "SELECT execution_arn, event_id, json FROM outbox WHERE node_id = ?"
                + (afterKey == null ? "" : " AND (execution_arn COLLATE \"C\", event_id) > (? COLLATE \"C\", ?)")
                + " ORDER BY execution_arn COLLATE \"C\", event_id LIMIT ?";
        String after = arn;
        long afterId = eventId;
        return read(connection -> {
            List<OutboxEntry> entries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int i = 1;
                statement.setString(i++, leases.nodeId());
                if (after != null) {
                    statement.setString(i++, after);
                    statement.setLong(i++, afterId);
                }
                statement.setInt(i, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new OutboxEntry(OutboxEntry.key(rows.getString(1), rows.getLong(2)), rows.getString(3)));
                    }
                }
            }
            return entries;
        });
    }

    /** Where a page of a Map Run's children ended (the last index listed); it names the run, so another's list refuses it. */
    private static final class ChildCursor {
        static String encode(String mapRunArn, int lastIndex) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("c1\n" + mapRunArn + "\n" + lastIndex).getBytes(StandardCharsets.UTF_8));
        }

        static int decode(String cursor, String mapRunArn) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
                if (parts.length != 3 || !parts[0].equals("c1") || !parts[1].equals(mapRunArn)) {
                    throw new InvalidCursorException(cursor);
                }
                return Integer.parseInt(parts[2]);
            } catch (IllegalArgumentException e) {
                throw e instanceof InvalidCursorException invalid ? invalid : new InvalidCursorException(cursor);
            }
        }
    }

    /** Where a page of an execution's Map Runs ended; it names the execution, so another's list refuses it. */
    private record MapRunCursor(String executionArn, long startNanos, String arn) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("m1\n" + executionArn + "\n" + startNanos + "\n" + arn).getBytes(StandardCharsets.UTF_8));
        }

        static MapRunCursor decode(String cursor, String executionArn) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 4);
                if (parts.length != 4 || !parts[0].equals("m1") || !parts[1].equals(executionArn)) {
                    throw new InvalidCursorException(cursor);
                }
                return new MapRunCursor(parts[1], Long.parseLong(parts[2]), parts[3]);
            } catch (IllegalArgumentException e) {
                throw e instanceof InvalidCursorException invalid ? invalid : new InvalidCursorException(cursor);
            }
        }
    }

    @Override
    public List<StoredEvent> events(String executionArn, long fromId, int limit) {
        return read(connection -> {
            List<StoredEvent> events = new ArrayList<>();
            // Ids run without gaps, so the page [fromId, fromId + limit) is in the chunks overlapping it.
            try (PreparedStatement statement = connection.prepareStatement("SELECT first_id, zstd, body FROM event_chunks"
                    + " WHERE execution_arn = ? AND first_id < ? AND last_id >= ? ORDER BY first_id")) {
                statement.setString(1, executionArn);
                statement.setLong(2, fromId + limit);
                statement.setLong(3, fromId);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next() && events.size() < limit) {
                        EventChunk.readEvents(lines(executionArn, rows), fromId, limit, events);
                    }
                }
            }
            return events;
        });
    }

    @Override
    public long lastEventId(String executionArn) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT last_id FROM event_chunks"
                    + " WHERE execution_arn = ? ORDER BY first_id DESC LIMIT 1")) {
                statement.setString(1, executionArn);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0;
                }
            }
        });
    }

    @Override
    public List<String> eventTypes(String executionArn) {
        return read(connection -> {
            List<String> types = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT first_id, zstd, body FROM event_chunks WHERE execution_arn = ? ORDER BY first_id")) {
                statement.setString(1, executionArn);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        types.addAll(EventChunk.types(lines(executionArn, rows)));
                    }
                }
            }
            return types;
        });
    }

    /** The lines of the chunk a row of {@code first_id, zstd, body} holds. */
    private static String lines(String executionArn, ResultSet row) throws SQLException {
        return ChunkPacking.unpack(row.getBoolean(2), row.getBytes(3), executionArn, row.getLong(1));
    }

    @Override
    public List<JournalEntry> journal(String executionArn, long fromSequence, int limit) {
        return read(connection -> {
            List<JournalEntry> entries = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("SELECT sequence, time_nanos, json FROM journal"
                    + " WHERE execution_arn = ? AND sequence >= ? ORDER BY sequence LIMIT ?")) {
                statement.setString(1, executionArn);
                statement.setLong(2, fromSequence);
                statement.setInt(3, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new JournalEntry(rows.getLong(1), rows.getLong(2), rows.getString(3)));
                    }
                }
            }
            return entries;
        });
    }

    /**
     * Stops: the batches handed in before go down, later ones are refused; then this node's leases
     * are handed back (expired at once, the other nodes told), so its executions move on without
     * waiting for the leases to run out.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        upkeep.shutdownNow();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        queue.add(new Pending(null, stopped));
        try {
            stopped.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.WARNING, "The PostgreSQL store's last writes did not finish", e);
        }
        committer.interrupt();
        try {
            leases.close();
        } finally {
            pool.close();
            packing.close();
        }
    }

    /** The column types used when a value may be null. */
    static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** The executions a batch writes something of (record, events, journal, Map Runs). */
    static Set<String> executionsOf(WriteBatch batch, Map<String, ?> events) {
        Set<String> arns = new HashSet<>(batch.executions().keySet());
        arns.addAll(events.keySet());
        arns.addAll(batch.journal().keySet());
        batch.mapRuns().values().forEach(run -> arns.add(run.executionArn()));
        return arns;
    }
}
