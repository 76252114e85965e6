package dev.statewright.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.CrashTestServer;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.SfnTestClients;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The file system under the data directory fills up while clients start executions, then space
 * is freed. Every StartExecution must answer quickly, with 200 only for what is stored and an AWS
 * error otherwise; the service must take work again by itself once there is space; and after a
 * clean restart every acknowledged execution must be there, whole.
 *
 * <p>The disk is a real one: a small tmpfs the test mounts (it runs as root here and in CI; a root
 * that cannot mount fails the test). Without root, {@code LogWriteFailureTest} proves the same of
 * the store with its log's writes failing.
 */
class FullDiskTest {
    private static final String DISK_SIZE = "96m";
    private static final long SEGMENT_BYTES = 4L << 20;
    private static final int CLIENTS = 3;
    private static final int PAD_BYTES = 4096;
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    /** How many starts each phase waits for (acknowledged before the fill and after it, refused while full). */
    private static final int ENOUGH = 30;
    /** Five Pass states: the execution begins and ends in one turn, one batch. */
    private static final String CHAIN = """
            {"StartAt": "P1", "States": {
              "P1": {"Type": "Pass", "Next": "P2"}, "P2": {"Type": "Pass", "Next": "P3"},
              "P3": {"Type": "Pass", "Next": "P4"}, "P4": {"Type": "Pass", "Next": "P5"},
              "P5": {"Type": "Pass", "End": true}}}
            """;
    /** A Wait between two Pass states: a second turn is stored a second after the start, maybe on a full disk. */
    private static final String PAUSED = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "W"},
              "W": {"Type": "Wait", "Seconds": 1, "Next": "B"},
              "B": {"Type": "Pass", "End": true}}}
            """;
    private static final List<HistoryEventType> CHAIN_EVENTS = List.of(HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED, HistoryEventType.PASS_STATE_ENTERED,
            HistoryEventType.PASS_STATE_EXITED, HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
            HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED, HistoryEventType.PASS_STATE_ENTERED,
            HistoryEventType.PASS_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
    private static final List<HistoryEventType> PAUSED_EVENTS = List.of(HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED, HistoryEventType.WAIT_STATE_ENTERED,
            HistoryEventType.WAIT_STATE_EXITED, HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
            HistoryEventType.EXECUTION_SUCCEEDED);

    @TempDir
    Path scratch;

    /** One StartExecution and how it was answered: 200 (with the ARN), an AWS error code, or a client-side failure. */
    private record Attempt(String name, boolean paused, String input, long sentNanos, long millis, String arn,
                           String error, int httpStatus) {
        boolean acknowledged() {
            return arn != null;
        }
    }

    @Test
    void aFullDiskGetsAwsErrorsLosesNothingAcknowledgedAndTheServiceRecoversByItself() throws Exception {
        requireRoot();
        Path disk = mount();
        try {
            onAFullDisk(disk.resolve("data"), disk.resolve("filler"));
        } finally {
            unmount(disk);
        }
    }

    /**
     * A stop that comes right after space is freed, before the store has rebuilt its index: the
     * index does not hold what the log does, so the stop must not mark it whole; the next start
     * then rebuilds it, has every acknowledged execution, and finishes those that were running.
     */
    @Test
    void aServiceStoppedBeforeItsIndexRecoveredKeepsEveryAcknowledgedExecution() throws Exception {
        requireRoot();
        Path disk = mount();
        try {
            Path data = disk.resolve("data");
            int port = ServiceProcess.freePort();
            List<String> jvm = List.of("-Xmx256m", "-D" + CrashTestServer.SEGMENT_BYTES + "=" + SEGMENT_BYTES);
            ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
            String chainArn;
            String pausedArn;
            boolean markedWhole;
            boolean rebuiltBeforeTheStop;
            try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, jvm);
                 SfnClient sfn = SfnTestClients.client(port)) {
                chainArn = sfn.createStateMachine(b -> b.name("chain").definition(CHAIN).roleArn(ROLE)).stateMachineArn();
                pausedArn = sfn.createStateMachine(b -> b.name("paused").definition(PAUSED).roleArn(ROLE)).stateMachineArn();
                Load load = new Load(port, chainArn, pausedArn, attempts);
                try {
                    load.start();
                    awaitAttempts(attempts, 0, true, ENOUGH, service, "starts acknowledged before the disk fills");
                    long filledAt = System.nanoTime();
                    fill(disk.resolve("filler"));
                    awaitFullFor(filledAt, attempts, service);
                } finally {
                    load.stop();
                }
                // Space comes back and the service is stopped at once, before its index is rebuilt: there is room
                // for the clean-close mark now, but the index does not hold what the log does.
                Files.delete(disk.resolve("filler"));
                assertThat(service.stop()).as("the service stops on SIGTERM").isNotNegative();
                markedWhole = Files.exists(data.resolve("index.closed"));
                rebuiltBeforeTheStop = service.count(line -> line.contains("index was rebuilt from the log")) > 0;
            }
            List<Attempt> all = List.copyOf(attempts);
            assertEveryAnswerWasQuickAndAwsShaped(all);
            try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, jvm);
                 SfnClient sfn = SfnTestClients.client(port)) {
                Map<String, ExecutionListItem> found = listExecutions(sfn, List.of(chainArn, pausedArn));
                List<Attempt> acknowledged = all.stream().filter(Attempt::acknowledged).toList();
                assertThat(found.keySet()).as("every acknowledged execution is there after the restart")
                        .containsAll(acknowledged.stream().map(Attempt::arn).toList());
                for (Attempt attempt : acknowledged) {
                    assertThat(SfnTestClients.awaitEnd(sfn, attempt.arn()).status()).as(attempt.name())
                            .isEqualTo(ExecutionStatus.SUCCEEDED);
                    assertWholeHistory(sfn, attempt);
                }
                System.out.printf("FullDiskTest, stopped before the index recovered: %d starts sent, %d acknowledged, %d"
                                + " refused; the index was %srebuilt before the stop, which %s it whole; %d resumed after the"
                                + " restart, %d executions found, all acknowledged ones whole%n", all.size(), acknowledged.size(),
                        all.size() - acknowledged.size(), rebuiltBeforeTheStop ? "" : "not ", markedWhole ? "marked" : "did not mark",
                        service.resumed(), found.size());
                service.stop();
            }
        } finally {
            unmount(disk);
        }
    }

    private Path mount() throws IOException, InterruptedException {
        Path disk = Files.createDirectories(scratch.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", disk.toString());
        return disk;
    }

    private void onAFullDisk(Path data, Path filler) throws Exception {
        int port = ServiceProcess.freePort();
        List<String> jvm = List.of("-Xmx256m", "-D" + CrashTestServer.SEGMENT_BYTES + "=" + SEGMENT_BYTES);
        ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
        String chainArn;
        String pausedArn;
        long filledAt;
        long freedAt;
        long recoveredAt;
        Map<String, ExecutionListItem> beforeStop;
        try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, jvm);
             SfnClient sfn = SfnTestClients.client(port)) {
            chainArn = sfn.createStateMachine(b -> b.name("chain").definition(CHAIN).roleArn(ROLE)).stateMachineArn();
            pausedArn = sfn.createStateMachine(b -> b.name("paused").definition(PAUSED).roleArn(ROLE)).stateMachineArn();
            Load load = new Load(port, chainArn, pausedArn, attempts);
            try {
                load.start();
                awaitAttempts(attempts, 0, true, ENOUGH, service, "starts acknowledged before the disk fills");

                filledAt = System.nanoTime();
                long fillerBytes = fill(filler);
                awaitFullFor(filledAt, attempts, service);
                long refusedWhileFull = attempts.stream().filter(a -> a.sentNanos() > filledAt && !a.acknowledged()).count();

                freedAt = System.nanoTime();
                Files.delete(filler);
                recoveredAt = awaitAcknowledgedAfter(attempts, freedAt, service);
                awaitAttempts(attempts, freedAt, true, ENOUGH, service, "starts acknowledged after the space was freed");
                load.stop();
                System.out.printf("FullDiskTest: filler %d MiB; %d starts refused while full; first start acknowledged"
                        + " %d ms after the space was freed%n", fillerBytes >> 20, refusedWhileFull,
                        TimeUnit.NANOSECONDS.toMillis(recoveredAt - freedAt));
                assertThat(refusedWhileFull).as("the disk was full: some starts were refused\n%s", service.quote()).isPositive();
            } finally {
                load.stop();
            }
            beforeStop = listExecutions(sfn, List.of(chainArn, pausedArn));
            assertThat(service.stop()).as("the service stops on SIGTERM").isNotNegative();
            assertThat(data.resolve("index.closed")).as("a clean stop marks the index as whole\n%s", service.quote()).exists();
        }

        List<Attempt> all = List.copyOf(attempts);
        assertEveryAnswerWasQuickAndAwsShaped(all);
        Map<String, Attempt> acknowledged = all.stream().filter(Attempt::acknowledged)
                .collect(Collectors.toMap(Attempt::arn, a -> a));

        try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, jvm);
             SfnClient sfn = SfnTestClients.client(port)) {
            Map<String, ExecutionListItem> found = listExecutions(sfn, List.of(chainArn, pausedArn));
            assertThat(found.keySet()).as("every acknowledged execution is there after the restart")
                    .containsAll(acknowledged.keySet());
            int whole = 0;
            for (Attempt attempt : acknowledged.values()) {
                ExecutionListItem before = beforeStop.get(attempt.arn());
                assertThat(before).as("%s was listed before the stop", attempt.name()).isNotNull();
                ExecutionStatus status = before.status() == ExecutionStatus.RUNNING
                        ? SfnTestClients.awaitEnd(sfn, attempt.arn()).status() : found.get(attempt.arn()).status();
                assertThat(status).as("%s (%s before the stop)", attempt.name(), before.status())
                        .isEqualTo(ExecutionStatus.SUCCEEDED);
                assertWholeHistory(sfn, attempt);
                whole++;
            }
            Set<String> foundNames = found.values().stream().map(ExecutionListItem::name).collect(Collectors.toSet());
            long refusedButStored = all.stream().filter(a -> !a.acknowledged() && foundNames.contains(a.name())).count();
            System.out.printf("FullDiskTest: %d starts sent, %d acknowledged, %d refused (%s); after the restart %d"
                            + " executions found, %d acknowledged ones whole, %d refused ones stored all the same;"
                            + " %d were running at the stop; slowest answer %d ms%n",
                    all.size(), acknowledged.size(), all.size() - acknowledged.size(), errorCounts(all), found.size(), whole,
                    refusedButStored, beforeStop.values().stream().filter(e -> e.status() == ExecutionStatus.RUNNING).count(),
                    all.stream().mapToLong(Attempt::millis).max().orElse(0));
            service.stop();
        }
    }

    /** Starts executions from a few threads, each with a few KiB of input, until stopped. */
    private static final class Load {
        private final int port;
        private final String chainArn;
        private final String pausedArn;
        private final ConcurrentLinkedQueue<Attempt> attempts;
        private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> running = new ArrayList<>();
        private volatile boolean stopped;

        Load(int port, String chainArn, String pausedArn, ConcurrentLinkedQueue<Attempt> attempts) {
            this.port = port;
            this.chainArn = chainArn;
            this.pausedArn = pausedArn;
            this.attempts = attempts;
        }

        void start() {
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                running.add(threads.submit(() -> startExecutions(id)));
            }
        }

        private void startExecutions(int client) {
            SplittableRandom random = new SplittableRandom(client);
            long hardStop = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // bounded whatever happens
            try (SfnClient sfn = SfnTestClients.clientWithoutRetries(port, PATIENCE)) {
                for (int n = 0; !stopped && System.nanoTime() < hardStop; n++) {
                    String name = "c" + client + "-" + n;
                    boolean paused = n % 4 == 3;
                    byte[] pad = new byte[PAD_BYTES * 3 / 4];
                    random.nextBytes(pad);
                    String input = "{\"n\":" + n + ",\"pad\":\"" + Base64.getEncoder().encodeToString(pad) + "\"}";
                    long sent = System.nanoTime();
                    String arn = null;
                    String error = null;
                    int status = 200;
                    try {
                        arn = sfn.startExecution(b -> b.stateMachineArn(paused ? pausedArn : chainArn).name(name).input(input))
                                .executionArn();
                    } catch (SfnException e) {
                        error = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                        status = e.statusCode();
                    } catch (SdkClientException e) {
                        error = "client: " + e.getMessage(); // no answer in time, or a broken connection
                        status = -1;
                    }
                    attempts.add(new Attempt(name, paused, input, sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent),
                            arn, error, status));
                    if (arn == null) {
                        Poll.pause(20); // a refused client backs off a little, as an SDK would
                    }
                }
            }
        }

        void stop() throws Exception {
            stopped = true;
            for (Future<?> future : running) {
                future.get(30, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
    }

    /** Writes a file until the file system is full; returns its size. */
    private static long fill(Path filler) {
        byte[] block = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(block);
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left on device");
        }
        return written;
    }

    /**
     * Waits until the disk has been full long enough: {@link #ENOUGH} starts refused, and a Wait's
     * second (the PAUSED executions begun before the fill store their second turn on the full disk).
     */
    private static void awaitFullFor(long filledAt, ConcurrentLinkedQueue<Attempt> attempts, ServiceProcess service) {
        awaitAttempts(attempts, filledAt, false, ENOUGH, service, "the disk was full: starts refused");
        long waitsDue = filledAt + TimeUnit.MILLISECONDS.toNanos(1200);
        while (System.nanoTime() < waitsDue) {
            Poll.pause(50);
        }
    }

    /** Waits until {@code count} starts sent after {@code since} were acknowledged (or refused); fails after RECOVERY_LIMIT. */
    private static void awaitAttempts(ConcurrentLinkedQueue<Attempt> attempts, long since, boolean acknowledged, int count,
                                      ServiceProcess service, String what) {
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        while (attempts.stream().filter(a -> a.sentNanos() > since && a.acknowledged() == acknowledged).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Fewer than " + count + " " + what + " within " + RECOVERY_LIMIT + "\n"
                        + service.quote());
            }
            Poll.pause(20);
        }
    }

    private static long awaitAcknowledgedAfter(ConcurrentLinkedQueue<Attempt> attempts, long freedAt, ServiceProcess service) {
        long deadline = freedAt + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Attempt attempt : attempts) {
                if (attempt.acknowledged() && attempt.sentNanos() > freedAt) {
                    return attempt.sentNanos() + TimeUnit.MILLISECONDS.toNanos(attempt.millis());
                }
            }
            Poll.pause(50);
        }
        throw new AssertionError("No start was acknowledged within " + RECOVERY_LIMIT + " of the space being freed\n"
                + service.quote());
    }

    private static void assertEveryAnswerWasQuickAndAwsShaped(List<Attempt> all) {
        for (Attempt attempt : all) {
            assertThat(attempt.millis()).as("%s answered in time (%s)", attempt.name(), attempt.error())
                    .isLessThan(PATIENCE.toMillis());
            if (!attempt.acknowledged()) {
                assertThat(attempt.error()).as("%s: an AWS error code", attempt.name()).isIn("ServiceUnavailable", "InternalFailure");
                assertThat(attempt.httpStatus()).as("%s: a server error", attempt.name()).isBetween(500, 599);
            }
        }
    }

    private static String errorCounts(List<Attempt> all) {
        return all.stream().filter(a -> !a.acknowledged())
                .collect(Collectors.groupingBy(a -> a.httpStatus() + " " + a.error(), Collectors.counting())).toString();
    }

    private static void assertWholeHistory(SfnClient sfn, Attempt attempt) {
        List<HistoryEvent> events = TwoServicesOnOneDirectoryTest.history(sfn, attempt.arn());
        List<HistoryEventType> expected = attempt.paused() ? PAUSED_EVENTS : CHAIN_EVENTS;
        assertThat(events.stream().map(HistoryEvent::type).toList()).as("history of %s", attempt.name()).isEqualTo(expected);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).id()).as("%s: event ids without a gap", attempt.name()).isEqualTo(i + 1L);
        }
        JsonNode input = Json.parse(attempt.input());
        assertThat(Json.parse(events.get(0).executionStartedEventDetails().input())).isEqualTo(input);
        assertThat(Json.parse(events.get(events.size() - 1).executionSucceededEventDetails().output())).isEqualTo(input);
    }

    private static Map<String, ExecutionListItem> listExecutions(SfnClient sfn, List<String> machines) {
        Map<String, ExecutionListItem> executions = new HashMap<>();
        for (String machine : machines) {
            sfn.listExecutionsPaginator(b -> b.stateMachineArn(machine).maxResults(1000)).executions()
                    .forEach(item -> executions.put(item.executionArn(), item));
        }
        return executions;
    }

    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes()).trim();
        return id.waitFor() == 0 && uid.equals("0");
    }

    /**
     * A real disk needs root to mount. CI, which runs as root, sets STATEWRIGHT_REQUIRE_TMPFS, so that
     * a machine where it cannot run fails the test instead of skipping it; elsewhere it is skipped, and
     * LogWriteFailureTest proves the same of a simulated full disk.
     */
    private static void requireRoot() throws IOException, InterruptedException {
        if (System.getenv("STATEWRIGHT_REQUIRE_TMPFS") != null) {
            assertThat(isRoot()).as("STATEWRIGHT_REQUIRE_TMPFS is set: this test must run as root to mount its disk").isTrue();
        }
        assumeThat(isRoot()).as("mounting a tmpfs needs root; LogWriteFailureTest covers this without it").isTrue();
    }

    /** Runs a command that must succeed (mount, umount). */
    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    }

    /** Unmounts the test's disk; lazily if a process that was killed still holds a file on it. */
    private static void unmount(Path disk) throws IOException, InterruptedException {
        Process umount = new ProcessBuilder("umount", disk.toString()).redirectErrorStream(true).start();
        umount.getInputStream().readAllBytes();
        if (umount.waitFor() != 0) {
            run("umount", "-l", disk.toString());
        }
    }
}
