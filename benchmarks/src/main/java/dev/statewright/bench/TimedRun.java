package dev.statewright.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times a machine on a target: one checked execution, a warm-up, then a time-boxed run where
 * each client runs executions back to back. A machine whose output is wrong is not timed.
 */
public final class TimedRun {
    private final Duration warmup;
    private final Duration measured;

    public TimedRun(Duration warmup, Duration measured) {
        this.warmup = warmup;
        this.measured = measured;
    }

    public Measurement time(BenchTarget target, BenchMachine machine, int statesPerExecution, int clients)
            throws Exception {
        ExecutionDriver driver = target.prepare(machine);
        machine.check(target.mode(), driver.execute());
        runFor(driver, clients, warmup);
        target.resetPeaks();
        long began = System.nanoTime();
        List<LatencyLog> logs = runFor(driver, clients, measured);
        double seconds = (System.nanoTime() - began) / 1e9;
        MemoryPeaks peaks = target.peaks();
        long[] sorted = LatencyLog.merged(logs);
        return new Measurement(machine.name(), target.mode(), clients, sorted.length, seconds, statesPerExecution,
                LatencyLog.percentileMs(sorted, 0.50), LatencyLog.percentileMs(sorted, 0.99), peaks);
    }

    /** Each client runs executions until the deadline; an execution that fails stops the run. */
    private static List<LatencyLog> runFor(ExecutionDriver driver, int clients, Duration length) throws Exception {
        long deadline = System.nanoTime() + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients, runnable -> {
            Thread thread = new Thread(runnable, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<LatencyLog>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                running.add(pool.submit(() -> {
                    LatencyLog log = new LatencyLog();
                    long started = System.nanoTime();
                    while (started < deadline) {
                        driver.execute();
                        long ended = System.nanoTime();
                        log.add(ended - started);
                        started = ended;
                    }
                    return log;
                }));
            }
            List<LatencyLog> logs = new ArrayList<>();
            for (Future<LatencyLog> client : running) {
                logs.add(client.get());
            }
            return logs;
        } finally {
            pool.shutdownNow();
        }
    }
}
