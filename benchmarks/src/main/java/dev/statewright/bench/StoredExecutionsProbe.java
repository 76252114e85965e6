package dev.statewright.bench;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.model.StateMachineType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Fills a data directory with executions of pass-chain-10 through the durable service's
 * operations (16 clients, each execution counted once its end is stored), then stops the service
 * cleanly: what a long-lived service leaves behind, for {@link ScaleChecks#stored}.
 */
final class StoredExecutionsProbe {
    private static final int CLIENTS = 16;

    /** What filling took and left. */
    record Filled(int executions, double seconds, long logBytes, String lastArn) {
    }

    private StoredExecutionsProbe() {
    }

    static Filled fill(Path dataDirectory, int count) throws Exception {
        BenchMachine machine = BenchMachine.load("pass-chain-10");
        long started = System.nanoTime();
        String last;
        try (StatewrightService service = StatewrightService.start(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(dataDirectory).withWaitTimeScale(0))) {
            StepFunctions operations = service.stepFunctions();
            String arn = operations.createStateMachine(machine.name(), machine.definition(), DurableTarget.ROLE,
                    StateMachineType.STANDARD, Map.of()).arn();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<String>> running = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    running.add(clients.submit(() -> {
                        String ended = null;
                        while (next.getAndIncrement() < count) {
                            CompletableFuture<ExecutionRecord> run = operations.startExecution(arn, null, machine.input())
                                    .thenCompose(start -> operations.whenFinished(start.arn()));
                            ExecutionRecord record = run.get();
                            if (record.status() != ExecutionStatus.SUCCEEDED) {
                                throw new IllegalStateException(record.arn() + " ended " + record.status());
                            }
                            ended = record.arn();
                        }
                        return ended;
                    }));
                }
                String found = null;
                for (Future<String> client : running) {
                    found = client.get() != null ? client.get() : found;
                }
                last = found;
            } finally {
                clients.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Filled(count, seconds, logBytesWritten(dataDirectory.resolve("log")), last);
    }

    /** The bytes the log's segments hold, each up to its last byte that is not a zero (segments are made full size). */
    static long logBytesWritten(Path log) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(log)) {
            for (Path segment : files.filter(f -> f.getFileName().toString().endsWith(".wal")).toList()) {
                total += usedBytes(segment);
            }
        }
        return total;
    }

    private static long usedBytes(Path segment) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "r")) {
            byte[] chunk = new byte[1 << 20];
            for (long end = file.length(); end > 0; ) {
                int length = (int) Math.min(chunk.length, end);
                long from = end - length;
                file.seek(from);
                file.readFully(chunk, 0, length);
                for (int i = length - 1; i >= 0; i--) {
                    if (chunk[i] != 0) {
                        return from + i + 1;
                    }
                }
                end = from;
            }
            return 0;
        }
    }
}
