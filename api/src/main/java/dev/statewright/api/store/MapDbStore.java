package dev.statewright.api.store;

import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

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
 * opening replays the log after it. Without the mark (a crash, a kill), the index file may be torn,
 * so it is thrown away and rebuilt from the whole log: nothing acknowledged is lost, and nothing
 * is applied twice.
 *
 * <p>Chunks of history events and journal entries, most of what is stored, are not copied into
 * the index: it keeps where each lies in the log ({@link ChunkRef}) and reads it from there.
 */
public final class MapDbStore implements Store {
    private static final int MAX_BATCHES_PER_COMMIT = 10_000;
    private static final String INDEX_FILE = "index.db";
    private static final Logger LOG = Logger.getLogger(MapDbStore.class.getName());

    private final DB db;
    private final Path directory; // null in memory, with the log: nothing there outlives the process anyway
    private final WriteAheadLog log;
    private final Recovery recovery;
    private final HTreeMap<String, byte[]> stateMachines;
    private final HTreeMap<String, byte[]> executions;
    private final HTreeMap<String, byte[]> events;
    private final HTreeMap<String, byte[]> journal;
    private final HTreeMap<String, byte[]> activities;
    private final HTreeMap<String, byte[]> definitions;
    private final DefinitionIds definitionIds = new DefinitionIds();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private final Thread indexer;
    private final BlockingQueue<DurableGroup> toIndex = new LinkedBlockingQueue<>();
    /** Groups made durable in the log, and groups applied to the index; guarded by {@code progress}. */
    private final Object progress = new Object();
    private long durableGroups;
    private long indexedGroups;
    private volatile boolean closing;
    /** Set when a durable batch could not be applied to the index, or the indexer did not finish. */
    private volatile boolean indexIncomplete;

    /** A batch waiting for the committer, already turned into index changes by the thread that handed it in. */
    private record Pending(List<IndexChange> changes, CompletableFuture<Void> done) {
    }

    /** How opening went: whether the index was rebuilt from the whole log, and how many batches were replayed. */
    public record Recovery(boolean rebuilt, long batchesReplayed, long millis) {
    }

