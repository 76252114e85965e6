package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * The embedded store: a write-ahead log that makes batches durable, and a MapDB index that
 * answers reads.
 *
 * <p>One committer thread takes every batch waiting, appends them to the log and syncs it once
 * (group commit), and reports them committed. An indexer thread then applies them to the index,
 * while the committer syncs the next group; a read waits until the index holds everything
 * acknowledged before it began.
 *
 * <p>The log is the record; the index is a view of it, written in place without MapDB's own
 * transactions (whose journal wrote many times the data to disk and took the service's time).
 * A clean close leaves a {@link CleanCloseMark} with the log position the index holds, and
 * opening replays the log after it. Without the mark (a crash, a kill, an index that failed), the
 * index file may be torn, so it is thrown away and rebuilt from the log: nothing acknowledged is
 * lost, and nothing is applied twice.
 *
 * <p>Faults: a group the log cannot write fails (its batches were not acknowledged) and the next
 * group tries again. A batch the index cannot take (a full disk under its file) makes the store
 * unavailable, reads and writes alike, rather than acknowledge what no read would find; it then
 * rebuilds its index from the log by itself, again and again until the cause is gone.
 *
 * <p>Upkeep: closed executions expire after the retention period, and the oldest segment is
 * compacted (what is live in it copied to the head, then the file deleted) once it is mostly dead.
 */
public final class MapDbStore implements Store {
    private static final int MAX_BATCHES_PER_COMMIT = 10_000;
    private static final String INDEX_FILE = "index.db";
    private static final String REBUILDING_FILE = "rebuilding-index.db";
    /** Says the directory is in this format: without it, an older Statewright wrote it. */
    private static final String FORMAT_FILE = "store.format";
    private static final String FORMAT = "2";
    private static final long READ_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int EXPIRED_PER_BATCH = 500;
    /** Child executions of Map Runs removed by one batch of expiry at most (a run may have a million). */
    private static final int CHILDREN_EXPIRED_PER_BATCH = 20_000;
    /** A replay or rebuild writes what lists need after this many batches (a group's worth, at most). */
    private static final int FLUSH_EVERY_BATCHES = 1000;
    /** The most bytes of a segment one compaction step reads before letting writes go again. */
    private static final int COMPACTION_SLICE_BYTES = 4 << 20;
    private static final Logger LOG = Logger.getLogger(MapDbStore.class.getName());

    private final Path directory; // null in memory, with the log: nothing there outlives the process anyway
    private final DataDirectoryLock lock;
    private final WriteAheadLog log;
    private final StoreOptions options;
    private final Compression compression = new Compression();
    private final DefinitionIds definitionIds = new DefinitionIds();
    private final Recovery recovery;
    private volatile MapDbIndex index;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<IndexerWork> toIndex = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final Thread indexer;
    private final ScheduledExecutorService maintenance;
    /** Appends and index rebuilds exclude each other: a rebuild reads a log that does not move. */
    private final Object appendLock = new Object();
    /** Groups made durable in the log, and groups applied to the index; guarded by {@code progress}. */
    private final Object progress = new Object();
    private long durableGroups;
    private long indexedGroups;
    /** Why the index cannot be trusted now (it failed to take a batch); null while it is whole. */
    private volatile Throwable indexFault;
    private long rebuildDelayMillis = 500;
    private final java.util.function.Consumer<LoggedBatch> beforeIndexing;
    private volatile boolean closing;
    private volatile CommitObserver commitObserver = (batches, nanos) -> { };
    /** This process, the only node that drives the store's executions. */
    private final LocalNode node = new LocalNode();

    /** Told of each group of batches made durable together (metrics); called on the committer, so it must be quick. */
    public interface CommitObserver {
        void groupCommitted(int batches, long nanos);
    }

    /** Who hears of each group commit (one observer; the service's metrics). */
    public void observeCommits(CommitObserver observer) {
        commitObserver = observer;
    }

    /** What the committer is asked to do, in order. */
    private sealed interface Request {
    }

    /** A batch, already laid out (and, with a log, encoded and compressed) by the thread that handed it in. */
    private record Write(List<IndexChange> changes, PreparedBatch prepared, Map<String, String> newDefinitions,
                         CompletableFuture<Void> done) implements Request {
    }

    /** Copy what is live in a slice of a segment to the head; the last slice deletes the segment. */
    private record Compact(long segment, long from, CompletableFuture<Void> done) implements Request {
    }

    private record Close(CompletableFuture<Void> done) implements Request {
    }

    /** What the indexer is given: groups to apply, a rebuild, or the end. */
    private sealed interface IndexerWork {
    }

    private record DurableGroup(List<LoggedBatch> batches, long sequence) implements IndexerWork {
    }

    private record Rebuild() implements IndexerWork {
    }

    private record Stop() implements IndexerWork {
    }

    /** How opening went: whether the index was rebuilt from the whole log, and how many batches were replayed. */
    public record Recovery(boolean rebuilt, long batchesReplayed, long millis) {
    }

    public static MapDbStore open(Path directory) {
        return open(directory, StoreOptions.defaults());
    }

    /**
     * Opens (or creates) the store in {@code directory}: the index as it was closed, with the log
     * past it replayed, or, after an unclean stop, a new index built from the whole log.
     *
     * @throws DataDirectoryLock.DataDirectoryInUseException when another process has the directory open
     * @throws StoreDamagedException when the log is damaged (run {@code statewright repair})
     */
    public static MapDbStore open(Path directory, StoreOptions options) {
        return open(directory, options, UnaryOperator.identity());
    }

    /** As {@link #open(Path, StoreOptions)}, with the log's append channels passed through {@code appendChannels} (tests make them fail). */
    static MapDbStore open(Path directory, StoreOptions options, UnaryOperator<FileChannel> appendChannels) {
        return open(directory, options, appendChannels, batch -> { });
    }

    /** As above, with {@code beforeIndexing} run before each durable batch reaches the index (tests make it fail). */
    static MapDbStore open(Path directory, StoreOptions options, UnaryOperator<FileChannel> appendChannels,
                           java.util.function.Consumer<LoggedBatch> beforeIndexing) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
        WriteAheadLog log = null;
        MapDbIndex index = null;
        try {
            log = WriteAheadLog.open(directory.resolve("log"), options.segmentBytes(), appendChannels);
            boolean current = FORMAT.equals(readFormat(directory));
            Optional<LogPosition> closedAt = CleanCloseMark.take(directory)
                    .filter(position -> current && Files.exists(directory.resolve(INDEX_FILE)));
            if (closedAt.isPresent()) {
                try {
                    index = MapDbIndex.open(directory.resolve(INDEX_FILE), log);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The index in " + directory + " was closed cleanly but does not open; rebuilding it", e);
                    closedAt = Optional.empty();
                }
            }
            Recovery recovery;
            if (closedAt.isPresent()) {
                recovery = replay(log, index, closedAt.get(), false);
            } else {
                if (!current) {
                    requireWholeLog(directory, log);
                }
                // Built beside the old index, which takes its place only once the whole log has been read:
                // a start refused for damage leaves the old one, the only other account of what the damage held.
                Path rebuilding = directory.resolve(REBUILDING_FILE);
                Files.deleteIfExists(rebuilding);
                index = MapDbIndex.open(rebuilding, log);
                recovery = replay(log, index, new LogPosition(0, 0), true);
                index.sync();
                index.close();
                index = null;
                deleteIndexFiles(directory);
                Files.move(rebuilding, directory.resolve(INDEX_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                WriteAheadLog.syncDirectory(directory);
                index = MapDbIndex.open(directory.resolve(INDEX_FILE), log);
            }
            writeFormat(directory);
            return new MapDbStore(directory, lock, log, index, options, recovery, beforeIndexing);
        } catch (IOException e) {
            closeAll(index, log, lock);
            throw new UncheckedIOException("Cannot rebuild the index of " + directory, e);
        } catch (RuntimeException | Error e) {
            closeAll(index, log, lock);
            throw e;
        }
    }

    private static void closeAll(MapDbIndex index, WriteAheadLog log, DataDirectoryLock lock) {
        try {
            if (index != null) {
                index.close(); // releases the file for whoever repairs the directory
            }
            if (log != null) {
                log.close();
            }
        } catch (RuntimeException | Error ignored) {
            // the opening's own failure is the one to report
        } finally {
            lock.close();
        }
    }

    /** A store in memory, for tests and one-off runs. */
    public static MapDbStore inMemory() {
        return new MapDbStore(null, null, null, MapDbIndex.inMemory(), StoreOptions.defaults().withRetention(null),
                new Recovery(false, 0, 0), batch -> { });
    }

    private static String readFormat(Path directory) {
        try {
            Path file = directory.resolve(FORMAT_FILE);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + directory.resolve(FORMAT_FILE), e);
        }
    }

    private static void writeFormat(Path directory) {
        if (FORMAT.equals(readFormat(directory))) {
            return;
        }
        try {
            Files.writeString(directory.resolve(FORMAT_FILE), FORMAT + "\n", StandardCharsets.US_ASCII);
            WriteAheadLog.syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + directory.resolve(FORMAT_FILE), e);
        }
    }

    /**
     * A rebuild needs the log from its first segment. Stores written before the log was kept whole
     * dropped old segments: rebuilding from what is left would silently lose executions. (Since
     * then only compaction removes segments, after copying what they held that is live.)
     */
    private static void requireWholeLog(Path directory, WriteAheadLog log) {
        List<Long> segments = log.segments();
        if (!segments.isEmpty() && segments.get(0) != 0) {
            throw new IllegalStateException("The data directory " + directory + " holds an index that was not closed"
                    + " cleanly and a log that no longer reaches back to its start (it begins at segment "
                    + segments.get(0) + "); it was written by an older Statewright and cannot be recovered by this one");
        }
    }

    private static void deleteIndexFiles(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(INDEX_FILE)).toList()) {
                Files.delete(file); // with MapDB's journal files from older versions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the unclean index in " + directory, e);
        }
    }

    /** Brings the index up to the end of the log. */
    private static Recovery replay(WriteAheadLog log, MapDbIndex index, LogPosition from, boolean rebuild) {
        long started = System.nanoTime();
        long[] batches = {0};
        log.replay(from, batch -> {
            index.apply(batch);
            if (++batches[0] % FLUSH_EVERY_BATCHES == 0) {
                index.flush();
            }
        });
        index.flush();
        Recovery done = new Recovery(rebuild, batches[0], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (rebuild && done.batchesReplayed() > 0) {
            LOG.info(() -> "The index was not closed cleanly: rebuilt it from the log (" + done.batchesReplayed()
                    + " batches in " + done.millis() + " ms)");
        }
        return done;
    }

    private MapDbStore(Path directory, DataDirectoryLock lock, WriteAheadLog log, MapDbIndex index, StoreOptions options,
                       Recovery recovery, java.util.function.Consumer<LoggedBatch> beforeIndexing) {
        this.beforeIndexing = beforeIndexing;
        this.directory = directory;
        this.lock = lock;
        this.log = log;
        this.index = index;
        this.options = options;
        this.recovery = recovery;
        this.committer = new Thread(this::commitLoop, "statewright-store-committer");
        this.committer.setDaemon(true);
        this.indexer = new Thread(this::indexLoop, "statewright-store-indexer");
        this.indexer.setDaemon(true);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "statewright-store-upkeep");
            thread.setDaemon(true);
            return thread;
        });
        if (log != null) {
            this.indexer.start();
            long every = options.maintenanceInterval().toMillis();
            maintenance.scheduleWithFixedDelay(this::upkeep, every, every, TimeUnit.MILLISECONDS);
        }
        this.committer.start();
    }

    /** How opening this store went. */
    public Recovery recovery() {
        return recovery;
    }

    // ---- writes ----

    @Override
    public CompletionStage<Void> commit(WriteBatch batch) {
        if (batch.isEmpty()) {
            return closing ? refusedAsClosed() : CompletableFuture.completedFuture(null);
        }
        IndexLayout.LaidOut laidOut;
        try {
            // Here, so callers share the work the committer would do alone.
            laidOut = IndexLayout.changes(batch, definitionIds);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(laidOut.changes(), laidOut.newDefinitions());
    }

    private CompletableFuture<Void> submit(List<IndexChange> changes, Map<String, String> newDefinitions) {
        if (closing) {
            return refusedAsClosed();
        }
        Throwable fault = indexFault;
        if (fault != null) {
            return CompletableFuture.failedFuture(unavailable(fault));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        PreparedBatch prepared;
        try {
            prepared = log == null ? null : PreparedBatch.of(changes, compression);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        queue.add(new Write(changes, prepared, newDefinitions, done));
        return done;
    }

    private static CompletableFuture<Void> refusedAsClosed() {
        return CompletableFuture.failedFuture(new IllegalStateException("The store is closed"));
    }

    private StoreUnavailableException unavailable(Throwable fault) {
        return new StoreUnavailableException("The store's index could not take a write (" + describe(fault)
                + "); it is being rebuilt from the log, and the store takes requests again once that succeeds", fault);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private void commitLoop() {
        List<Write> group = new ArrayList<>();
        while (true) {
            Request first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            List<Request> taken = new ArrayList<>();
            taken.add(first);
            queue.drainTo(taken, MAX_BATCHES_PER_COMMIT);
            for (Request request : taken) {
                if (request instanceof Write write) {
                    group.add(write);
                    continue;
                }
                commitGroup(group); // what came before a request goes down before it
                group.clear();
                if (request instanceof Compact compact) {
                    compactStep(compact);
                } else if (request instanceof Close close) {
                    finishClosing();
                    close.done().complete(null);
                    return;
                }
            }
            commitGroup(group);
            group.clear();
        }
    }

    private void commitGroup(List<Write> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        long began = System.nanoTime();
        if (log == null) {
            for (Write write : accepted) {
                try {
                    index.apply(new LoggedBatch(write.changes(), -1, -1, 0, null));
                    index.flush();
                    write.done().complete(null);
                } catch (RuntimeException e) {
                    write.done().completeExceptionally(e);
                }
            }
            commitObserver.groupCommitted(accepted.size(), System.nanoTime() - began);
            return;
        }
        Throwable fault = indexFault;
        if (fault != null) {
            accepted.forEach(write -> write.done().completeExceptionally(unavailable(fault)));
            return;
        }
        List<LoggedBatch> logged;
        long sequence;
        try {
            synchronized (appendLock) {
                logged = log.appendPrepared(accepted.stream().map(Write::prepared).toList());
                synchronized (progress) {
                    sequence = ++durableGroups;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // Not written (the log zeroed what it had begun): nobody was told otherwise, and the next group tries again.
            StoreUnavailableException failure = new StoreUnavailableException("The store could not write to its log: "
                    + describe(e), e);
            accepted.forEach(write -> write.done().completeExceptionally(failure));
            return;
        }
        // Durable now. The index takes the group on its own thread, while the next group goes to the log.
        commitObserver.groupCommitted(accepted.size(), System.nanoTime() - began);
        toIndex.add(new DurableGroup(logged, sequence));
        for (Write write : accepted) {
            definitionIds.stored(write.newDefinitions());
            write.done().complete(null);
        }
    }

    // ---- the index ----

    private void indexLoop() {
        while (true) {
            IndexerWork work;
            try {
                work = toIndex.take();
            } catch (InterruptedException e) {
                return;
            }
            if (work instanceof Stop) {
                return;
            }
            if (work instanceof Rebuild) {
                rebuildIndex();
                continue;
            }
            DurableGroup group = (DurableGroup) work;
            synchronized (progress) {
                if (group.sequence() <= indexedGroups) {
                    continue; // a rebuild from the log took it already
                }
            }
            if (indexFault != null) {
                continue; // the rebuild will take it from the log
            }
            try {
                for (LoggedBatch batch : group.batches()) {
                    beforeIndexing.accept(batch);
                    index.apply(batch);
                }
                index.flush();
            } catch (RuntimeException | Error e) {
                // The batch is safe in the log, but the index may now be torn halfway through a change
                // (a full disk under its memory-mapped file fails as an InternalError): trust none of it.
                LOG.log(Level.SEVERE, "The store's index could not take a stored batch; rebuilding it from the log", e);
                indexFault = e;
                synchronized (progress) {
                    progress.notifyAll();
                }
                scheduleRebuild();
                continue;
            }
            synchronized (progress) {
                indexedGroups = group.sequence();
                progress.notifyAll();
            }
        }
    }

    private void scheduleRebuild() {
        if (closing) {
            return;
        }
        long delay = rebuildDelayMillis;
        rebuildDelayMillis = Math.min(30_000, rebuildDelayMillis * 2);
        try {
            maintenance.schedule(() -> toIndex.add(new Rebuild()), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the next opening rebuilds the index anyway
        }
    }

    /**
     * Closes an index that is being thrown away on a thread of its own: MapDB's close of a file that
     * faulted (a full disk under its mapping) can stall, and must hold up neither a rebuild nor a stop.
     */
    private static void closeAside(MapDbIndex thrownAway) {
        Thread closer = new Thread(() -> {
            try {
                thrownAway.close();
            } catch (RuntimeException | Error ignored) {
                // it is thrown away: the log holds everything it held
            }
        }, "statewright-index-discard");
        closer.setDaemon(true);
        closer.start();
    }

    /** A new index from the whole log, while no group is appended; on success the store takes requests again. */
    private void rebuildIndex() {
        if (indexFault == null || closing) {
            return;
        }
        synchronized (appendLock) {
            MapDbIndex fresh = null;
            try {
                closeAside(index);
                deleteIndexFiles(directory);
                fresh = MapDbIndex.open(directory.resolve(INDEX_FILE), log);
                MapDbIndex target = fresh;
                long[] applied = {0};
                log.forEachBatch(batch -> {
                    beforeIndexing.accept(batch);
                    target.apply(batch);
                    if (++applied[0] % FLUSH_EVERY_BATCHES == 0) {
                        target.flush();
                    }
                });
                target.flush();
                index = fresh;
                synchronized (progress) {
                    indexedGroups = durableGroups;
                    indexFault = null;
                    progress.notifyAll();
                }
                rebuildDelayMillis = 500;
                LOG.info("The store's index was rebuilt from the log; the store takes requests again");
            } catch (RuntimeException | Error e) {
                if (fresh != null) {
                    try {
                        fresh.close();
                    } catch (RuntimeException | Error ignored) {
                        // thrown away too
                    }
                }
                indexFault = e;
                LOG.log(Level.WARNING, "The store's index could not be rebuilt yet (" + describe(e) + "); trying again", e);
                scheduleRebuild();
            }
        }
    }

    /**
     * The index, once it holds every group acknowledged before this call: a commit is acknowledged
     * once it is in the log, so a read first waits (briefly: the indexer is at most a group or two
     * behind) for the index to catch up. A read never answers from an index that failed or lags.
     */
    private MapDbIndex readable() {
        if (log == null) {
            return index;
        }
        synchronized (progress) {
            long target = durableGroups;
            long deadline = System.nanoTime() + READ_WAIT_NANOS;
            while (indexedGroups < target) {
                if (indexFault != null) {
                    throw unavailable(indexFault);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StoreUnavailableException("The store's index is more than " + TimeUnit.NANOSECONDS.toSeconds(
                            READ_WAIT_NANOS) + " s behind its log; try again");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("Interrupted while waiting for the store's index");
                }
            }
            if (indexFault != null) {
                throw unavailable(indexFault);
            }
            return index;
        }
    }

    /** Runs a read, again if compaction moved what it pointed at meanwhile. */
    private <T> T read(Function<MapDbIndex, T> reading) {
        for (int attempt = 1; ; attempt++) {
            try {
                return reading.apply(readable());
            } catch (WriteAheadLog.SegmentGoneException e) {
                if (attempt == 3) {
                    throw new StoreUnavailableException("The store's log moved under a read three times; try again");
                }
            }
        }
    }

    // ---- reads ----

    @Override
    public Collection<StateMachineRecord> stateMachines() {
        return read(current -> current.stateMachineValues().stream()
                .map(bytes -> RecordCodec.readStateMachine(new String(bytes, StandardCharsets.UTF_8))).toList());
    }

    @Override
    public Collection<StateMachineAliasRecord> aliases() {
        return read(current -> current.aliasValues().stream()
                .map(bytes -> RecordCodec.readAlias(new String(bytes, StandardCharsets.UTF_8))).toList());
    }

    @Override
    public Optional<MapRunRecord> mapRun(String arn) {
        return read(current -> Optional.ofNullable(current.mapRun(arn))
                .map(bytes -> RecordCodec.readMapRun(new String(bytes, StandardCharsets.UTF_8))));
    }

    @Override
    public List<OutboxEntry> outbox(String afterKey, int limit) {
        return read(current -> current.outbox(afterKey, limit));
    }

    @Override
    public MapRunPage mapRuns(String executionArn, int pageSize, String cursor) {
        return read(current -> current.mapRunsOf(executionArn, cursor, pageSize));
    }

    @Override
    public Optional<MapRunChildRecord> mapRunChild(String executionArn) {
        return read(current -> current.mapRunChildJson(executionArn).map(RecordCodec::readMapRunChild));
    }

    @Override
    public MapRunChildPage mapRunChildren(String mapRunArn, ExecutionStatus status, int pageSize, String cursor) {
        return read(current -> current.mapRunChildrenOf(mapRunArn, status, cursor, pageSize));
    }

    @Override
    public Collection<ActivityRecord> activities() {
        return read(current -> current.activityValues().stream()
                .map(bytes -> RecordCodec.readActivity(new String(bytes, StandardCharsets.UTF_8))).toList());
    }

    @Override
    public Optional<ExecutionRecord> execution(String arn) {
        return read(current -> current.executionJson(arn).map(json -> RecordCodec.readExecution(json, current::definition)));
    }

    @Override
    public ExecutionPage executions(ExecutionQuery query) {
        return read(current -> current.executions(query));
    }

    @Override
    public List<ExecutionRecord> runningExecutions() {
        return read(current -> {
            List<ExecutionRecord> records = new ArrayList<>();
            for (String arn : current.runningArns()) {
                current.executionJson(arn).ifPresent(json -> records.add(readOrUnresumable(json, current)));
            }
            return records;
        });
    }

    /**
     * A running execution's record; one whose definition the store lacks comes back without it, so
     * that the runtime ends that one as failed and the others still start.
     */
    private static ExecutionRecord readOrUnresumable(String json, MapDbIndex current) {
        try {
            return RecordCodec.readExecution(json, current::definition);
        } catch (IllegalStateException missingDefinition) {
            return RecordCodec.readExecution(json, id -> "");
        }
    }

    @Override
    public Map<ExecutionStatus, Long> executionCounts(String stateMachineArn) {
        return read(current -> current.counts(stateMachineArn));
    }

    @Override
    public List<NodeRecord> nodes() {
        return node.nodes(this);
    }

    @Override
    public ExecutionPage executionsDrivenBy(String nodeId, int pageSize, String cursor) {
        return node.executionsDrivenBy(this, nodeId, pageSize, cursor);
    }

    @Override
    public Optional<String> driverOf(String executionArn) {
        return node.driverOf(this, executionArn);
    }

    @Override
    public void serving(String address) {
        node.serving(address);
    }

    @Override
    public List<StoredEvent> events(String executionArn, long fromId, int limit) {
        return read(current -> readChain(number -> current.eventChunk(executionArn, number), current, 1, fromId, limit,
                IndexLayout::eventLine));
    }

    @Override
    public long lastEventId(String executionArn) {
        return read(current -> {
            long last = 0;
            for (long first = 1; ; ) {
                byte[] entry = current.eventChunk(executionArn, first);
                if (entry == null) {
                    return last;
                }
                last = current.lastNumber(entry);
                first = last + 1;
            }
        });
    }

    @Override
    public List<String> eventTypes(String executionArn) {
        return read(current -> readChain(number -> current.eventChunk(executionArn, number), current, 1, 1,
                Integer.MAX_VALUE, line -> IndexLayout.eventType(line).intern()));
    }

    @Override
    public List<JournalEntry> journal(String executionArn, long fromSequence, int limit) {
        return read(current -> readChain(number -> current.journalChunk(executionArn, number), current, 0, fromSequence,
                limit, IndexLayout::journalLine));
    }

    /**
     * Lines of a chain of chunks (an execution's events from 1, its journal from 0), each chunk
     * leading to the next by its last number: those numbered from {@code from}, at most {@code limit};
     * chunks that end before {@code from} are passed over without being read.
     */
    private static <T> List<T> readChain(java.util.function.LongFunction<byte[]> chunkAt, MapDbIndex current, long first,
                                         long from, int limit, Function<String, T> parse) {
        List<T> result = new ArrayList<>();
        for (long number = first; result.size() < limit; ) {
            byte[] entry = chunkAt.apply(number);
            if (entry == null) {
                break;
            }
            long last = current.lastNumber(entry);
            if (last >= from) {
                for (String line : current.chunkText(entry).split(String.valueOf(IndexLayout.LINE_SEPARATOR))) {
                    if (Long.parseLong(line, 0, line.indexOf(' '), 10) >= from && result.size() < limit) {
                        result.add(parse.apply(line));
                    }
                }
            }
            number = last + 1;
        }
        return result;
    }

    /** The whole journal of an execution, in order (tests; the runtime reads it page by page). */
    public List<JournalEntry> journal(String executionArn) {
        return journal(executionArn, 0, Integer.MAX_VALUE);
    }

    // ---- upkeep: retention and compaction ----

    /** Removes expired executions, then compacts the oldest segment if it is mostly dead. Runs on the upkeep thread. */
    private void upkeep() {
        try {
            expire();
            compactIfWorthIt().join();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The store's upkeep failed (" + describe(e) + "); it runs again later", e);
        }
    }

    /**
     * Removes executions that ended longer ago than the retention period, with their histories, in
     * batches through the log like any change (so a rebuild does not bring them back).
     *
     * @return how many were removed
     */
    public int expire() {
        if (options.retention() == null || closing) {
            return 0;
        }
        Instant cutoff = options.clock().instant().minus(options.retention());
        int removed = 0;
        while (true) {
            List<IndexChange> changes = new ArrayList<>();
            int[] count = {0};
            MapDbIndex current = readable();
            current.forEachStartedBefore(ExecutionSummary.nanos(cutoff), summary -> {
                if (summary.stopDate() != null && summary.stopDate().isBefore(cutoff)) {
                    if (!current.forEachChildKey(summary.arn(), changes::add, CHILDREN_EXPIRED_PER_BATCH - changes.size())) {
                        return false; // its Map Runs' children fill this batch: it goes in a later one, with the rest
                    }
                    changes.add(IndexChange.remove(IndexMap.EXECUTIONS, summary.arn()));
                    current.forEachChunkKey(summary.arn(), changes::add);
                    count[0]++;
                }
                return count[0] < EXPIRED_PER_BATCH;
            });
            if (changes.isEmpty()) {
                return removed;
            }
            submit(changes, Map.of()).join();
            removed += count[0];
        }
    }

    /**
     * Compacts the oldest segment when less than half of what it holds is live, or when the log is
     * more than twice what is live in it; completes when done (at once when there was nothing to do).
     */
    public CompletableFuture<Void> compactIfWorthIt() {
        if (log == null || closing) {
            return CompletableFuture.completedFuture(null);
        }
        List<Long> segments = log.segments();
        if (segments.size() < 2) {
            return CompletableFuture.completedFuture(null); // the segment being written stays
        }
        long oldest = segments.get(0);
        long[] liveAndTotal = {0, 0};
        MapDbIndex current = readable();
        log.forEachRecord(oldest, record -> {
            BatchBody body = BatchBody.decode(record.body());
            if (body == null) {
                return;
            }
            for (int i = 0; i < body.changes().size(); i++) {
                IndexChange change = body.changes().get(i);
                int bytes = change.value() == null ? 0 : change.value().length;
                liveAndTotal[1] += bytes;
                if (current.isLive(change, oldest, record.offset(), body.valueOffsets()[i])) {
                    liveAndTotal[0] += bytes;
                }
            }
        });
        boolean mostlyDead = liveAndTotal[0] * 2 < liveAndTotal[1];
        boolean logTooLarge = log.bytesOnDisk() > 2 * Math.max(current.liveBytes(), 0) + 2 * log.segmentBytes();
        if (!mostlyDead && !logTooLarge) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Compact(oldest, 0, done));
        return done;
    }

    /**
     * One step of compacting a segment, on the committer (so no group is appended between reading
     * what is live and copying it): waits for the index to hold the whole log, copies the live
     * values of up to a slice of the segment to the head as one batch, and queues the next step;
     * after the last, once the index points at the copies, deletes the segment.
     */
    private void compactStep(Compact step) {
        try {
            awaitIndexedForCompaction();
            MapDbIndex current = index;
            List<IndexChange> live = new ArrayList<>();
            long[] next = {step.from()};
            boolean finished = log.forEachRecordFrom(step.segment(), step.from(), COMPACTION_SLICE_BYTES, record -> {
                BatchBody body = BatchBody.decode(record.body());
                if (body != null) {
                    for (int i = 0; i < body.changes().size(); i++) {
                        IndexChange change = body.changes().get(i);
                        if (current.isLive(change, step.segment(), record.offset(), body.valueOffsets()[i])) {
                            live.add(change);
                        }
                    }
                }
                next[0] = record.offset() + record.bytes();
            });
            if (!live.isEmpty()) {
                List<LoggedBatch> logged;
                long sequence;
                synchronized (appendLock) {
                    logged = log.appendPrepared(List.of(PreparedBatch.of(live, compression)));
                    synchronized (progress) {
                        sequence = ++durableGroups;
                    }
                }
                toIndex.add(new DurableGroup(logged, sequence));
            }
            if (!finished) {
                queue.add(new Compact(step.segment(), next[0], step.done()));
                return;
            }
            awaitIndexedForCompaction();
            log.delete(step.segment());
            step.done().complete(null);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Compacting the log segment " + step.segment() + " stopped (" + describe(e)
                    + "); it is tried again later", e);
            step.done().completeExceptionally(e);
        }
    }

    private void awaitIndexedForCompaction() {
        synchronized (progress) {
            while (indexedGroups < durableGroups) {
                if (indexFault != null) {
                    throw unavailable(indexFault);
                }
                try {
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("Interrupted while compacting");
                }
            }
        }
    }

    /** The bytes the log takes on disk. */
    public long logBytes() {
        return log == null ? 0 : log.bytesOnDisk();
    }

    // ---- closing ----

    /** The indexer takes everything the log holds and stops; then the log closes. */
    private void finishClosing() {
        if (log != null) {
            toIndex.add(new Stop());
            try {
                indexer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.close();
        }
    }

    /** Commits what was handed in before, then closes the files. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        maintenance.shutdownNow();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        queue.add(new Close(closed));
        closed.join();
        compression.close();
        try {
            if (directory == null) {
                index.close();
                return;
            }
            boolean whole;
            synchronized (progress) {
                whole = indexFault == null && indexedGroups == durableGroups;
            }
            if (!whole) {
                // The mark would vouch for an index that misses what the log holds: the next opening rebuilds it.
                LOG.warning("The store's index does not hold everything its log does; the next start rebuilds it");
                closeAside(index);
                return;
            }
            index.sync();
            index.close();
            CleanCloseMark.write(directory, log.position());
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
