package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's log runs out of room while batches are committed from a few threads, then room is
 * freed. Each commit must be answered quickly: acknowledged only once stored, refused with
 * {@link StoreUnavailableException} otherwise; the store must take writes again by itself; and
 * after reopening every acknowledged batch must be there and no refused one.
 *
 * <p>The disk is simulated ({@link FullDiskFileChannel}: the log's own appends, its segments made
 * full size up front, and any write that would grow a file fail), so this runs without root;
 * {@code FullDiskTest} fills a real file system under a service process.
 */
class LogWriteFailureTest {
    /** Small, so the log reaches a segment's end, where it must grow, while the disk is full. */
    private static final long SEGMENT_BYTES = 64 << 10;
    private static final int WRITERS = 3;
    private static final long PATIENCE_SECONDS = 5;

    @TempDir
    Path dir;

    /** One commit and how it was answered: acknowledged (failure null) or refused. */
    private record Commit(String arn, String pad, long sentNanos, long millis, Throwable failure) {
        boolean acknowledged() {
            return failure == null;
        }
    }

    @Test
    void aLogThatCannotGrowRefusesCommitsKeepsEveryAcknowledgedOneAndTakesWritesAgainOnceThereIsRoom() throws Exception {
        FullDiskFileChannel.Space space = new FullDiskFileChannel.Space();
        StoreOptions options = StoreOptions.defaults().withSegmentBytes(SEGMENT_BYTES).withRetention(null);
        ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
        long freedAt;
        long recoveredAt = -1;
        try (MapDbStore store = MapDbStore.open(dir, options, channel -> new FullDiskFileChannel(channel, space))) {
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            boolean[] stop = {false};
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(threads.submit(() -> commitUntilStopped(store, writer, commits, stop)));
            }
            try {
                Thread.sleep(300);
                long filledAt = System.nanoTime();
                space.fill();
                Thread.sleep(1500);
                long refusedWhileFull = commits.stream().filter(c -> c.sentNanos() > filledAt && !c.acknowledged()).count();
                assertThat(refusedWhileFull).as("the log reached the end of its room: commits were refused").isPositive();

                freedAt = System.nanoTime();
                space.free();
                long deadline = freedAt + TimeUnit.SECONDS.toNanos(60);
                while (recoveredAt < 0 && System.nanoTime() < deadline) {
                    recoveredAt = commits.stream().filter(c -> c.acknowledged() && c.sentNanos() > freedAt)
                            .mapToLong(c -> c.sentNanos() + TimeUnit.MILLISECONDS.toNanos(c.millis())).min().orElse(-1);
                    Thread.sleep(20);
                }
                Thread.sleep(300);
            } finally {
                synchronized (stop) {
                    stop[0] = true;
                }
                for (Future<?> writer : writers) {
                    writer.get(30, TimeUnit.SECONDS);
                }
                threads.shutdown();
            }
        }
        List<Commit> all = List.copyOf(commits);
        long acknowledged = all.stream().filter(Commit::acknowledged).count();
        System.out.printf("LogWriteFailureTest: %d commits, %d acknowledged, %d refused; writes taken again %d ms after"
                        + " room was freed; slowest answer %d ms; refusals: %s%n", all.size(), acknowledged,
                all.size() - acknowledged, recoveredAt < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(recoveredAt - freedAt),
                all.stream().mapToLong(Commit::millis).max().orElse(0), refusals(all));
        assertThat(recoveredAt).as("a commit sent after room was freed was acknowledged within 60 s").isPositive();
        for (Commit commit : all) {
            assertThat(commit.millis()).as("%s answered within %d s", commit.arn(), PATIENCE_SECONDS)
                    .isLessThan(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
            if (!commit.acknowledged()) {
                assertThat(commit.failure()).as(commit.arn()).isInstanceOf(StoreUnavailableException.class);
            }
        }

        try (MapDbStore store = MapDbStore.open(dir, options)) {
            for (Commit commit : all) {
                if (commit.acknowledged()) {
                    assertThat(store.execution(commit.arn())).as("acknowledged %s", commit.arn()).contains(record(commit.arn()));
                    assertThat(store.events(commit.arn(), 1, 10)).as("events of %s", commit.arn())
                            .containsExactlyElementsOf(events(commit.pad()));
                } else {
                    assertThat(store.execution(commit.arn())).as("refused %s", commit.arn()).isEmpty();
                    assertThat(store.events(commit.arn(), 1, 10)).as("events of refused %s", commit.arn()).isEmpty();
                }
            }
        }
    }

    private static void commitUntilStopped(MapDbStore store, int writer, ConcurrentLinkedQueue<Commit> commits, boolean[] stop) {
        SplittableRandom random = new SplittableRandom(writer);
        long hardStop = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int n = 0; System.nanoTime() < hardStop; n++) {
            synchronized (stop) {
                if (stop[0]) {
                    return;
                }
            }
            String arn = "arn:aws:states:us-east-1:123456789012:execution:m:w" + writer + "-" + n;
            byte[] bytes = new byte[1536];
            random.nextBytes(bytes);
            String pad = Base64.getEncoder().encodeToString(bytes);
            WriteBatch batch = new WriteBatch().put(record(arn));
            events(pad).forEach(event -> batch.event(arn, event));
            long sent = System.nanoTime();
            Throwable failure = null;
            try {
                store.commit(batch).toCompletableFuture().get(PATIENCE_SECONDS * 2, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException | InterruptedException e) {
                failure = e;
            }
            commits.add(new Commit(arn, pad, sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent), failure));
            if (failure != null) {
                pause(10); // a refused writer backs off a little, as a client would
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many refusals said what, for the test's log. */
    private static java.util.Map<String, Long> refusals(List<Commit> all) {
        return all.stream().filter(c -> !c.acknowledged()).collect(java.util.stream.Collectors.groupingBy(
                c -> String.valueOf(c.failure().getMessage()).replaceAll("segment \\S+", "segment …"),
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static ExecutionRecord record(String arn) {
        return new ExecutionRecord(arn, arn.substring(arn.lastIndexOf(':') + 1), "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                "m", "{}", "role", "{}", 7L, ExecutionStatus.SUCCEEDED, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"), "{}", null, null);
    }

    private static List<StoredEvent> events(String pad) {
        return List.of(new StoredEvent(1, "{\"type\":\"ExecutionStarted\",\"pad\":\"" + pad + "\"}"),
                new StoredEvent(2, "{\"type\":\"PassStateEntered\"}"),
                new StoredEvent(3, "{\"type\":\"ExecutionSucceeded\",\"pad\":\"" + pad + "\"}"));
    }
}
