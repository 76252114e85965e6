package dev.statewright.api.executionlogs;

import dev.statewright.api.runtime.ExecutionObserver;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.MachineSettings;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Execution logs as Step Functions writes them to CloudWatch Logs: each stored turn's events that
 * the machine's loggingConfiguration selects, one JSON line each ({@link LogEntry}), to standard
 * output or to one file per log group under the log directory. Lines are chosen on the store's
 * thread (cheap) and written on a thread of their own, so a slow disk or terminal never holds a
 * commit; like AWS's, the logs are best effort and never slow an execution down.
 */
public final class ExecutionLogs implements ExecutionObserver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExecutionLogs.class.getName());

    private final Function<String, MachineSettings> settingsOfMachine;
    private final Path directory;
    private final PrintStream stdout;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statewright-execution-logs");
        thread.setDaemon(true);
        return thread;
    });
    /** Open files, by log group; touched on the writer thread only. */
    private final Map<String, BufferedWriter> files = new HashMap<>();

    /**
     * @param settingsOfMachine a state machine's settings by its ARN (null when it is gone)
     * @param directory         where each log group's file goes, or null for {@code stdout}
     */
    public ExecutionLogs(Function<String, MachineSettings> settingsOfMachine, Path directory, PrintStream stdout) {
        this.settingsOfMachine = settingsOfMachine;
        this.directory = directory;
        this.stdout = stdout;
    }

    @Override
    public void turnStored(StoredTurn turn) {
        ExecutionRecord record = turn.record();
        MachineSettings settings = settingsOfMachine.apply(record.stateMachineArn());
        LoggingSettings logging = settings == null ? LoggingSettings.OFF : LoggingSettings.parse(settings.loggingConfiguration());
        if (logging.level() == LogLevel.OFF) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (HistoryEvent event : turn.events()) {
            if (logging.level().includes(event.type())) {
                lines.add(Json.write(LogEntry.of(event, record.arn(), record.redrives().count(),
                        logging.includeExecutionData())));
            }
        }
        if (!lines.isEmpty()) {
            try {
                writer.execute(() -> write(logging.logGroupName(), lines));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the service is stopping: a turn stored after the logs closed is not logged (best effort, as on AWS)
            }
        }
    }

    private void write(String logGroup, List<String> lines) {
        if (directory == null) {
            synchronized (stdout) {
                lines.forEach(stdout::println);
                stdout.flush();
            }
            return;
        }
        try {
            BufferedWriter file = files.get(logGroup);
            if (file == null) {
                Files.createDirectories(directory);
                file = Files.newBufferedWriter(directory.resolve(LoggingSettings.fileName(logGroup)), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                files.put(logGroup, file);
            }
            for (String line : lines) {
                file.write(line);
                file.write('\n');
            }
            file.flush();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not write the execution log of " + logGroup + " under " + directory, e);
        }
    }

    /** Writes what is queued, then closes the files; a second call does nothing. */
    @Override
    public void close() {
        if (writer.isShutdown()) {
            return;
        }
        writer.execute(() -> files.values().forEach(file -> {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
