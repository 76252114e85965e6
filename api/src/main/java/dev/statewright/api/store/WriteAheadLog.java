package dev.statewright.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The store's durable record: an append-only log of batches, one {@link LogRecord} per batch, written
 * and synced to disk once per group of batches (group commit). A sync of an appended file costs a
 * fraction of a millisecond, where a transactional commit of an index costs tens: so every batch is
 * durable once it is in the log, and the index is only a view of it, rebuilt from the log when it
 * was not closed cleanly. Old segments go only by compaction, which copies what they still hold
 * that is live to the head first.
 *
 * <p>Opening tells a crash's torn end from damage: only the last group can be torn (the next group
 * is written only once this one is synced), so a bad record that records of a later group follow is
 * damage, and the log refuses to open rather than drop them ({@link StoreDamagedException}). A torn
 * end is zeroed, so the log goes on from the last whole record.
 */
final class WriteAheadLog implements AutoCloseable {
    private static final String SUFFIX = ".wal";
    private static final String PREPARED_SUFFIX = SUFFIX + ".new";
    /** How long a segment is made by default; the group after the one that fills it goes to the next. */
    static final long SEGMENT_BYTES = 64L << 20;

    private final Path directory;
    private final long segmentBytes;
    private final UnaryOperator<FileChannel> appendChannels;
    private FileChannel channel;
    private long segment;
    private long offset;
    private long nextGroup = 1;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    /** Whether the segment being written has its end mark: the next group goes to a new segment. */
    private boolean segmentEnded;
    /** Set when a failed write could not be undone: appending again could put stale records in the log. */
    private IOException broken;
    /** Segments opened for reading values the index points at; reads run on any thread. */
    private final Map<Long, FileChannel> readers = new ConcurrentHashMap<>();
    /**
     * Makes the next segment while the committer fills this one: zero-filling and syncing 64 MiB
     * took 40-200 ms under load, and every commit waited for it at each roll.
     */
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statewright-log-preparer");
        thread.setDaemon(true);
        return thread;
    });
    /** The next segment, full size under a temporary name, once this one is half full; null before. */
    private CompletableFuture<Path> nextSegment;
    private volatile boolean closed;

    private WriteAheadLog(Path directory, long segmentBytes, UnaryOperator<FileChannel> appendChannels) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.appendChannels = appendChannels;
    }

    static WriteAheadLog open(Path directory) {
        return open(directory, SEGMENT_BYTES, UnaryOperator.identity());
    }

    static WriteAheadLog open(Path directory, UnaryOperator<FileChannel> appendChannels) {
        return open(directory, SEGMENT_BYTES, appendChannels);
    }

    /**
     * Opens the log with segments of {@code segmentBytes} (tests make them small) and its append
     * channels passed through {@code appendChannels} (tests make them fail).
     */
    static WriteAheadLog open(Path directory, long segmentBytes, UnaryOperator<FileChannel> appendChannels) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the log directory " + directory, e);
        }
        deletePreparedSegments(directory); // made ahead by a run that stopped: a new one is made as needed
        return new WriteAheadLog(directory, segmentBytes, appendChannels);
    }

    private static void deletePreparedSegments(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(PREPARED_SUFFIX)).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the log directory " + directory, e);
        }
    }

    /** The numbers of the segment files on disk, in order. */
    List<Long> segments() {
        return segments(directory);
    }

    static List<Long> segments(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> Long.parseLong(name.substring(0, name.length() - SUFFIX.length()))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the log directory " + directory, e);
        }
    }

    /** The bytes the log's segments take on disk. */
    long bytesOnDisk() {
        long total = 0;
        for (long number : segments()) {
            try {
                total += Files.size(file(number));
            } catch (IOException e) {
                // deleted by compaction meanwhile
            }
        }
        return total;
    }

    /**
     * Hands every whole record from {@code from} on to {@code apply}, in order, then opens the log
     * for appending after the last of them.
     *
     * @throws StoreDamagedException when a bad record has acknowledged records after it
     */
    void replay(LogPosition from, Consumer<LoggedBatch> apply) {
        List<Long> segments = segments().stream().filter(number -> number >= from.segment()).toList();
        LogRecord lastGood = null;
        long maxGroup = 0;
        long appendSegment = from.segment();
        long appendAt = from.offset();
        boolean endMarked = false;
        for (int i = 0; i < segments.size(); i++) {
            long number = segments.get(i);
            ByteBuffer data = ByteBuffer.wrap(readSegment(number));
            int position = number == from.segment() ? (int) from.offset() : 0;
            endMarked = false;
            while (true) {
                SegmentScan.Next next = SegmentScan.next(data, position, number);
                if (next.kind() == SegmentScan.Kind.END) {
                    break;
                }
                if (next.kind() == SegmentScan.Kind.GOOD) {
                    LogRecord record = next.record();
                    if (record.isSegmentEnd()) {
                        maxGroup = Math.max(maxGroup, record.group());
                        endMarked = true;
                        break; // nothing this segment holds after its end mark counts
                    }
                    BatchBody body = BatchBody.decode(record.body());
                    if (body != null && (lastGood == null || record.group() < 0 || record.group() >= lastGood.group())) {
                        apply.accept(LoggedBatch.of(record, body));
                        lastGood = record;
                        maxGroup = Math.max(maxGroup, record.group());
                        position += record.bytes();
                        continue;
                    }
                }
                // A bad spot: a torn end, or damage.
                tornEndOrDamage(data, position, number, segments.subList(i + 1, segments.size()), lastGood);
                break;
            }
            appendSegment = number;
            appendAt = endMarked ? data.limit() : position;
        }
        nextGroup = maxGroup + 1;
        if (endMarked) {
            openForAppend(appendSegment + 1, 0); // closed by a roll whose next segment was never made
        } else {
            openForAppend(appendSegment, appendAt);
        }
    }

    /**
     * A record that does not read whole at {@code at}: a crash's torn end when nothing of a later
     * group than the one it may belong to follows it (then it is zeroed), else damage.
     */
    private void tornEndOrDamage(ByteBuffer data, int at, long number, List<Long> laterSegments, LogRecord lastGood) {
        SegmentScan.Found after = SegmentScan.validRecordsAfter(data, at + 1, number);
        for (long later : laterSegments) {
            after = after.and(SegmentScan.validRecordsAfter(ByteBuffer.wrap(readSegment(later)), 0, later));
        }
        // The group the bad record may belong to: the last good one's, if it was not its group's
        // last record, else the next. Records of older groups after it are stale (a failed write).
        long tornGroup = lastGood == null ? -1 : lastGood.groupUnfinished() ? lastGood.group() : lastGood.group() + 1;
        boolean legacy = lastGood != null && lastGood.group() < 0;
        boolean torn = after.count() == 0 || (!legacy && lastGood != null && after.maxGroup() <= tornGroup);
        if (!torn) {
            throw new StoreDamagedException(file(number), at, after.count() + " whole record" + (after.count() == 1 ? "" : "s")
                    + " of later groups follow it, so it is not the torn end of a crash");
        }
        zero(file(number), at, SegmentScan.lastNonZero(data, at) + 1);
    }

    private byte[] readSegment(long number) {
        Path file = file(number);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log segment " + file, e);
        }
    }

    /** Zeroes bytes {@code [from, to)} of a segment and syncs them: a torn record was never acknowledged. */
    private static void zero(Path file, long from, long to) {
        if (to <= from) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            writeZeros(channel, from, to);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the torn end off the log segment " + file, e);
        }
    }

    private static void writeZeros(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(1 << 20, to - from));
        for (long at = from; at < to; ) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), to - at));
            at += channel.write(zeros, at);
        }
    }

    /**
     * Appends go to segment {@code number} from {@code at} on. The log's state changes only once the
     * segment is open (and, when new, made full size): a segment that cannot be made on a full disk
     * is removed again, and the log stays as it was, to try again at the next group.
     */
    private void openForAppend(long number, long at) {
        Path file = file(number);
        boolean created = !Files.exists(file);
        FileChannel opened = null;
        try {
            opened = appendChannels.apply(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            if (created) {
                preallocate(opened, segmentBytes);
                syncDirectory(directory);
            }
            opened.position(at);
        } catch (IOException e) {
            closeQuietly(opened);
            if (created) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // an empty or part-made segment holds no record: replay reads it as zeros
                }
            }
            throw new UncheckedIOException("Cannot open the log segment " + file, e);
        }
        channel = opened;
        segment = number;
        offset = at;
        segmentEnded = false;
        nextSegment = null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing what failed to open
            }
        }
    }

    /** Makes segment {@code number} full size under a name replay does not read, to be renamed when it is needed. */
    private Path prepare(long number) {
        Path prepared = file(number, PREPARED_SUFFIX);
        try (FileChannel made = FileChannel.open(prepared, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            preallocate(made, segmentBytes);
            return prepared;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(prepared); // a part-made segment on a full disk holds space for nothing
            } catch (IOException ignored) {
                // the next opening deletes it
            }
            throw new UncheckedIOException("Cannot make the log segment " + prepared, e);
        }
    }

    /**
     * Writes a new segment full of zeros and syncs it, so that later appends overwrite blocks
     * the file already has: syncing them then writes data only, not the file's size and block
     * map as well, which made each group's sync several times dearer.
     */
    private static void preallocate(FileChannel channel, long bytes) throws IOException {
        writeZeros(channel, 0, bytes);
        channel.force(true);
    }

    /** Appends batches given as changes (tests). */
    List<LoggedBatch> append(List<List<IndexChange>> batches) throws IOException {
        Compression compression = new Compression();
        try {
            return appendPrepared(batches.stream().map(changes -> PreparedBatch.of(changes, compression)).toList());
        } finally {
            compression.close();
        }
    }

    /**
     * Appends one record per batch, as one group, and syncs them to disk: once this returns, they
     * are durable. Returns the batches with where they lie. A group that fails is undone on disk
     * (zeroed), so it can never be replayed: whoever handed it in was told it failed.
     */
    List<LoggedBatch> appendPrepared(List<PreparedBatch> batches) throws IOException {
        if (broken != null) {
            throw new IOException("The log cannot be written since a failed write could not be undone ("
                    + broken.getMessage() + "); restart Statewright", broken);
        }
        if (offset >= segmentBytes || segmentEnded) {
            roll(); // the last group filled this segment; rolling now, a failed roll fails this group, not that one
        }
        long group = nextGroup++; // never reused, even when this group fails: its stale bytes must not pass for a later one
        buffer.clear();
        long bufferAt = offset;
        List<LoggedBatch> logged = new ArrayList<>(batches.size());
        for (int i = 0; i < batches.size(); i++) {
            PreparedBatch batch = batches.get(i);
            ensure(batch.recordBytes());
            int at = buffer.position();
            buffer.position(at + LogRecord.HEADER_BYTES);
            buffer.put(batch.payload());
            LogRecord.writeHeader(buffer, at, batch.payload().length, group, i, batches.size(), batch.codec(), 0);
            logged.add(new LoggedBatch(batch.changes(), segment, bufferAt + at, batch.recordBytes(),
                    batch.body().valueOffsets()));
        }
        buffer.flip();
        writeGroup(bufferAt);
        if (nextSegment == null && offset >= segmentBytes / 2) {
            long next = segment + 1;
            nextSegment = CompletableFuture.supplyAsync(() -> prepare(next), preparer);
        }
        return logged;
    }

    private void writeGroup(long at) throws IOException {
        int length = buffer.remaining();
        long sizeBefore = channel.size();
        try {
            while (buffer.hasRemaining()) {
                offset += channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            undo(at, length, sizeBefore, e);
            throw e;
        }
    }

    /**
     * Takes a failed group back: the next group goes where it began, and its bytes are zeroed first,
     * so no record of it, whole or torn, can be replayed or sit between acknowledged ones. What the
     * write added past the file's end (a group that outgrew its segment) is cut off, not zeroed:
     * on a full disk zeroing it would need the room the write lacked, and the log, unable to undo
     * the group, could never be written again.
     */
    private void undo(long at, int length, long sizeBefore, IOException failure) {
        offset = at;
        try {
            if (channel.size() > sizeBefore) {
                channel.truncate(sizeBefore);
            }
            channel.position(at);
            long end = Math.min(at + length, sizeBefore);
            if (end > at) {
                writeZeros(channel, at, end);
            }
            channel.force(false);
            channel.position(at);
        } catch (IOException e) {
            e.addSuppressed(failure);
            broken = e;
        }
    }

    /**
     * The bytes of a value the log holds, where {@code ref} says, after checking its record's
     * checksum. Readers share one channel per segment, and a channel closes for good when a thread
     * reading it is interrupted: so a read runs with the interrupt set aside (and restored after),
     * and a channel found closed by another's interrupt is replaced.
     *
     * @throws SegmentGoneException when compaction removed the segment meanwhile (read the index again)
     * @throws StoreDamagedException when the record no longer matches its checksum
     */
    byte[] read(ChunkRef ref) {
        LogRecord record = readRecord(ref.segment(), ref.recordOffset(), ref.recordBytes());
        return BatchBody.value(record.body(), ref.valueOffset(), ref.valueLength());
    }

    /** The record at {@code offset} of a segment, checked and decompressed. */
    LogRecord readRecord(long number, long at, int bytes) {
        boolean interrupted = Thread.interrupted();
        try {
            ByteBuffer data;
            try {
                data = readOnce(number, at, bytes);
            } catch (ClosedChannelException closedByAnother) {
                data = readOnce(number, at, bytes); // on a new channel: readOnce dropped the closed one
            }
            LogRecord record = LogRecord.parse(data, 0, number, at);
            if (record == null || record.bytes() != bytes) {
                throw new StoreDamagedException(file(number), at, "the record the index points at does not match its"
                        + " checksum");
            }
            return record;
        } catch (NoSuchFileException e) {
            throw new SegmentGoneException(number);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + bytes + " bytes at " + at + " of the log segment "
                    + file(number), e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ByteBuffer readOnce(long number, long at, int bytes) throws IOException {
        if (closed) {
            throw new IllegalStateException("The log is closed");
        }
        ByteBuffer data = ByteBuffer.allocate(bytes);
        FileChannel reader = readers.get(number);
        if (reader == null) {
            reader = FileChannel.open(file(number), StandardOpenOption.READ);
            FileChannel raced = readers.putIfAbsent(number, reader);
            if (raced != null) {
                reader.close();
                reader = raced;
            }
        }
        try {
            while (data.hasRemaining()) {
                if (reader.read(data, at + data.position()) < 0) {
                    break; // the record is cut short: parse says so
                }
            }
        } catch (ClosedChannelException e) {
            readers.remove(number, reader);
            throw e;
        }
        data.flip();
        return data;
    }

    /** Every whole record of a segment in order, up to its end mark or its first bad spot (compaction). */
    void forEachRecord(long number, Consumer<LogRecord> each) {
        ByteBuffer data = ByteBuffer.wrap(readSegment(number));
        int position = 0;
        while (true) {
            SegmentScan.Next next = SegmentScan.next(data, position, number);
            if (next.kind() != SegmentScan.Kind.GOOD || next.record().isSegmentEnd()) {
                return;
            }
            each.accept(next.record());
            position += next.record().bytes();
        }
    }

    /**
     * Every whole record of a segment from {@code from}, until about {@code sliceBytes} have been
     * read; returns whether the segment's end was reached (compaction, a slice at a time).
     */
    boolean forEachRecordFrom(long number, long from, int sliceBytes, Consumer<LogRecord> each) {
        long at = from;
        long readUpTo = from + sliceBytes;
        while (at < readUpTo) {
            LogRecord record = recordAt(number, at);
            if (record == null || record.isSegmentEnd()) {
                return true;
            }
            each.accept(record);
            at += record.bytes();
        }
        return false;
    }

    /** The whole record at {@code at} of a segment; null where the segment's records end. */
    private LogRecord recordAt(long number, long at) {
        try (FileChannel reader = FileChannel.open(file(number), StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(LogRecord.HEADER_BYTES);
            reader.read(header, at);
            header.flip();
            if (header.remaining() < LogRecord.LEGACY_HEADER_BYTES) {
                return null;
            }
            int first = header.getInt(0);
            long length = first == LogRecord.MAGIC ? (header.remaining() < LogRecord.HEADER_BYTES ? -1
                    : LogRecord.HEADER_BYTES + (long) header.getInt(4)) : LogRecord.LEGACY_HEADER_BYTES + (long) first;
            if (first == 0 || length <= 0 || length > LogRecord.MAX_PAYLOAD_BYTES) {
                return null;
            }
            ByteBuffer data = ByteBuffer.allocate((int) length);
            while (data.hasRemaining() && reader.read(data, at + data.position()) >= 0) {
                // read on until the record is whole or the file ends
            }
            data.flip();
            return LogRecord.parse(data, 0, number, at);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log segment " + file(number), e);
        }
    }

    /**
     * Every batch of the whole log, in order, read as it is now (an index rebuilt while the store
     * runs: the log was checked when it was opened, and only this store has appended since).
     */
    void forEachBatch(Consumer<LoggedBatch> apply) {
        for (long number : segments()) {
            forEachRecord(number, record -> {
                BatchBody body = BatchBody.decode(record.body());
                if (body != null) {
                    apply.accept(LoggedBatch.of(record, body));
                }
            });
        }
    }

    /** Deletes a segment whose live values have all been copied to the head (compaction). */
    void delete(long number) throws IOException {
        if (number >= segment) {
            throw new IllegalArgumentException("The segment being written cannot be deleted: " + number);
        }
        FileChannel reader = readers.remove(number);
        if (reader != null) {
            reader.close();
        }
        Files.deleteIfExists(file(number));
        syncDirectory(directory);
    }

    /** Where the next record will go. */
    LogPosition position() {
        return new LogPosition(segment, offset);
    }

    /**
     * Starts a new, empty segment: the one made ahead, if it is there; else one made now. This one
     * gets an end mark first, synced, so that whatever lies after it (the zeros it was made with,
     * or the stale bytes of a failed write) is never read as records.
     */
    LogPosition roll() throws IOException {
        if (!segmentEnded) {
            long group = nextGroup++;
            buffer.clear();
            ensure(LogRecord.HEADER_BYTES);
            buffer.position(LogRecord.HEADER_BYTES);
            LogRecord.writeHeader(buffer, 0, 0, group, 0, 1, LogRecord.PLAIN, LogRecord.SEGMENT_END);
            buffer.flip();
            writeGroup(offset);
            segmentEnded = true; // if the next segment cannot be made now, the next group tries again from here
        }
        long next = segment + 1;
        if (nextSegment != null) {
            try {
                Files.move(nextSegment.join(), file(next), StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(directory);
            } catch (IOException | RuntimeException e) {
                nextSegment = null; // openForAppend makes it in place
            }
        }
        FileChannel ended = channel;
        try {
            openForAppend(next, 0);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        closeQuietly(ended);
        return position();
    }

    /**
     * Makes the names in {@code directory} durable (a new file, a rename, a deletion), not only the
     * files' bytes. A failed sync is an error: the name might not survive a crash. (Windows cannot
     * open a directory to sync it; there a rename is durable without it.)
     */
    static void syncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .startsWith("windows");

    Path file(long number) {
        return file(number, SUFFIX);
    }

    private Path file(long number, String suffix) {
        return directory.resolve(String.format("%016d", number) + suffix);
    }

    long segmentBytes() {
        return segmentBytes;
    }

    @Override
    public void close() {
        closed = true;
        preparer.shutdownNow();
        try {
            // A segment still being made must not go on writing under a name the next opening reuses.
            if (!preparer.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The log's next segment is still being made after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deletePreparedSegments(directory);
        try {
            for (FileChannel reader : readers.values()) {
                reader.close();
            }
            readers.clear();
            if (channel != null) {
                channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the log segment " + file(segment), e);
        }
    }

    private void ensure(int bytes) {
        if (buffer.remaining() >= bytes) {
            return;
        }
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
        buffer.flip();
        larger.put(buffer);
        buffer = larger;
    }

    /** A segment compaction removed after the index pointed a reader at it: read the index again. */
    static final class SegmentGoneException extends RuntimeException {
        SegmentGoneException(long segment) {
            super("The log segment " + segment + " was compacted away", null, false, false);
        }
    }
}
