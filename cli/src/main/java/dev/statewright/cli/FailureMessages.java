package dev.statewright.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A failure told in one line: each message along the chain of causes, from what the program
 * was doing down to what went wrong, never "null" and never a stack trace.
 */
final class FailureMessages {
    /** Causes that say no more than their type, which is meaningless to a user of the command line. */
    private static final Map<Class<? extends FileSystemException>, String> FILE_PROBLEMS = Map.of(
            FileAlreadyExistsException.class, "a file of that name is in the way",
            NoSuchFileException.class, "no such file or directory",
            NotDirectoryException.class, "not a directory",
            AccessDeniedException.class, "permission denied",
            DirectoryNotEmptyException.class, "the directory is not empty");
    private static final int MOST_CAUSES = 8;

    private FailureMessages() {
    }

    static String oneLine(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MOST_CAUSES; depth++, current = current.getCause()) {
            String part = ownPart(current);
            if (part != null && parts.stream().noneMatch(earlier -> earlier.contains(part))) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            parts.add(failure.getClass().getSimpleName());
        }
        return String.join(": ", parts).replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /**
     * What this link of the chain adds, or null when nothing: a wrapper made from its cause alone
     * (its message is the cause's {@code toString()}) or without a message repeats its cause.
     */
    private static String ownPart(Throwable link) {
        String message = link.getMessage();
        Throwable cause = link.getCause();
        boolean wrapper = cause != null && (message == null || message.isBlank() || message.equals(cause.toString()));
        if (wrapper) {
            return null;
        }
        if (link instanceof FileSystemException file && file.getReason() == null) {
            String problem = FILE_PROBLEMS.getOrDefault(file.getClass(), file.getClass().getSimpleName());
            return file.getFile() == null ? problem : file.getFile() + ": " + problem;
        }
        return message == null || message.isBlank() ? link.getClass().getSimpleName() : message;
    }
}
