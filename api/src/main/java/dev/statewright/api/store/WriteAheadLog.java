package dev.statewright.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.zip.CRC32C;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * The store's durable record: an append-only log of index changes, one record per batch, synced
 * to disk once per group of batches. A sync of an appended file costs a fraction of a millisecond,
 * where a transactional commit of an index costs tens: so every batch is durable once it is in the
 * log, and the index is only a view of it, rebuilt from the whole log when it was not closed cleanly.
 * Segments are therefore kept, not dropped.
 *
 * <p>A record is {@code [int length][int crc32c][payload]}. A crash can leave the last record torn;
 * replay stops there and cuts it off, so the log goes on from the last whole record.
 */
final class WriteAheadLog implements AutoCloseable {
    private static final String SUFFIX = ".wal";
    private static final String PREPARED_SUFFIX = SUFFIX + ".new";
    private static final int HEADER_BYTES = 8;
    /** How long a segment is made; the group after the one that fills it goes to the next. */
    static final long SEGMENT_BYTES = 64L << 20;

    private final Path directory;
    private final UnaryOperator<FileChannel> appendChannels;
    private FileChannel channel;
    private long segment;
    private long offset;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    /** Segments opened for reading values (chunks) the index points at; reads run on any thread. */
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

    private WriteAheadLog(Path directory, UnaryOperator<FileChannel> appendChannels) {
        this.directory = directory;
        this.appendChannels = appendChannels;
    }

    static WriteAheadLog open(Path directory) {
        return open(directory, UnaryOperator.identity());
    }

