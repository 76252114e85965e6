package dev.statewright.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A file that says the index was closed whole, holding everything the log held up to a position.
 *
 * <p>The index is written in place without a journal of its own (the log is the journal), so after
 * a crash its file may be torn. The mark is written only after the index has been closed and synced,
 * and taken away before the index is changed again: an index without its mark is rebuilt from the log.
 */
final class CleanCloseMark {
    private static final String NAME = "index.closed";

    private CleanCloseMark() {
    }

    /**
     * Removes the mark and returns the log position it held, or empty when there was none. The removal
     * is durable before this returns, so a crash from here on leads to a rebuild.
     */
    static Optional<LogPosition> take(Path directory) {
        Path file = directory.resolve(NAME);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            Files.delete(file);
            WriteAheadLog.syncDirectory(directory);
            return Optional.of(LogPosition.parse(text));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the index's clean-close mark " + file, e);
        } catch (RuntimeException e) {
            return Optional.empty(); // a mark that cannot be read vouches for nothing: rebuild
        }
    }

    /** Marks the index, already closed and synced, as holding the log up to {@code position}. */
    static void write(Path directory, LogPosition position) {
        Path file = directory.resolve(NAME);
        Path temporary = directory.resolve(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(position.toString().getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the index's clean-close mark " + temporary, e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            WriteAheadLog.syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the index's clean-close mark " + file, e);
        }
    }
}
