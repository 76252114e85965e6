package dev.statewright.api.store;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

/**
 * The embedded store: one MapDB file with a write-ahead log. A transactional commit costs about
 * the same whatever it holds (an fsync), so one committer thread takes every batch waiting and
 * commits them together (group commit): the events of many executions go down in one commit.
 */
public final class MapDbStore implements Store {
    private static final int MAX_BATCHES_PER_COMMIT = 10_000;
    private static final char KEY_SEPARATOR = '\u0000';

    private final DB db;
    private final HTreeMap<String, String> stateMachines;
    private final HTreeMap<String, String> executions;
    private final BTreeMap<String, String> events;
    private final BTreeMap<String, String> journal;
    private final HTreeMap<String, String> activities;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closing;

    private record Pending(WriteBatch batch, CompletableFuture<Void> done) {
    }

    /** Opens (or creates) the store in {@code directory}. */
    public static MapDbStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + directory, e);
        }
        DB db = DBMaker.fileDB(directory.resolve("statewright.db").toFile())
                .transactionEnable()
                .fileMmapEnableIfSupported()
                .make();
        return new MapDbStore(db);
    }

    /** A store in memory, for tests and one-off runs. */
    public static MapDbStore inMemory() {
        return new MapDbStore(DBMaker.memoryDB().transactionEnable().make());
    }

    private MapDbStore(DB db) {
        this.db = db;
        this.stateMachines = db.hashMap("stateMachines", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.executions = db.hashMap("executions", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.events = db.treeMap("events", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.journal = db.treeMap("journal", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.activities = db.hashMap("activities", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.committer = new Thread(this::commitLoop, "statewright-store-committer");
        this.committer.setDaemon(true);
        this.committer.start();
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
        queue.add(new Pending(batch, done));
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
            if (group.stream().anyMatch(p -> p.batch == null)) {
                group.stream().filter(p -> p.batch != null).forEach(this::applyAlone);
                group.stream().filter(p -> p.batch == null).forEach(p -> p.done.complete(null));
                return; // the close marker: everything before it is committed
            }
            try {
                for (Pending pending : group) {
                    apply(pending.batch);
                }
                db.commit();
                group.forEach(p -> p.done.complete(null));
            } catch (Throwable e) {
                rollbackQuietly();
                group.forEach(this::applyAlone); // one bad batch must not fail the others
            }
            group.clear();
        }
    }

    private void applyAlone(Pending pending) {
        try {
            apply(pending.batch);
            db.commit();
            pending.done.complete(null);
        } catch (Throwable e) {
            rollbackQuietly();
            pending.done.completeExceptionally(e);
        }
    }

    /** The committer must outlive a failed commit, or every later write would wait forever. */
    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (Throwable ignored) {
            // the next commit reports what is wrong with the store
        }
    }

    private void apply(WriteBatch batch) {
        batch.stateMachines().forEach((arn, record) -> stateMachines.put(arn, RecordCodec.write(record)));
        batch.deletedStateMachines().forEach(stateMachines::remove);
        batch.executions().forEach((arn, record) -> executions.put(arn, RecordCodec.write(record)));
        batch.activities().forEach((arn, record) -> activities.put(arn, RecordCodec.write(record)));
        batch.deletedActivities().forEach(activities::remove);
        batch.events().forEach((arn, list) -> list.forEach(e -> events.put(key(arn, e.id()), e.json())));
        batch.journal().forEach((arn, list) -> list.forEach(j -> journal.put(key(arn, j.sequence()),
                j.timeNanos() + " " + j.json())));
    }

    private static String key(String arn, long number) {
        return arn + KEY_SEPARATOR + String.format("%019d", number);
    }

    @Override
    public Collection<StateMachineRecord> stateMachines() {
        return stateMachines.values().stream().map(RecordCodec::readStateMachine).collect(Collectors.toList());
    }

    @Override
    public Collection<ExecutionRecord> executions() {
        return executions.values().stream().map(RecordCodec::readExecution).collect(Collectors.toList());
    }

    @Override
    public Collection<ActivityRecord> activities() {
        return activities.values().stream().map(RecordCodec::readActivity).collect(Collectors.toList());
    }

    @Override
    public List<StoredEvent> events(String executionArn, long fromId, int limit) {
        List<StoredEvent> result = new ArrayList<>();
        for (Map.Entry<String, String> entry : events.subMap(key(executionArn, fromId), true,
                key(executionArn, Long.MAX_VALUE), true).entrySet()) {
            if (result.size() >= limit) {
                break;
            }
            result.add(new StoredEvent(number(entry.getKey()), entry.getValue()));
        }
        return result;
    }

    @Override
    public List<JournalEntry> journal(String executionArn) {
        List<JournalEntry> result = new ArrayList<>();
        for (Map.Entry<String, String> entry : journal.subMap(key(executionArn, 0), true,
                key(executionArn, Long.MAX_VALUE), true).entrySet()) {
            String value = entry.getValue();
            int space = value.indexOf(' ');
            result.add(new JournalEntry(number(entry.getKey()), Long.parseLong(value.substring(0, space)),
                    value.substring(space + 1)));
        }
        return result;
    }

    private static long number(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(KEY_SEPARATOR) + 1));
    }

    /** Commits what was handed in before, then closes the file. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        CompletableFuture<Void> marker = new CompletableFuture<>();
        queue.add(new Pending(null, marker));
        marker.join();
        db.close();
    }
}
