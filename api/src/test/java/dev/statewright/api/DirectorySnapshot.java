package dev.statewright.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the files under a directory hold at one moment: per file (by its path relative to the
 * directory), its size, modification time and a digest of its bytes. Two snapshots are equal when
 * no file was added, removed, written or touched in between.
 */
public record DirectorySnapshot(Map<String, String> files) {

    /** Every regular file under {@code root}. */
    public static DirectorySnapshot of(Path root) {
        return of(root, path -> true);
    }

    /** The regular files under {@code root} whose relative path {@code included} accepts. */
    public static DirectorySnapshot of(Path root, Predicate<String> included) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(path).toString();
                if (included.test(name)) {
                    files.put(name, Files.size(path) + " bytes, modified " + Files.getLastModifiedTime(path).toMillis()
                            + ", sha-256 " + digest(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + root, e);
        }
        return new DirectorySnapshot(files);
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
