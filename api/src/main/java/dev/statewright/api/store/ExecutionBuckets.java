package dev.statewright.api.store;

import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Executions in the order they started, for lists newest first: in buckets of one millisecond of
 * start time, per machine and for all machines, in a MapDB tree keyed by {@code [machine, bucket]}.
 * A tree with a key per execution cost tens of microseconds an insert (a node rewritten each time)
 * and held back the indexer; a bucket is written once per group commit for all the executions the
 * group starts in it, and a new key is needed only once a millisecond. Order comes from the start
 * time each execution's summary holds, not from when its record reached the index, so an index
 * rebuilt from a compacted log lists executions in the same order.
 *
 * <p>Changes collect while a group is applied and go down at {@link #flush()}.
 */
final class ExecutionBuckets {
    static final long BUCKET_NANOS = 1_000_000;
    /** The machine part of the keys that list every machine's executions. */
    private static final long ALL = 0;

    /** One execution in a bucket. */
    record Entry(long startNanos, String arn) {
        static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::startNanos)
                .thenComparing(Entry::arn).reversed();

        /** Whether this entry lists after (is older than) {@code position}. */
        boolean after(Entry position) {
            return NEWEST_FIRST.compare(this, position) > 0;
        }
    }

    /** A bucket's changes in the group being applied. */
    private static final class Change {
        final List<Entry> added = new ArrayList<>();
        final Set<String> removed = new HashSet<>();
    }

    private final BTreeMap<long[], byte[]> buckets;
    private final Map<List<Long>, Change> pending = new HashMap<>();

    ExecutionBuckets(DB db) {
        this.buckets = db.treeMap("executionBuckets", Serializer.LONG_ARRAY, Serializer.BYTE_ARRAY)
                .valuesOutsideNodesEnable().createOrOpen();
    }

    void add(ExecutionSummary summary) {
        for (long machine : machines(summary)) {
            change(machine, summary).added.add(entry(summary));
        }
    }

    void remove(ExecutionSummary summary) {
        for (long machine : machines(summary)) {
            Change change = change(machine, summary);
            change.added.removeIf(entry -> entry.arn().equals(summary.arn()));
            change.removed.add(summary.arn());
        }
    }

    private Change change(long machine, ExecutionSummary summary) {
        return pending.computeIfAbsent(List.of(machine, bucketOf(entry(summary).startNanos())), key -> new Change());
    }

    /** Writes the group's changes: one read and one write per bucket touched. */
    void flush() {
        for (Map.Entry<List<Long>, Change> bucket : pending.entrySet()) {
            long[] key = {bucket.getKey().get(0), bucket.getKey().get(1)};
            Change change = bucket.getValue();
            List<Entry> entries = decode(buckets.get(key));
            entries.removeIf(entry -> change.removed.contains(entry.arn()));
            for (Entry added : change.added) {
                if (entries.stream().noneMatch(entry -> entry.arn().equals(added.arn()))) {
                    entries.add(added);
                }
            }
            if (entries.isEmpty()) {
                buckets.remove(key);
            } else {
                buckets.put(key, encode(entries));
            }
        }
        pending.clear();
    }

    /**
     * Entries of one machine (or of all, for null), newest first, strictly after {@code from}
     * (null: from the newest), handed to {@code each} until it says stop.
     */
    void newestFirst(String stateMachineArn, Entry from, Predicate<Entry> each) {
        long machine = stateMachineArn == null ? ALL : machineKey(stateMachineArn);
        long highest = from == null ? Long.MAX_VALUE : bucketOf(from.startNanos());
        NavigableMap<long[], byte[]> range = buckets.subMap(new long[]{machine, Long.MIN_VALUE}, true,
                new long[]{machine, highest}, true).descendingMap();
        for (Map.Entry<long[], byte[]> bucket : range.entrySet()) {
            List<Entry> entries = decode(bucket.getValue());
            entries.sort(Entry.NEWEST_FIRST);
            for (Entry entry : entries) {
                if ((from == null || entry.after(from)) && !each.test(entry)) {
                    return;
                }
            }
        }
    }

    /** Entries of every machine started before {@code startNanos}, oldest first, until {@code each} says stop. */
    void oldestFirstBefore(long startNanos, Predicate<Entry> each) {
        NavigableMap<long[], byte[]> range = buckets.subMap(new long[]{ALL, Long.MIN_VALUE}, true,
                new long[]{ALL, bucketOf(startNanos)}, true);
        for (byte[] value : range.values()) {
            List<Entry> entries = decode(value);
            entries.sort(Entry.NEWEST_FIRST.reversed());
            for (Entry entry : entries) {
                if (entry.startNanos() < startNanos && !each.test(entry)) {
                    return;
                }
            }
        }
    }

    private static long[] machines(ExecutionSummary summary) {
        return new long[]{machineKey(summary.stateMachineArn()), ALL};
    }

    /**
     * A machine's part of the keys: a 64-bit hash of its ARN (never {@link #ALL}). Two machines
     * whose hashes meet share keys; a list checks each execution's machine, so that costs only time.
     */
    static long machineKey(String stateMachineArn) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : stateMachineArn.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash == ALL ? 1 : hash;
    }

    private static long bucketOf(long startNanos) {
        return Math.floorDiv(startNanos, BUCKET_NANOS);
    }

    private static Entry entry(ExecutionSummary summary) {
        return new Entry(ExecutionSummary.nanos(summary.startDate()), summary.arn());
    }

    private static byte[] encode(List<Entry> entries) {
        int size = 4;
        List<byte[]> arns = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            byte[] arn = entry.arn().getBytes(StandardCharsets.UTF_8);
            arns.add(arn);
            size += 8 + 4 + arn.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size).putInt(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            bytes.putLong(entries.get(i).startNanos()).putInt(arns.get(i).length).put(arns.get(i));
        }
        return bytes.array();
    }

    private static List<Entry> decode(byte[] value) {
        List<Entry> entries = new ArrayList<>();
        if (value == null) {
            return entries;
        }
        ByteBuffer bytes = ByteBuffer.wrap(value);
        int count = bytes.getInt();
        for (int i = 0; i < count; i++) {
            long start = bytes.getLong();
            byte[] arn = new byte[bytes.getInt()];
            bytes.get(arn);
            entries.add(new Entry(start, new String(arn, StandardCharsets.UTF_8)));
        }
        return entries;
    }

    /** A position in a list, as a page's cursor: the last entry it looked at. */
    static String cursor(Entry entry) {
        return entry.startNanos() + ":" + entry.arn();
    }

    /** @throws InvalidCursorException when {@code cursor} is not one this list gave */
    static Entry position(String cursor) {
        int colon = cursor.indexOf(':');
        try {
            if (colon < 1) {
                throw new NumberFormatException();
            }
            return new Entry(Long.parseLong(cursor.substring(0, colon)), cursor.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidCursorException(cursor);
        }
    }
}
