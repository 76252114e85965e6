package dev.statewright.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a data directory, taken before anything in it is read. Two services on one
 * directory would both resume its executions (running their tasks twice), write into the same log
 * at the same positions and replace each other's index. The lock is the operating system's
 * (released when the process ends, however it ends); the file also says who holds it, so a second
 * service can name the process in its refusal.
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String NAME = "lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} (creating it if needed) for this process.
     *
     * @throws DataDirectoryInUseException when another process, or another store in this one, holds it
     */
    public static DataDirectoryLock acquire(Path directory) {
        Path file = directory.resolve(NAME);
        FileChannel channel;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the lock file " + file + " of the data directory", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process, through another channel
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock the data directory " + directory, e);
        }
        if (lock == null) {
            String holder = readHolder(channel);
            closeQuietly(channel);
            throw new DataDirectoryInUseException(directory, holder);
        }
        try {
            byte[] holder = (ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder), 0);
            channel.force(false);
        } catch (IOException e) {
            // The lock holds without the note; only the refusal of a second service is less precise.
        }
        return new DataDirectoryLock(file, channel, lock);
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(256);
            channel.read(bytes, 0);
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked through it
        }
    }

    Path file() {
        return file;
    }

    /** Releases the lock; the file stays (removing it would race with the next holder). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    /** The data directory is locked by another process (or another store in this process). */
    public static final class DataDirectoryInUseException extends IllegalStateException {
        private final transient Path directory;

        DataDirectoryInUseException(Path directory, String holder) {
            super("The data directory " + directory.toAbsolutePath() + " is in use by another Statewright"
                    + (holder == null ? "" : " (process " + holder + ")")
                    + ": stop it first, or give this one another --data-dir");
            this.directory = directory;
        }

        public Path directory() {
            return directory;
        }
    }
}
