package dev.statewright.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class (the service, or the command line) run as a child JVM on the test's class path,
 * as it runs in a deployment: on real files, its output read line by line (standard error with
 * it), ended by SIGKILL or stopped by SIGTERM. Fault tests use it so that a crash is a real one:
 * no shutdown hook, no final commit, the operating system's lock released by the process's end.
 */
public final class ServiceProcess implements AutoCloseable {
    /** How much output a failure message quotes. */
    private static final int QUOTED_LINES = 60;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    /** Set once the process's output has ended (it exited, or was killed). */
    private boolean outputEnded;

    private ServiceProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args} in a JVM of its own, with {@code jvmOptions} (e.g. -Xmx256m). */
    public static ServiceProcess start(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        try {
            return new ServiceProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass, e);
        }
    }

    /**
     * Starts {@link CrashTestServer} on {@code port} and {@code data} and waits until it listens.
     * Its store is shaped by system properties among {@code jvmOptions} (see CrashTestServer).
     */
    public static ServiceProcess crashTestServer(int port, Path data, List<String> jvmOptions) {
        ServiceProcess child = start(jvmOptions, CrashTestServer.class.getName(), String.valueOf(port), data.toString());
        child.awaitLine(line -> line.startsWith(CrashTestServer.READY), Duration.ofSeconds(30));
        return child;
    }

    /** How many executions a started CrashTestServer resumed, from its READY line. */
    public int resumed() {
        String ready = firstLine(line -> line.startsWith(CrashTestServer.READY));
        if (ready == null) {
            throw new AssertionError("The child never said " + CrashTestServer.READY + "\n" + quote());
        }
        return Integer.parseInt(ready.substring(ready.indexOf('=') + 1).trim());
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process was killed mid-line
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }

    /**
     * The first line of output that matches, once it has been printed; fails when the process ends,
     * or {@code patience} passes, without printing one.
     */
    public String awaitLine(Predicate<String> wanted, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (outputEnded) {
                    throw new AssertionError("The child process ended without printing the line expected\n"
                            + quoteLocked());
                }
                if (left <= 0) {
                    throw new AssertionError("The child process did not print the line expected within " + patience
                            + "\n" + quoteLocked());
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** The exit code once the process has ended by itself within {@code patience}; empty if it still runs. */
    public OptionalInt awaitExit(Duration patience) {
        try {
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        awaitOutputDrained();
        return OptionalInt.of(process.exitValue());
    }

    /** SIGKILL: the process ends at once, as in a crash, and this returns once it has. */
    public void kill() {
        process.destroyForcibly();
        if (awaitExit(Duration.ofSeconds(10)).isEmpty()) {
            throw new AssertionError("The child process " + pid() + " did not end after SIGKILL");
        }
    }

    /** SIGTERM: the service closes cleanly (its shutdown hook), as an orderly stop does; returns the exit code. */
    public int stop() {
        process.destroy();
        OptionalInt exit = awaitExit(Duration.ofSeconds(30));
        if (exit.isEmpty()) {
            throw new AssertionError("The child process " + pid() + " did not stop within 30 s of SIGTERM\n"
                    + threadDump() + "\n" + quote());
        }
        return exit.getAsInt();
    }

    /** The child's threads, to tell where a stop hangs (jcmd comes with the JDK that runs the tests). */
    private String threadDump() {
        java.nio.file.Path jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            dump.waitFor(20, TimeUnit.SECONDS);
            return "--- threads of child " + pid() + " ---\n" + text;
        } catch (java.io.IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** Lets the reader take the last lines a process printed before it ended. */
    private void awaitOutputDrained() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (lines) {
            while (!outputEnded && System.nanoTime() < deadline) {
                try {
                    lines.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every line printed so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** How many lines printed so far match. */
    public long count(Predicate<String> matching) {
        return output().stream().filter(matching).count();
    }

    private String firstLine(Predicate<String> matching) {
        return output().stream().filter(matching).findFirst().orElse(null);
    }

    /** The last lines of output, for failure messages. */
    public String quote() {
        synchronized (lines) {
            return quoteLocked();
        }
    }

    private String quoteLocked() {
        int from = Math.max(0, lines.size() - QUOTED_LINES);
        return "--- output of child " + process.pid() + (from > 0 ? " (last " + QUOTED_LINES + " lines)" : "") + " ---\n"
                + String.join("\n", lines.subList(from, lines.size()));
    }

    /** Ends the process if it still runs (a test that failed half-way). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A port free on the loopback address now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
