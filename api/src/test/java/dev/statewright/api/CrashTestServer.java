package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.store.StoreOptions;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service as a process of its own, for the tests that kill it ({@link KillAndRestartTest}, the
 * fault tests through {@link ServiceProcess}): args are the port and the data directory. Its one
 * task handler echoes its input after 400 ms, so tasks are in flight when a test kills the
 * process, and prints a {@link #TASK} line per call, so a test can count how often a task ran;
 * another ({@link #HELD_ECHO}) echoes only once a file the test creates exists, so tasks are
 * certainly in flight at a kill.
 *
 * <p>System properties shape the store: {@value #SEGMENT_BYTES} (log segment size) and
 * {@value #RETENTION_DAYS} (0 keeps every execution). SIGTERM closes the service cleanly, as
 * {@code statewright serve} does; a start that fails prints {@code statewright: <why>} and exits 2,
 * as the command line does.
 */
public final class CrashTestServer {
    public static final String SLOW_ECHO = "arn:aws:lambda:us-east-1:123456789012:function:slow-echo";
    /** A task that echoes its input only once the file named by {@link #RELEASE_FILE} exists: in flight until a test says. */
    public static final String HELD_ECHO = "arn:aws:lambda:us-east-1:123456789012:function:held-echo";
    /** The file whose existence answers the {@link #HELD_ECHO} tasks. */
    public static final String RELEASE_FILE = "statewright.test.releaseFile";
    public static final String SEGMENT_BYTES = "statewright.test.segmentBytes";
    public static final String RETENTION_DAYS = "statewright.test.retentionDays";
    /** A PostgreSQL database ({@code postgresql://...}) to keep everything in, shared with other processes; else the data directory. */
    public static final String DATABASE = "statewright.test.database";
    /** With {@link #DATABASE}: the lease of this node's executions, in milliseconds. */
    public static final String LEASE_MILLIS = "statewright.test.leaseMillis";
    /** The line printed at the start on a database: {@code NODE <node id>}. */
    public static final String NODE = "NODE ";
    /** The line printed once it listens: {@code READY resumed=<n>}. */
    public static final String READY = "READY resumed=";
    /** The line printed for each task handler call: {@code TASK <execution name> <state name>}. */
    public static final String TASK = "TASK ";

    private CrashTestServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "slow-echo");
            thread.setDaemon(true);
            return thread;
        });
        TaskHandlers handlers = TaskHandlers.builder().resource(SLOW_ECHO, request -> {
            System.out.println(TASK + request.context().path("Execution").path("Name").asText() + " " + request.stateName());
            CompletableFuture<JsonNode> result = new CompletableFuture<>();
            delays.schedule(() -> result.complete(Json.object().set("echo", request.input())), 400, TimeUnit.MILLISECONDS);
            return result;
        }).resource(HELD_ECHO, request -> {
            System.out.println(TASK + request.context().path("Execution").path("Name").asText() + " " + request.stateName());
            Path release = Path.of(System.getProperty(RELEASE_FILE, "no-release-file-given"));
            CompletableFuture<JsonNode> result = new CompletableFuture<>();
            // Looks for the file every 50 ms on the timer thread (no thread waits); stops once answered.
            ScheduledFuture<?> looking = delays.scheduleWithFixedDelay(() -> {
                if (Files.exists(release)) {
                    result.complete(Json.object().set("echo", request.input()));
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            result.whenComplete((output, failure) -> looking.cancel(false));
            return result;
        }).build();
        ServiceConfig config = ServiceConfig.defaults().withPort(Integer.parseInt(args[0]))
                .withDataDirectory(Path.of(args[1])).withWaitTimeScale(1.0).withStoreOptions(storeOptions());
        String database = System.getProperty(DATABASE);
        if (database != null) {
            config = config.withDatabase(database, config.postgres().withLease(Duration.ofMillis(Long.getLong(LEASE_MILLIS, 15_000))));
        }
        StatewrightService service;
        try {
            service = StatewrightService.start(config, handlers);
        } catch (RuntimeException e) {
            StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                why.append(": ").append(cause.getMessage()); // as the CLI tells a failed start: every step's reason
            }
            System.err.println("statewright: " + why);
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "clean-stop"));
        if (service.nodeId() != null) {
            System.out.println(NODE + service.nodeId());
        }
        System.out.println(READY + service.resumedExecutions());
        System.out.flush();
        Thread.currentThread().join(); // until killed or stopped
    }

    private static StoreOptions storeOptions() {
        StoreOptions options = StoreOptions.defaults();
        Long segmentBytes = Long.getLong(SEGMENT_BYTES);
        if (segmentBytes != null) {
            options = options.withSegmentBytes(segmentBytes);
        }
        Integer retentionDays = Integer.getInteger(RETENTION_DAYS);
        if (retentionDays != null) {
            options = options.withRetention(retentionDays == 0 ? null : Duration.ofDays(retentionDays));
        }
        return options;
    }
}
