package dev.statewright.api.store;

import java.nio.file.Path;

/**
 * The log holds damage that is not a crash's torn end: acknowledged records follow it, or a record
 * the index points at no longer matches its checksum. The store will not guess what the damaged
 * bytes held; {@code statewright repair} salvages every intact execution and says what was lost.
 */
public final class StoreDamagedException extends IllegalStateException {
    private final transient Path file;
    private final long offset;

    StoreDamagedException(Path file, long offset, String what) {
        super("The log segment " + file + " is damaged at byte " + offset + ": " + what
                + ". Stop Statewright and run `statewright repair --data-dir " + dataDirectoryOf(file)
                + "`: it keeps every intact execution, reports what was lost, and sets the damaged files aside");
        this.file = file;
        this.offset = offset;
    }

    private static Path dataDirectoryOf(Path segment) {
        Path log = segment.toAbsolutePath().getParent();
        return log == null || log.getParent() == null ? segment : log.getParent();
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
