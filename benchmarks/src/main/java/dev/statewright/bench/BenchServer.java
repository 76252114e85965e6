package dev.statewright.bench;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.postgres.PostgresOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The durable service in a child JVM, for the http, standard and scale modes:
 * {@code BenchServer PORT DATA_DIR WAIT_TIME_SCALE [DATABASE_URL]} (with a {@code postgresql://}
 * URL, a node of the service on that database, as {@code serve --database} starts one). It answers commands on stdin, one per line,
 * with one line on stdout: {@code reset} (start memory peaks afresh), {@code peaks} (peak heap and
 * RSS), {@code settled} (heap after a full GC and live threads). It stops when stdin closes, so
 * it never outlives the benchmark.
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        ServiceConfig config = ServiceConfig.defaults().withPort(Integer.parseInt(args[0]))
                .withDataDirectory(Path.of(args[1])).withWaitTimeScale(Double.parseDouble(args[2]));
        if (args.length > 3) {
            config = config.withDatabase(args[3], PostgresOptions.defaults());
        }
        try (StatewrightService service = StatewrightService.start(config)) {
            System.out.println("listening " + service.port());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command = commands.readLine(); command != null; command = commands.readLine()) {
                System.out.println(answer(command.trim()));
                System.out.flush();
            }
        }
    }

    private static String answer(String command) {
        switch (command) {
            case "reset" -> {
                ProcessMemory.resetPeaks();
                return "ok";
            }
            case "peaks" -> {
                MemoryPeaks peaks = ProcessMemory.peaks();
                return String.format(Locale.ROOT, "peaks %.1f %.1f", peaks.heapMiB(), peaks.rssMiB());
            }
            case "settled" -> {
                double heap = ProcessMemory.heapAfterGcMiB();
                return String.format(Locale.ROOT, "settled %.1f %d", heap, ProcessMemory.liveThreads());
            }
            default -> {
                return "unknown command " + command;
            }
        }
    }
}
