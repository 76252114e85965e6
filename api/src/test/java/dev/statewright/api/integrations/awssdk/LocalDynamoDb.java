package dev.statewright.api.integrations.awssdk;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DynamoDB for tests: dynalite (an open-source implementation on Node.js, from npm),
 * installed once into {@code target/node-tools} and started on a free port, tables created in
 * 0 ms. Without Node.js the tests that need it are skipped with the reason, unless
 * STATEWRIGHT_REQUIRE_NODE is set (as CI does), when they fail.
 */
final class LocalDynamoDb implements AutoCloseable {
    static final String VERSION = "4.0.0";
    private final Process process;
    private final URI endpoint;

    LocalDynamoDb() throws IOException, InterruptedException {
        requireNode();
        Path tools = Path.of("target", "node-tools", "dynalite-" + VERSION).toAbsolutePath();
        Path cli = tools.resolve("node_modules/dynalite/cli.js");
        if (!Files.exists(cli)) {
            install(tools);
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        process = new ProcessBuilder("node", cli.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine(); // it says where it listens once it does
        if (line == null || !line.contains("listening")) {
            process.destroyForcibly();
            Assertions.fail("dynalite did not start: " + line);
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
    }

    private static void install(Path tools) throws IOException, InterruptedException {
        Files.createDirectories(tools);
        Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                tools.toString(), "dynalite@" + VERSION).redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            Assertions.fail("npm could not install dynalite " + VERSION + ":\n" + log);
        }
    }

    private static void requireNode() {
        boolean present;
        try {
            Process probe = new ProcessBuilder(List.of("node", "--version")).redirectErrorStream(true).start();
            present = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        String why = "these tests run dynalite, which needs Node.js and npm on the PATH";
        if (System.getenv("STATEWRIGHT_REQUIRE_NODE") != null) {
            Assertions.assertTrue(present, why + "; STATEWRIGHT_REQUIRE_NODE is set, so its absence is a failure");
        }
        Assumptions.assumeTrue(present, why + " (skipped: not found)");
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
