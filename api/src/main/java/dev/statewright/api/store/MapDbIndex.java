package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;
import org.mapdb.Atomic;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * The index that answers the store's reads: MapDB maps kept in step with the log by applying its
 * batches in order, on one thread. It holds the small records whole (state machines, activities,
 * definitions) and, for everything else, where it lies in the log ({@link ChunkRef}). Beside what
 * the batches say it keeps what lists need, derived from them the same way on every apply, so a
 * rebuild from the log gives the same index: executions ordered by start (all, and per machine),
 * the set of running ones, and counts per machine and status.
 *
 * <p>Without a log (a store in memory) values are kept whole instead of their places.
 */
final class MapDbIndex implements AutoCloseable {
    private static final char SEP = IndexLayout.KEY_SEPARATOR;
    private static final String ALL_MACHINES = "*";
    /** A filtered list stops after looking at this many executions, answering what it found and where to go on. */
    private static final int MAX_SCANNED_PER_PAGE = 20_000;
    private static final byte REF = 2;
    private static final byte INLINE = 3;

    private final DB db;
    private final WriteAheadLog log;
    private final HTreeMap<String, byte[]> stateMachines;
    private final HTreeMap<String, byte[]> executions;
    private final HTreeMap<String, byte[]> events;
    private final HTreeMap<String, byte[]> journal;
    private final HTreeMap<String, byte[]> activities;
    private final HTreeMap<String, byte[]> aliases;
    private final HTreeMap<String, byte[]> definitions;
    /** Distributed Maps' runs by Map Run ARN, kept whole (they are small). */
    private final HTreeMap<String, byte[]> mapRuns;
    /** Each execution's Map Runs in start order: execution ARN SEP start (20 digits) SEP Map Run ARN. */
    private final java.util.NavigableSet<String> mapRunsByExecution;
    /**
     * Map Runs' child executions by execution ARN, each entry laid out as an execution's is (its
     * summary, then its place in the log or, without a log, its record's text).
     */
    private final HTreeMap<String, byte[]> mapRunChildren;
    /** Each Map Run's children by index: Map Run ARN SEP index (10 digits) SEP child execution ARN. */
    private final java.util.NavigableSet<String> childrenByMapRun;
    /** Messages waiting to be sent, in key order (an execution's in the order written). */
    private final java.util.NavigableMap<String, byte[]> outbox;
    /** Executions by start time, per machine and for all. */
    private final ExecutionBuckets byStart;
    private final Set<String> running;
    /** Executions per machine ARN (or * for all) SEP status. */
    private final HTreeMap<String, Long> counts;
    /** Bytes of log values the index points at: what compaction would keep. */
    private final Atomic.Long liveBytes;
    /** Changes to the counts and live bytes while a group is applied, written at {@link #flush()}. */
    private final Map<String, Long> countChanges = new java.util.HashMap<>();
    private long liveChange;
    private final Map<String, String> definitionCache = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 256;
                }
            });

    private MapDbIndex(DB db, WriteAheadLog log) {
        this.db = db;
        this.log = log;
        this.stateMachines = db.hashMap("stateMachines", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.executions = db.hashMap("executionEntries", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline().createOrOpen();
        // Chunks are found by key, each leading to the next (its last number + 1), not by a scan in
        // order: a hash map takes a new chunk without rewriting a tree node full of long keys.
        this.events = db.hashMap("eventChunks", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline().createOrOpen();
        this.journal = db.hashMap("journalChunks", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline().createOrOpen();
        this.activities = db.hashMap("activities", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.aliases = db.hashMap("aliases", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.definitions = db.hashMap("definitions", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.mapRuns = db.hashMap("mapRuns", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.mapRunsByExecution = db.treeSet("mapRunsByExecution", Serializer.STRING).createOrOpen();
        this.mapRunChildren = db.hashMap("mapRunChildren", Serializer.STRING, Serializer.BYTE_ARRAY).valueInline()
                .createOrOpen();
        this.childrenByMapRun = db.treeSet("childrenByMapRun", Serializer.STRING).createOrOpen();
        this.outbox = db.treeMap("outbox", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.byStart = new ExecutionBuckets(db);
        this.running = db.hashSet("runningExecutions", Serializer.STRING).createOrOpen();
        this.counts = db.hashMap("executionCounts", Serializer.STRING, Serializer.LONG).createOrOpen();
        this.liveBytes = db.atomicLong("liveBytes").createOrOpen();
    }

    /** The index file, written in place without MapDB's own transactions (the log is the journal). */
    static MapDbIndex open(Path file, WriteAheadLog log) {
        return open(DBMaker.fileDB(file.toFile()), log);
    }

    /**
     * An index a crash left unclosed, for reading what it names (repair): MapDB refuses a file whose
     * header was not closed; what was written before the crash is mostly there all the same.
     */
    static MapDbIndex openUnclosed(Path file) {
        return open(DBMaker.fileDB(file.toFile()).checksumHeaderBypass(), null);
    }

    private static MapDbIndex open(DBMaker.Maker maker, WriteAheadLog log) {
        DB db = maker
                .fileMmapEnableIfSupported()
                .fileMmapPreclearDisable() // new space is zeros already; clearing it wrote the file twice, a KiB a call
                .make();
        try {
            return new MapDbIndex(db, log);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    static MapDbIndex inMemory() {
        return new MapDbIndex(DBMaker.memoryDB().make(), null);
    }

    // ---- applying the log ----

    /**
     * Applies a batch: with a log, the values it does not copy stay there and the index keeps where
     * they lie. What lists and counts need collects until {@link #flush()}: call it after a group.
     */
    void apply(LoggedBatch batch) {
        List<IndexChange> changes = batch.changes();
        long live = 0;
        for (int i = 0; i < changes.size(); i++) {
            IndexChange change = changes.get(i);
            switch (change.map()) {
                case STATE_MACHINES -> put(stateMachines, change.key(), change.value());
                case ACTIVITIES -> put(activities, change.key(), change.value());
                case ALIASES -> put(aliases, change.key(), change.value());
                case DEFINITIONS -> put(definitions, change.key(), change.value());
                case MAP_RUNS -> applyMapRun(change.key(), change.value());
                case MAP_RUN_CHILDREN -> live += applyChild(change.key(), change.value(), refOf(batch, i, 0));
                case OUTBOX -> put(outbox, change.key(), change.value());
                case EXECUTIONS -> live += applyExecution(change.key(), change.value(), refOf(batch, i, 0));
                case EVENTS -> live += applyChunk(events, change.key(), change.value(), batch, i);
                case JOURNAL -> live += applyChunk(journal, change.key(), change.value(), batch, i);
            }
        }
        liveChange += live;
    }

    /** Writes what the batches applied since the last flush changed in the lists and counts. */
    void flush() {
        byStart.flush();
        for (Map.Entry<String, Long> change : countChanges.entrySet()) {
            long updated = counts.getOrDefault(change.getKey(), 0L) + change.getValue();
            if (updated <= 0) {
                counts.remove(change.getKey());
            } else {
                counts.put(change.getKey(), updated);
            }
        }
        countChanges.clear();
        if (liveChange != 0) {
            liveBytes.addAndGet(liveChange);
            liveChange = 0;
        }
    }

    private ChunkRef refOf(LoggedBatch batch, int index, long lastNumber) {
        return log == null || batch.changes().get(index).value() == null ? null : batch.chunkRef(index, lastNumber);
    }

    private long applyChunk(HTreeMap<String, byte[]> chunks, String key, byte[] value, LoggedBatch batch, int index) {
        byte[] old = value == null || log != null ? chunks.get(key) : null;
        long live = old == null || log == null ? 0 : -ChunkRef.decode(old).valueLength();
        if (value == null) {
            chunks.remove(key);
            return live;
        }
        if (log == null) {
            chunks.put(key, value);
            return 0;
        }
        ChunkRef ref = batch.chunkRef(index, IndexLayout.lastNumber(value));
        chunks.put(key, ref.encode());
        return live + ref.valueLength();
    }

    /** Puts (or, with a null value, removes) an execution, keeping its places in the lists and the counts. */
    private long applyExecution(String arn, byte[] value, ChunkRef ref) {
        if (value == null) {
            byte[] removed = executions.remove(arn);
            if (removed == null) {
                return 0;
            }
            unlist(summaryOf(removed));
            return -storedValueBytes(removed);
        }
        ExecutionSummary summary = IndexLayout.executionSummary(value);
        byte[] oldEntry = executions.put(arn, entry(summary, ref, value)); // one lookup: the put gives the old entry
        long live = (ref == null ? 0 : ref.valueLength()) - (oldEntry == null ? 0 : storedValueBytes(oldEntry));
        if (oldEntry == null) {
            list(summary);
            return live;
        }
        ExecutionStatus was = statusOf(oldEntry);
        if (was != summary.status()) {
            ExecutionSummary old = summaryOf(oldEntry);
            count(old, -1);
            count(summary, 1);
            if (was == ExecutionStatus.RUNNING) {
                running.remove(arn);
            }
            if (summary.status() == ExecutionStatus.RUNNING) {
                running.add(arn);
            }
            if (summary.status() == ExecutionStatus.SUCCEEDED) {
                live += dropChain(journal, arn, 0); // nothing replays a succeeded execution again
            }
        }
        return live;
    }

    private static ExecutionStatus statusOf(byte[] entry) {
        return summaryOf(entry).status();
    }

    private void list(ExecutionSummary summary) {
        byStart.add(summary);
        count(summary, 1);
        if (summary.status() == ExecutionStatus.RUNNING) {
            running.add(summary.arn());
        }
    }

    private void unlist(ExecutionSummary summary) {
        byStart.remove(summary);
        count(summary, -1);
        running.remove(summary.arn());
    }

    private void count(ExecutionSummary summary, long delta) {
        for (String machine : List.of(summary.stateMachineArn(), ALL_MACHINES)) {
            countChanges.merge(machine + SEP + summary.status().name(), delta, Long::sum);
        }
    }

    /** Removes a chain of chunks from its first number; returns the change in live bytes. */
    private long dropChain(HTreeMap<String, byte[]> chunks, String arn, long first) {
        long live = 0;
        for (long number = first; ; ) {
            byte[] entry = chunks.remove(IndexLayout.key(arn, number));
            if (entry == null) {
                return live;
            }
            live -= log == null ? 0 : ChunkRef.decode(entry).valueLength();
            number = lastNumber(entry) + 1;
        }
    }

    /** Puts (or removes) a Map Run, listing it under its execution when it is new. */
    private void applyMapRun(String arn, byte[] value) {
        byte[] old = value == null ? mapRuns.remove(arn) : mapRuns.put(arn, value);
        if (old == null && value != null) {
            mapRunsByExecution.add(mapRunListing(value));
        } else if (old != null && value == null) {
            mapRunsByExecution.remove(mapRunListing(old));
        }
    }

    private static String mapRunListing(byte[] value) {
        MapRunRecord run = RecordCodec.readMapRun(new String(value, StandardCharsets.UTF_8));
        return run.executionArn() + SEP + String.format("%020d", ExecutionSummary.nanos(run.startDate())) + SEP + run.arn();
    }

    /** Puts (or removes) a Map Run's child, listing it under its run when it is new (its index never changes). */
    private long applyChild(String arn, byte[] value, ChunkRef ref) {
        if (value == null) {
            byte[] removed = mapRunChildren.remove(arn);
            if (removed == null) {
                return 0;
            }
            childrenByMapRun.remove(childListing(childSummaryOf(removed)));
            return -storedValueBytes(removed);
        }
        MapRunChildRecord.Summary summary = RecordCodec.readMapRunChild(new String(value, StandardCharsets.UTF_8)).summary();
        byte[] old = mapRunChildren.put(arn, childEntry(summary, ref, value));
        if (old == null) {
            childrenByMapRun.add(childListing(summary));
        }
        return (ref == null ? 0 : ref.valueLength()) - (old == null ? 0 : storedValueBytes(old));
    }

    private static String childListing(MapRunChildRecord.Summary child) {
        return child.mapRunArn() + SEP + String.format("%010d", child.index()) + SEP + child.executionArn();
    }

    private static <K> void put(Map<K, byte[]> map, K key, byte[] value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    // ---- entries of executions: [kind][summary length][summary][ref or record text] ----

    private static byte[] entry(ExecutionSummary summary, ChunkRef ref, byte[] value) {
        byte[] summaryBytes = IndexLayout.summaryBytes(value, summary);
        byte[] rest = ref != null ? ref.encode() : IndexLayout.executionJsonBytes(value);
        return ByteBuffer.allocate(1 + 4 + summaryBytes.length + rest.length).put(ref != null ? REF : INLINE)
                .putInt(summaryBytes.length).put(summaryBytes).put(rest).array();
    }

    /** A child's entry: [kind][summary length][summary][ref or record text], the summary as {@link #childSummary} writes it. */
    private static byte[] childEntry(MapRunChildRecord.Summary summary, ChunkRef ref, byte[] value) {
        byte[] summaryBytes = childSummary(summary);
        byte[] rest = ref != null ? ref.encode() : value;
        return ByteBuffer.allocate(1 + 4 + summaryBytes.length + rest.length).put(ref != null ? REF : INLINE)
                .putInt(summaryBytes.length).put(summaryBytes).put(rest).array();
    }

    private static byte[] childSummary(MapRunChildRecord.Summary child) {
        byte[] mapRun = child.mapRunArn().getBytes(StandardCharsets.UTF_8);
        byte[] arn = child.executionArn().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + 4 + 8 + 8 + 4 + mapRun.length + 4 + arn.length)
                .put((byte) child.status().ordinal()).putInt(child.index()).putInt(child.redriveCount())
                .putLong(ExecutionSummary.nanos(child.startDate()))
                .putLong(child.stopDate() == null ? Long.MIN_VALUE : ExecutionSummary.nanos(child.stopDate()))
                .putInt(mapRun.length).put(mapRun).putInt(arn.length).put(arn).array();
    }

    private static MapRunChildRecord.Summary childSummaryOf(byte[] entry) {
        ByteBuffer data = ByteBuffer.wrap(entry, 5, ByteBuffer.wrap(entry, 1, 4).getInt());
        ExecutionStatus status = ExecutionStatus.values()[data.get()];
        int index = data.getInt();
        int redriveCount = data.getInt();
        java.time.Instant start = ExecutionSummary.instant(data.getLong());
        long stop = data.getLong();
        byte[] mapRun = new byte[data.getInt()];
        data.get(mapRun);
        byte[] arn = new byte[data.getInt()];
        data.get(arn);
        return new MapRunChildRecord.Summary(new String(arn, StandardCharsets.UTF_8), new String(mapRun, StandardCharsets.UTF_8),
                index, redriveCount, status, start, stop == Long.MIN_VALUE ? null : ExecutionSummary.instant(stop));
    }

    private static ExecutionSummary summaryOf(byte[] entry) {
        return ExecutionSummary.decode(entry, 5, ByteBuffer.wrap(entry, 1, 4).getInt());
    }

    /** The entry's place in the log, or null for an entry kept whole. */
    private static ChunkRef refOf(byte[] entry) {
        if (entry[0] != REF) {
            return null;
        }
        int summaryLength = ByteBuffer.wrap(entry, 1, 4).getInt();
        return ChunkRef.decode(ByteBuffer.wrap(entry, 5 + summaryLength, ChunkRef.BYTES));
    }

    private static long storedValueBytes(byte[] entry) {
        ChunkRef ref = refOf(entry);
        return ref == null ? 0 : ref.valueLength();
    }

    // ---- reads ----

    Collection<byte[]> stateMachineValues() {
        return new ArrayList<>(stateMachines.values());
    }

    Collection<byte[]> activityValues() {
        return new ArrayList<>(activities.values());
    }

    Collection<byte[]> aliasValues() {
        return new ArrayList<>(aliases.values());
    }

    byte[] mapRun(String arn) {
        return mapRuns.get(arn);
    }

    /**
     * A page of an execution's Map Runs, newest first, after {@code cursor} (a listing key a page
     * gave, or null for the first page).
     */
    MapRunPage mapRunsOf(String executionArn, String cursor, int pageSize) {
        String first = executionArn + SEP;
        String last = cursor != null ? cursor : executionArn + (char) (SEP + 1);
        if (cursor != null && !cursor.startsWith(first)) {
            throw new InvalidCursorException(cursor);
        }
        List<MapRunRecord> page = new ArrayList<>();
        String lastListed = null;
        for (String listing : mapRunsByExecution.subSet(first, true, last, false).descendingSet()) {
            if (page.size() == pageSize) {
                return new MapRunPage(page, lastListed);
            }
            byte[] value = mapRuns.get(listing.substring(listing.lastIndexOf(SEP) + 1));
            if (value != null) {
                page.add(RecordCodec.readMapRun(new String(value, StandardCharsets.UTF_8)));
            }
            lastListed = listing;
        }
        return new MapRunPage(page, null);
    }

    /** Up to {@code limit} outbox entries with keys after {@code afterKey} (null: from the first), in key order. */
    List<OutboxEntry> outbox(String afterKey, int limit) {
        List<OutboxEntry> entries = new ArrayList<>();
        var after = afterKey == null ? outbox : outbox.tailMap(afterKey, false);
        for (Map.Entry<String, byte[]> entry : after.entrySet()) {
            if (entries.size() == limit) {
                break;
            }
            entries.add(new OutboxEntry(entry.getKey(), new String(entry.getValue(), StandardCharsets.UTF_8)));
        }
        return entries;
    }

    /** The ARNs of an execution's Map Runs (expiry and repair take them with it). */
    List<String> mapRunArnsOf(String executionArn) {
        List<String> arns = new ArrayList<>();
        for (String listing : mapRunsByExecution.subSet(executionArn + SEP, true, executionArn + (char) (SEP + 1), false)) {
            arns.add(listing.substring(listing.lastIndexOf(SEP) + 1));
        }
        return arns;
    }

    /** A Map Run's child record's JSON text, read from the log where the index keeps only its place. */
    Optional<String> mapRunChildJson(String arn) {
        byte[] entry = mapRunChildren.get(arn);
        if (entry == null) {
            return Optional.empty();
        }
        ChunkRef ref = refOf(entry);
        int summaryLength = ByteBuffer.wrap(entry, 1, 4).getInt();
        byte[] text = ref == null ? java.util.Arrays.copyOfRange(entry, 5 + summaryLength, entry.length) : log.read(ref);
        return Optional.of(new String(text, StandardCharsets.UTF_8));
    }

    /**
     * A page of a Map Run's children of one status (or all), highest index first, after {@code
     * cursor} (a listing key a page gave, or null). A filtered page stops after looking at many.
     */
    MapRunChildPage mapRunChildrenOf(String mapRunArn, ExecutionStatus status, String cursor, int pageSize) {
        String first = mapRunArn + SEP;
        if (cursor != null && !cursor.startsWith(first)) {
            throw new InvalidCursorException(cursor);
        }
        String last = cursor != null ? cursor : mapRunArn + (char) (SEP + 1);
        List<MapRunChildRecord.Summary> page = new ArrayList<>();
        String lastListed = null;
        int scanned = 0;
        for (String listing : childrenByMapRun.subSet(first, true, last, false).descendingSet()) {
            if (page.size() == pageSize || scanned == MAX_SCANNED_PER_PAGE) {
                return new MapRunChildPage(page, lastListed);
            }
            scanned++;
            lastListed = listing;
            byte[] entry = mapRunChildren.get(listing.substring(listing.lastIndexOf(SEP) + 1));
            if (entry != null) {
                MapRunChildRecord.Summary child = childSummaryOf(entry);
                if (status == null || child.status() == status) {
                    page.add(child);
                }
            }
        }
        return new MapRunChildPage(page, null);
    }

    /**
     * Hands {@code removal} the removal of each child of the execution's Map Runs, at most {@code
     * budget}; true when that was all of them (expiry takes a run of many children over several batches).
     */
    boolean forEachChildKey(String executionArn, Consumer<IndexChange> removal, int budget) {
        int given = 0;
        for (String mapRun : mapRunArnsOf(executionArn)) {
            for (String listing : childrenByMapRun.subSet(mapRun + SEP, true, mapRun + (char) (SEP + 1), false)) {
                if (given == budget) {
                    return false;
                }
                removal.accept(IndexChange.remove(IndexMap.MAP_RUN_CHILDREN, listing.substring(listing.lastIndexOf(SEP) + 1)));
                given++;
            }
        }
        return true;
    }

    /** The ARNs of a Map Run's children, in index order, handed to {@code each} (repair copies them). */
    void forEachChildOf(String mapRunArn, Consumer<String> each) {
        for (String listing : childrenByMapRun.subSet(mapRunArn + SEP, true, mapRunArn + (char) (SEP + 1), false)) {
            each.accept(listing.substring(listing.lastIndexOf(SEP) + 1));
        }
    }

    String definition(String id) {
        String cached = definitionCache.get(id);
        if (cached != null) {
            return cached;
        }
        byte[] text = definitions.get(id);
        if (text == null) {
            return null;
        }
        String definition = new String(text, StandardCharsets.UTF_8);
        definitionCache.put(id, definition);
        return definition;
    }

    Optional<ExecutionSummary> summary(String arn) {
        byte[] entry = executions.get(arn);
        return entry == null ? Optional.empty() : Optional.of(summaryOf(entry));
    }

    /** The full record's JSON text, read from the log where the index keeps only its place. */
    Optional<String> executionJson(String arn) {
        byte[] entry = executions.get(arn);
        if (entry == null) {
            return Optional.empty();
        }
        ChunkRef ref = refOf(entry);
        if (ref == null) {
            int summaryLength = ByteBuffer.wrap(entry, 1, 4).getInt();
            return Optional.of(new String(entry, 5 + summaryLength, entry.length - 5 - summaryLength, StandardCharsets.UTF_8));
        }
        return Optional.of(IndexLayout.executionJson(log.read(ref)));
    }

    /** Every execution the index holds (repair compares them with what it salvaged). */
    List<String> executionArns() {
        return new ArrayList<>(executions.keySet());
    }

    List<String> runningArns() {
        return new ArrayList<>(running);
    }

    Map<ExecutionStatus, Long> counts(String stateMachineArn) {
        Map<ExecutionStatus, Long> result = new EnumMap<>(ExecutionStatus.class);
        String machine = stateMachineArn == null ? ALL_MACHINES : stateMachineArn;
        for (ExecutionStatus status : ExecutionStatus.values()) {
            result.put(status, counts.getOrDefault(machine + SEP + status.name(), 0L));
        }
        return result;
    }

    ExecutionPage executions(ExecutionQuery query) {
        ExecutionBuckets.Entry from = query.cursor() == null ? null : ExecutionBuckets.position(query.cursor());
        if (query.status() == ExecutionStatus.RUNNING) {
            return runningPage(query, from);
        }
        List<ExecutionSummary> page = new ArrayList<>();
        int[] scanned = {0};
        ExecutionBuckets.Entry[] last = {null};
        boolean[] more = {false};
        byStart.newestFirst(query.stateMachineArn(), from, entry -> {
            if (page.size() == query.pageSize() || scanned[0] == MAX_SCANNED_PER_PAGE) {
                more[0] = true;
                return false;
            }
            last[0] = entry;
            scanned[0]++;
            byte[] stored = executions.get(entry.arn());
            if (stored == null) {
                return true;
            }
            ExecutionSummary summary = summaryOf(stored);
            if (query.matches(summary)) {
                page.add(summary);
            }
            return true;
        });
        return new ExecutionPage(page, more[0] ? ExecutionBuckets.cursor(last[0]) : null);
    }

    /** Running executions are few and change status: they are listed from their set. */
    private ExecutionPage runningPage(ExecutionQuery query, ExecutionBuckets.Entry from) {
        List<ExecutionSummary> matching = new ArrayList<>();
        for (String arn : running) {
            byte[] entry = executions.get(arn);
            if (entry == null) {
                continue;
            }
            ExecutionSummary summary = summaryOf(entry);
            if (query.matches(summary) && (from == null || position(summary).after(from))) {
                matching.add(summary);
            }
        }
        matching.sort(Comparator.comparing(MapDbIndex::position, ExecutionBuckets.Entry.NEWEST_FIRST));
        if (matching.size() <= query.pageSize()) {
            return new ExecutionPage(matching, null);
        }
        List<ExecutionSummary> page = List.copyOf(matching.subList(0, query.pageSize()));
        return new ExecutionPage(page, ExecutionBuckets.cursor(position(page.get(page.size() - 1))));
    }

    private static ExecutionBuckets.Entry position(ExecutionSummary summary) {
        return new ExecutionBuckets.Entry(ExecutionSummary.nanos(summary.startDate()), summary.arn());
    }

    /** Executions started before {@code startNanos}, oldest first, handed to {@code each} until it says stop. */
    void forEachStartedBefore(long startNanos, java.util.function.Predicate<ExecutionSummary> each) {
        byStart.oldestFirstBefore(startNanos, entry -> {
            byte[] stored = executions.get(entry.arn());
            return stored == null || each.test(summaryOf(stored));
        });
    }

    // ---- chunks ----

    /** The entry of the chunk that begins at {@code number}, or null. */
    byte[] eventChunk(String arn, long number) {
        return events.get(IndexLayout.key(arn, number));
    }

    byte[] journalChunk(String arn, long number) {
        return journal.get(IndexLayout.key(arn, number));
    }

    long lastNumber(byte[] entry) {
        return log == null ? IndexLayout.lastNumber(entry) : ChunkRef.decode(entry).lastNumber();
    }

    String chunkText(byte[] entry) {
        return new String(log == null ? entry : log.read(ChunkRef.decode(entry)), StandardCharsets.UTF_8);
    }

    /** The keys of an execution's event and journal chunks and its Map Runs (expiry removes them with it). */
    void forEachChunkKey(String arn, Consumer<IndexChange> removal) {
        mapRunArnsOf(arn).forEach(mapRun -> removal.accept(IndexChange.remove(IndexMap.MAP_RUNS, mapRun)));
        for (long number = 1; ; ) {
            byte[] entry = events.get(IndexLayout.key(arn, number));
            if (entry == null) {
                break;
            }
            removal.accept(IndexChange.remove(IndexMap.EVENTS, IndexLayout.key(arn, number)));
            number = lastNumber(entry) + 1;
        }
        for (long number = 0; ; ) {
            byte[] entry = journal.get(IndexLayout.key(arn, number));
            if (entry == null) {
                break;
            }
            removal.accept(IndexChange.remove(IndexMap.JOURNAL, IndexLayout.key(arn, number)));
            number = lastNumber(entry) + 1;
        }
    }

    // ---- compaction ----

    /**
     * Whether a change that the record at {@code offset} of {@code segment} made is what the index
     * holds now: its value must then be copied forward before the segment goes. Removals never are:
     * compaction takes the oldest segment, so no older put is left for them to hide.
     */
    boolean isLive(IndexChange change, long segment, long offset, int valueOffset) {
        if (change.value() == null) {
            return false;
        }
        return switch (change.map()) {
            case STATE_MACHINES -> java.util.Arrays.equals(stateMachines.get(change.key()), change.value());
            case ACTIVITIES -> java.util.Arrays.equals(activities.get(change.key()), change.value());
            case ALIASES -> java.util.Arrays.equals(aliases.get(change.key()), change.value());
            case MAP_RUNS -> java.util.Arrays.equals(mapRuns.get(change.key()), change.value());
            case MAP_RUN_CHILDREN -> {
                byte[] entry = mapRunChildren.get(change.key());
                ChunkRef ref = entry == null ? null : refOf(entry);
                yield ref != null && ref.isIn(segment, offset) && ref.valueOffset() == valueOffset;
            }
            case OUTBOX -> java.util.Arrays.equals(outbox.get(change.key()), change.value());
            case DEFINITIONS -> definitions.containsKey(change.key());
            case EXECUTIONS -> {
                byte[] entry = executions.get(change.key());
                ChunkRef ref = entry == null ? null : refOf(entry);
                yield ref != null && ref.isIn(segment, offset) && ref.valueOffset() == valueOffset;
            }
            case EVENTS -> pointsAt(events.get(change.key()), segment, offset, valueOffset);
            case JOURNAL -> pointsAt(journal.get(change.key()), segment, offset, valueOffset);
        };
    }

    private static boolean pointsAt(byte[] entry, long segment, long offset, int valueOffset) {
        if (entry == null) {
            return false;
        }
        ChunkRef ref = ChunkRef.decode(entry);
        return ref.isIn(segment, offset) && ref.valueOffset() == valueOffset;
    }

    long liveBytes() {
        return liveBytes.get();
    }

    // ---- life ----

    /** Syncs the index file (without transactions, MapDB's commit is a sync; its close alone is not). */
    void sync() {
        db.commit();
    }

    @Override
    public void close() {
        db.close();
    }
}