    /**
     * Opens (or creates) the store in {@code directory}: the index as it was closed, with the log
     * past it replayed, or, after an unclean stop, a new index built from the whole log.
     */
    public static MapDbStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + directory, e);
        }
        WriteAheadLog log = WriteAheadLog.open(directory.resolve("log"));
        Optional<LogPosition> closedAt = CleanCloseMark.take(directory)
                .filter(position -> Files.exists(directory.resolve(INDEX_FILE)));
        DB db = null;
        if (closedAt.isPresent()) {
            try {
                db = openIndex(directory);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The index in " + directory + " was closed cleanly but does not open; rebuilding it", e);
                closedAt = Optional.empty();
            }
        }
        if (closedAt.isEmpty()) {
            requireWholeLog(directory, log);
            deleteIndexFiles(directory);
            db = openIndex(directory);
        }
        try {
            return new MapDbStore(db, directory, log, closedAt.orElse(new LogPosition(0, 0)), closedAt.isEmpty());
        } catch (RuntimeException e) {
            db.close(); // releases the file's lock for whoever repairs the directory
            log.close();
            throw e;
        }
    }

    private static DB openIndex(Path directory) {
        return DBMaker.fileDB(directory.resolve(INDEX_FILE).toFile())
                .fileMmapEnableIfSupported()
                .fileMmapPreclearDisable() // new space is zeros already; clearing it wrote the file twice, a KiB a call
                .make();
    }

    /** A store in memory, for tests and one-off runs. */
    public static MapDbStore inMemory() {
        return new MapDbStore(DBMaker.memoryDB().make(), null, null, null, false);
    }

    /**
     * A rebuild needs the log from its first segment. Stores written before the log was kept whole
     * dropped old segments: rebuilding from what is left would silently lose executions.
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

    private MapDbStore(DB db, Path directory, WriteAheadLog log, LogPosition replayFrom, boolean rebuild) {
        this.db = db;
        this.directory = directory;
        this.log = log;
        this.stateMachines = db.hashMap("stateMachines", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.executions = db.hashMap("executions", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline().createOrOpen();
        // Chunks are found by key, each leading to the next (its last number + 1), not by a scan in
        // order: a hash map takes a new chunk without rewriting a tree node full of long keys.
        this.events = db.hashMap("eventChunks", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline().createOrOpen();
        this.journal = db.hashMap("journalChunks", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline().createOrOpen();
        this.activities = db.hashMap("activities", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.definitions = db.hashMap("definitions", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.recovery = log == null ? new Recovery(false, 0, 0) : replay(replayFrom, rebuild);
        this.committer = new Thread(this::commitLoop, "statewright-store-committer");
        this.committer.setDaemon(true);
        this.indexer = new Thread(this::indexLoop, "statewright-store-indexer");
        this.indexer.setDaemon(true);
        if (log != null) {
            this.indexer.start();
        }
        this.committer.start();
    }

    /** Brings the index up to the end of the log. */
    private Recovery replay(LogPosition from, boolean rebuild) {
        long started = System.nanoTime();
        long[] batches = {0};
        log.replay(from, batch -> {
            apply(batch);
            batches[0]++;
        });
        Recovery done = new Recovery(rebuild, batches[0], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (rebuild && done.batchesReplayed() > 0) {
            LOG.info(() -> "The index was not closed cleanly: rebuilt it from the log (" + done.batchesReplayed()
                    + " batches in " + done.millis() + " ms)");
        }
        return done;
    }

    /** How opening this store went. */
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public CompletionStage<Void> commit(WriteBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new IllegalStateException("The store is closed"));
            return done;
        }
        if (batch.isEmpty()) {
            done.complete(null);
            return done;
        }
        List<IndexChange> changes;
        try {
            changes = IndexLayout.changes(batch, definitionIds); // here, so callers share the work the committer would do alone
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return done;
        }
        queue.add(new Pending(changes, done));
        return done;
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(group, MAX_BATCHES_PER_COMMIT);
            boolean closeRequested = group.stream().anyMatch(p -> p.changes == null);
            commitGroup(group.stream().filter(p -> p.changes != null).toList());
            if (closeRequested) {
                finishClosing();
                group.stream().filter(p -> p.changes == null).forEach(p -> p.done.complete(null));
                return; // the close marker: everything before it is committed
            }
            group.clear();
        }
    }

    private void commitGroup(List<Pending> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        if (log == null) {
            for (Pending pending : accepted) {
                try {
                    apply(new LoggedBatch(pending.changes, -1, null));
                    pending.done.complete(null);
                } catch (RuntimeException e) {
                    pending.done.completeExceptionally(e);
                }
            }
            return;
        }
        List<List<IndexChange>> changes = new ArrayList<>(accepted.size());
        accepted.forEach(pending -> changes.add(pending.changes));
        List<LoggedBatch> logged;
        try {
            logged = log.append(changes);
        } catch (IOException | RuntimeException e) {
            definitionIds.forget();
            accepted.forEach(p -> p.done.completeExceptionally(e));
            return;
        }
        // Durable now. The index takes the group on its own thread, while the next group goes to the log.
        long sequence;
        synchronized (progress) {
            sequence = ++durableGroups;
        }
        toIndex.add(new DurableGroup(logged, sequence));
        accepted.forEach(p -> p.done.complete(null));
    }

    /** Changes already durable in the log, on their way into the index. A null list asks the indexer to stop. */
    private record DurableGroup(List<LoggedBatch> batches, long sequence) {
    }

    private void indexLoop() {
        List<DurableGroup> groups = new ArrayList<>();
        while (true) {
            try {
                groups.add(toIndex.take());
            } catch (InterruptedException e) {
                return;
            }
            toIndex.drainTo(groups);
            boolean stop = false;
            long applied = -1;
            for (DurableGroup group : groups) {
                if (group.batches() == null) {
                    stop = true;
                    continue;
                }
                for (LoggedBatch batch : group.batches()) {
                    try {
                        apply(batch);
                    } catch (RuntimeException e) {
                        // A bug: the batch is safe in the log, but reads miss it until the index is rebuilt,
                        // so this index gets no clean-close mark and the next opening rebuilds it.
                        indexIncomplete = true;
                        LOG.log(Level.SEVERE, "Could not apply a stored batch to the index", e);
                    }
                }
                applied = group.sequence();
            }
            groups.clear();
            if (applied >= 0) {
                synchronized (progress) {
                    indexedGroups = applied;
                    progress.notifyAll();
                }
            }
            if (stop) {
                return;
            }
        }
    }

    /**
     * Reads see what was committed: a commit is acknowledged once it is in the log, so a read
     * first waits (briefly: the indexer is at most a group or two behind) for the index to hold
     * every group acknowledged before it began.
     */
    private void awaitIndexed() {
        if (log == null) {
            return;
        }
        synchronized (progress) {
            long target = durableGroups;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (indexedGroups < target && System.nanoTime() < deadline) {
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Applies a batch to the index; with a log, chunks stay in it and the index keeps where they are. */
    private void apply(LoggedBatch batch) {
        List<IndexChange> changes = batch.changes();
        for (int i = 0; i < changes.size(); i++) {
            IndexChange change = changes.get(i);
            switch (change.map()) {
                case STATE_MACHINES -> apply(stateMachines, change.key(), change.value());
                case EXECUTIONS -> apply(executions, change.key(), change.value());
                case ACTIVITIES -> apply(activities, change.key(), change.value());
                case DEFINITIONS -> apply(definitions, change.key(), change.value());
                case EVENTS -> apply(events, change.key(), chunkEntry(batch, i));
                case JOURNAL -> apply(journal, change.key(), chunkEntry(batch, i));
            }
        }
    }

    private byte[] chunkEntry(LoggedBatch batch, int index) {
        byte[] chunk = batch.changes().get(index).value();
        return log == null || chunk == null ? chunk : batch.chunkRef(index, IndexLayout.lastNumber(chunk)).encode();
    }

    private long lastNumber(byte[] entry) {
        return log == null ? IndexLayout.lastNumber(entry) : ChunkRef.decode(entry).lastNumber();
    }

    private String chunkText(byte[] entry) {
        return text(log == null ? entry : log.read(ChunkRef.decode(entry)));
    }

    private static <K> void apply(Map<K, byte[]> map, K key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The indexer takes everything the log holds and stops; then the log closes. */
    private void finishClosing() {
        if (log != null) {
            toIndex.add(new DurableGroup(null, -1));
            try {
                indexer.join();
            } catch (InterruptedException e) {
                indexIncomplete = true;
                Thread.currentThread().interrupt();
            }
            log.close();
        }
    }

    @Override
    public Collection<StateMachineRecord> stateMachines() {
        awaitIndexed();
        return stateMachines.values().stream().map(MapDbStore::text).map(RecordCodec::readStateMachine).collect(Collectors.toList());
    }

    @Override
    public Collection<ExecutionRecord> executions() {
        awaitIndexed();
        // Executions of one machine share its definition: one text per definition, not one per execution.
        Map<String, String> definitionsRead = new HashMap<>();
        return executions.values().stream().map(MapDbStore::text)
                .map(text -> RecordCodec.readExecution(text, id -> definitionsRead.computeIfAbsent(id, this::definition)))
                .collect(Collectors.toList());
    }

    private String definition(String id) {
        byte[] text = definitions.get(id);
        return text == null ? null : text(text);
    }

    @Override
    public Collection<ActivityRecord> activities() {
        awaitIndexed();
        return activities.values().stream().map(MapDbStore::text).map(RecordCodec::readActivity).collect(Collectors.toList());
    }

    @Override
    public List<StoredEvent> events(String executionArn, long fromId, int limit) {
        awaitIndexed();
        List<StoredEvent> result = new ArrayList<>();
        for (long first = 1; result.size() < limit; ) {
            byte[] entry = events.get(IndexLayout.key(executionArn, first));
            if (entry == null) {
                break;
            }
            long last = lastNumber(entry);
            if (last >= fromId) {
                for (String line : chunkText(entry).split(String.valueOf(IndexLayout.LINE_SEPARATOR))) {
                    StoredEvent event = IndexLayout.eventLine(line);
                    if (event.id() >= fromId && result.size() < limit) {
                        result.add(event);
                    }
                }
            }
            first = last + 1;
        }
        return result;
    }

    @Override
    public List<JournalEntry> journal(String executionArn) {
        awaitIndexed();
        List<JournalEntry> result = new ArrayList<>();
        for (long first = 0; ; ) {
            byte[] entry = journal.get(IndexLayout.key(executionArn, first));
            if (entry == null) {
                return result;
            }
            for (String line : chunkText(entry).split(String.valueOf(IndexLayout.LINE_SEPARATOR))) {
                result.add(IndexLayout.journalLine(line));
            }
            first = lastNumber(entry) + 1;
        }
    }

    /** Commits what was handed in before, then closes the files. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        CompletableFuture<Void> marker = new CompletableFuture<>();
        queue.add(new Pending(null, marker));
        marker.join();
        if (directory == null) {
            db.close();
            return;
        }
        db.commit(); // without transactions, this syncs the index file: close alone does not
        db.close();
        if (!indexIncomplete) {
            CleanCloseMark.write(directory, log.position());
        }
    }
}
