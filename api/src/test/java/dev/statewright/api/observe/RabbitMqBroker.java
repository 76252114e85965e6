package dev.statewright.api.observe;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A RabbitMQ broker (Debian's rabbitmq-server) started for a test on free loopback ports, with
 * its node, data and logs in a directory of the test's and its own epmd, all ended at close. When
 * RabbitMQ is not installed the test is skipped with the reason, unless STATEWRIGHT_REQUIRE_AMQP=1
 * (CI installs it) makes that a failure.
 */
final class RabbitMqBroker implements AutoCloseable {
    private static final Path INSTALLED = Path.of("/usr/lib/rabbitmq/lib");

    private final Process epmd;
    private final Process server;
    private final int port;
    private final Path directory;

    private RabbitMqBroker(Process epmd, Process server, int port, Path directory) {
        this.epmd = epmd;
        this.server = server;
        this.port = port;
        this.directory = directory;
    }

    static RabbitMqBroker start(Path directory) {
        Optional<Path> home = installation();
        if (home.isEmpty()) {
            String why = "RabbitMQ is not installed (apt-get install rabbitmq-server): the AMQP test needs a real broker";
            if ("1".equals(System.getenv("STATEWRIGHT_REQUIRE_AMQP"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        int port = freePort();
        int distribution = freePort();
        int epmdPort = freePort();
        Process epmd = null;
        try {
            Files.createDirectories(directory.resolve("home"));
            epmd = new ProcessBuilder("epmd", "-port", String.valueOf(epmdPort), "-address", "127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(directory.resolve("epmd.log").toFile()).start();
            ProcessBuilder builder = new ProcessBuilder(home.get().resolve("sbin/rabbitmq-server").toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("server.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("HOME", directory.resolve("home").toString());
            env.put("RABBITMQ_HOME", home.get().toString());
            env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
            env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
            env.put("RABBITMQ_DIST_PORT", String.valueOf(distribution));
            env.put("RABBITMQ_NODENAME", "statewright-" + port + "@localhost");
            env.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
            env.put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
            env.put("RABBITMQ_LOGS", "-");
            env.put("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
            env.put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq").toString());
            env.put("RABBITMQ_PID_FILE", directory.resolve("rabbitmq.pid").toString());
            env.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
            env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
            env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-start_epmd false");
            RabbitMqBroker broker = new RabbitMqBroker(epmd, builder.start(), port, directory);
            broker.awaitReady(Duration.ofSeconds(90));
            return broker;
        } catch (IOException e) {
            if (epmd != null) {
                epmd.destroyForcibly();
            }
            throw new UncheckedIOException("Cannot start RabbitMQ", e);
        }
    }

    /** Debian's RabbitMQ: /usr/lib/rabbitmq/lib/rabbitmq_server-VERSION. */
    private static Optional<Path> installation() {
        if (!Files.isDirectory(INSTALLED)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(INSTALLED)) {
            return versions.filter(dir -> dir.getFileName().toString().startsWith("rabbitmq_server-"))
                    .filter(dir -> Files.isExecutable(dir.resolve("sbin/rabbitmq-server"))).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void awaitReady(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try (Connection ignored = factory().newConnection()) {
                return;
            } catch (Exception notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    String log;
                    try {
                        log = Files.readString(directory.resolve("server.log"));
                    } catch (IOException e) {
                        log = "(no log: " + e + ")";
                    }
                    close();
                    throw new AssertionError("RabbitMQ did not start: " + notYet + "\n" + log);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setConnectionTimeout(2_000);
        return factory;
    }

    URI uri() {
        return URI.create("amqp://guest:guest@127.0.0.1:" + port + "/%2F");
    }

    @Override
    public void close() {
        for (Process process : List.of(server, epmd)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