    /** Opens the log with its append channels passed through {@code appendChannels}: tests make them fail. */
    static WriteAheadLog open(Path directory, UnaryOperator<FileChannel> appendChannels) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the log directory " + directory, e);
        }
        deletePreparedSegments(directory); // made ahead by a run that stopped: a new one is made as needed
        return new WriteAheadLog(directory, appendChannels);
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
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> Long.parseLong(name.substring(0, name.length() - SUFFIX.length()))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the log directory " + directory, e);
        }
    }

    /**
     * Hands every whole record from {@code from} on to {@code apply}, in order, then opens the log
     * for appending after the last of them.
     */
    void replay(LogPosition from, Consumer<LoggedBatch> apply) {
        List<Long> segments = segments().stream().filter(number -> number >= from.segment()).toList();
        long lastSegment = segments.isEmpty() ? from.segment() : segments.get(segments.size() - 1);
        long end = 0;
        for (long number : segments) {
            long start = number == from.segment() ? from.offset() : 0;
            end = replaySegment(number, start, number == lastSegment, apply);
        }
        openForAppend(lastSegment, segments.isEmpty() ? 0 : end);
    }

    private long replaySegment(long number, long start, boolean last, Consumer<LoggedBatch> apply) {
        Path file = file(number);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the log segment " + file, e);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes);
        long position = start;
        while (position + HEADER_BYTES <= bytes.length) {
            int length = data.getInt((int) position);
            int crc = data.getInt((int) position + 4);
            if (length == 0) {
                break; // the zeros a segment is created with: the end of what was written
            }
            if (length < 0 || position + HEADER_BYTES + length > bytes.length
                    || crc != checksum(bytes, (int) position + HEADER_BYTES, length)) {
                break;
            }
            apply.accept(decode(ByteBuffer.wrap(bytes, (int) position + HEADER_BYTES, length), number));
            position += HEADER_BYTES + length;
        }
        if (position < bytes.length && !onlyZeros(bytes, position)) {
            if (!last) {
                throw new IllegalStateException("The log segment " + file + " is damaged at byte " + position
                        + ", before the end of the log: the data directory needs repair");
            }
            truncate(file, position); // a record torn by a crash was never acknowledged
        }
        return position;
    }

    private static boolean onlyZeros(byte[] bytes, long from) {
        for (int i = (int) from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cut the torn end off the log segment " + file, e);
        }
    }

    private void openForAppend(long number, long at) {
        try {
            boolean created = !Files.exists(file(number));
            channel = appendChannels.apply(FileChannel.open(file(number), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            if (created) {
                preallocate(channel);
                syncDirectory(directory);
            }
            channel.position(at);
            segment = number;
            offset = at;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the log segment " + file(number), e);
        }
        nextSegment = null;
    }

    /** Makes segment {@code number} full size under a name replay does not read, to be renamed when it is needed. */
    private Path prepare(long number) {
        Path prepared = file(number, PREPARED_SUFFIX);
        try (FileChannel made = FileChannel.open(prepared, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            preallocate(made);
            return prepared;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the log segment " + prepared, e);
        }
    }

    /**
     * Writes a new segment full of zeros and syncs it, so that later appends overwrite blocks
     * the file already has: syncing them then writes data only, not the file's size and block
     * map as well, which made each group's sync several times dearer.
     */
    private static void preallocate(FileChannel channel) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        for (long written = 0; written < SEGMENT_BYTES; written += zeros.capacity()) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                channel.write(zeros, written + zeros.position());
            }
        }
        channel.force(true);
    }

    /**
     * Appends one record per batch and syncs them to disk: once this returns, they are durable.
     * Returns the batches with where their values lie.
     */
    List<LoggedBatch> append(List<List<IndexChange>> batches) throws IOException {
        if (offset >= SEGMENT_BYTES) {
            roll(); // the last group filled this segment; rolling now, a failed roll fails this group, not that one
        }
        buffer.clear();
        long bufferAt = offset;
        List<LoggedBatch> logged = new ArrayList<>(batches.size());
        for (List<IndexChange> batch : batches) {
            int headerAt = buffer.position();
            ensure(HEADER_BYTES);
            buffer.position(headerAt + HEADER_BYTES);
            long[] valueOffsets = encode(batch, bufferAt);
            logged.add(new LoggedBatch(batch, segment, valueOffsets));
            int length = buffer.position() - headerAt - HEADER_BYTES;
            buffer.putInt(headerAt, length);
            buffer.putInt(headerAt + 4, checksum(buffer.array(), headerAt + HEADER_BYTES, length));
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                offset += channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            // Not acknowledged: the next group goes where this one began, so no torn record sits
            // between acknowledged ones (replay stops at the first, and would lose those after it).
            offset = bufferAt;
            channel.position(bufferAt);
            throw e;
        }
        if (nextSegment == null && offset >= SEGMENT_BYTES / 2) {
            long next = segment + 1;
            nextSegment = CompletableFuture.supplyAsync(() -> prepare(next), preparer);
        }
        return logged;
    }

    /**
     * The bytes of a value the log holds, where {@code ref} says. Readers share one channel per
     * segment, and a channel closes for good when a thread reading it is interrupted: so a read
     * runs with the interrupt set aside (and restored after), and a channel found closed by
     * another's interrupt is replaced.
     */
    byte[] read(ChunkRef ref) {
        boolean interrupted = Thread.interrupted();
        try {
            try {
                return readOnce(ref);
            } catch (ClosedChannelException closedByAnother) {
                return readOnce(ref); // on a new channel: readOnce dropped the closed one
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ref + " from the log", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private byte[] readOnce(ChunkRef ref) throws IOException {
        if (closed) {
            throw new IllegalStateException("The log is closed");
        }
        ByteBuffer bytes = ByteBuffer.allocate(ref.length());
        FileChannel reader = readers.computeIfAbsent(ref.segment(), this::openForReading);
        try {
            while (bytes.hasRemaining()) {
                int read = reader.read(bytes, ref.offset() + bytes.position());
                if (read < 0) {
                    throw new IllegalStateException("The log segment " + file(ref.segment()) + " ends before " + ref);
                }
            }
        } catch (ClosedChannelException e) {
            readers.remove(ref.segment(), reader);
            throw e;
        }
        return bytes.array();
    }

    private FileChannel openForReading(long number) {
        try {
            return FileChannel.open(file(number), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the log segment " + file(number), e);
        }
    }

    /** Where the next record will go. */
    LogPosition position() {
        return new LogPosition(segment, offset);
    }

    /** Starts a new, empty segment: the one made ahead, if it is there; else one made now. */
    LogPosition roll() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the log segment " + file(segment), e);
        }
        long next = segment + 1;
        if (nextSegment != null) {
            try {
                Files.move(nextSegment.join(), file(next), StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(directory);
            } catch (IOException | RuntimeException e) {
                // openForAppend makes it in place
            }
        }
        openForAppend(next, 0);
        return position();
    }

    /** Makes the names in {@code directory} durable (a new file, a rename), not only the files' bytes. */
    static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a directory; the files' own syncs still hold their data.
        }
    }

    private Path file(long number) {
        return file(number, SUFFIX);
    }

    private Path file(long number, String suffix) {
        return directory.resolve(String.format("%016d", number) + suffix);
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

    // ---- record format ----

    /** Encodes a batch into the buffer, which goes to the log at {@code bufferAt}; returns where its values begin. */
    private long[] encode(List<IndexChange> changes, long bufferAt) {
        long[] valueOffsets = new long[changes.size()];
        ensure(4);
        buffer.putInt(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            IndexChange change = changes.get(i);
            ensure(1);
            buffer.put((byte) change.map().ordinal());
            putBytes(change.key().getBytes(StandardCharsets.UTF_8));
            valueOffsets[i] = change.value() == null ? -1 : bufferAt + buffer.position() + 4;
            putBytes(change.value());
        }
        return valueOffsets;
    }

    private void putBytes(byte[] bytes) {
        if (bytes == null) {
            ensure(4);
            buffer.putInt(-1);
            return;
        }
        ensure(4 + bytes.length);
        buffer.putInt(bytes.length);
        buffer.put(bytes);
    }

    /** Decodes a record from {@code data}, which holds the whole segment, so its positions are the file's. */
    private static LoggedBatch decode(ByteBuffer data, long segment) {
        int count = data.getInt();
        List<IndexChange> changes = new ArrayList<>(count);
        long[] valueOffsets = new long[count];
        IndexMap[] maps = IndexMap.values();
        for (int i = 0; i < count; i++) {
            IndexMap map = maps[data.get()];
            byte[] key = getBytes(data);
            valueOffsets[i] = data.position() + 4;
            byte[] value = getBytes(data);
            if (value == null) {
                valueOffsets[i] = -1;
            }
            changes.add(new IndexChange(map, new String(key, StandardCharsets.UTF_8), value));
        }
        return new LoggedBatch(changes, segment, valueOffsets);
    }

    private static byte[] getBytes(ByteBuffer data) {
        int length = data.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        data.get(bytes);
        return bytes;
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

    private static int checksum(byte[] bytes, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }
}
