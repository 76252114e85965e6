package dev.statewright.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The durable service as a child JVM ({@link BenchServer}) on a free port with a fresh data
 * directory, or as a node on a PostgreSQL database. Start-up is timed from launching the process
 * to its first answered request.
 */
public final class ChildService implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final Path dataDirectory;
    private final int port;
    private final double startupMillis;

    private ChildService(Process process, Path dataDirectory, int port, double startupMillis) {
        this.process = process;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.startupMillis = startupMillis;
    }

    /** Starts the service with these JVM options and Wait time scale, and waits until it answers. */
    public static ChildService start(List<String> jvmOptions, double waitTimeScale) throws Exception {
        return start(jvmOptions, waitTimeScale, Files.createTempDirectory("statewright-bench-service"));
    }

    /** The same on a data directory that holds a store already (deleted when the child is closed). */
    public static ChildService start(List<String> jvmOptions, double waitTimeScale, Path dataDirectory) throws Exception {
        return start(jvmOptions, waitTimeScale, dataDirectory, null);
    }

    /** A node of the service on this PostgreSQL database ({@code postgresql://...}), shared with any other node. */
    public static ChildService onDatabase(List<String> jvmOptions, String database) throws Exception {
        return start(jvmOptions, 0, Files.createTempDirectory("statewright-bench-node"), database);
    }

    private static ChildService start(List<String> jvmOptions, double waitTimeScale, Path dataDirectory, String database)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchServer.class.getName());
        command.add(Integer.toString(port));
        command.add(dataDirectory.toString());
        command.add(Double.toString(waitTimeScale));
        if (database != null) {
            command.add(database);
        }
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        awaitFirstAnswer(process, port);
        ChildService child = new ChildService(process, dataDirectory, port, (System.nanoTime() - launched) / 1e6);
        String listening = child.answers.readLine();
        if (listening == null || !listening.equals("listening " + port)) {
            child.close();
            throw new IllegalStateException("the service said '" + listening + "' when it started");
        }
        return child;
    }

    public int port() {
        return port;
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    /** From launching the JVM to the first HTTP answer, in milliseconds. */
    public double startupMillis() {
        return startupMillis;
    }

    /** Sends one command to the child's stdin and gives its one-line answer, split on spaces. */
    public String[] ask(String command) throws IOException {
        commands.println(command);
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException("the service stopped (exit " + process.exitValue() + ")");
        }
        return answer.split(" ");
    }

    public MemoryPeaks peaks() throws IOException {
        String[] answer = ask("peaks");
        return new MemoryPeaks(Double.parseDouble(answer[1]), Double.parseDouble(answer[2]));
    }

    @Override
    public void close() throws Exception {
        commands.close(); // end of stdin: the child stops the service and exits
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        TempFiles.deleteTree(dataDirectory);
    }

    private static void awaitFirstAnswer(Process process, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " while starting");
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // the harness polls; the service never sleeps
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service did not answer within " + START_LIMIT.toSeconds() + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
