package dev.statewright.api.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's loop on its own: which timers the time scale applies to, their order, their numbers. */
class ServiceExecutionLoopTest {
    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> fired = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> firedAt = new ConcurrentHashMap<>();

    @AfterEach
    void stopThreads() {
        workers.shutdownNow();
        scheduler.shutdownNow();
    }

    /** A loop at the given scale whose Begin input runs {@code begin} with it. */
    private ServiceExecutionLoop loop(double scale, Consumer<ServiceExecutionLoop> begin) {
        ServiceExecutionLoop loop = new ServiceExecutionLoop(workers, scheduler, InstantSource.system(), scale);
        loop.listener(new ServiceExecutionLoop.Listener() {
            @Override
            public void inputTaken(LoopInput input, Instant at) {
            }

            @Override
            public void apply(LoopInput input) {
                if (input instanceof LoopInput.Begin) {
                    begin.accept(loop);
                }
            }

            @Override
            public void turnEnded() {
            }

            @Override
            public boolean turnFull() {
                return false;
            }

            @Override
            public void paused(int tasks, Instant at) {
            }

            @Override
            public void turnFailed(Throwable failure) {
                fired.add("turn failed: " + failure);
            }

            @Override
            public void timerMissing(long timer) {
                fired.add("missing " + timer);
            }
        });
        return loop;
    }

    private Runnable record(ServiceExecutionLoop loop, String name) {
        return () -> {
            firedAt.put(name, loop.now());
            fired.add(name);
        };
    }

    private void awaitFired(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (fired.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertThat(fired).hasSize(count);
    }

    @Test
    void atScaleZeroAWaitFiresAtOnceAndATimeoutKeepsRealTime() throws Exception {
        Instant[] begun = new Instant[1];
        ServiceExecutionLoop loop = loop(0, l -> {
            begun[0] = l.now();
            l.scheduleTimeout(l.now().plusMillis(400), record(l, "timeout"));
            l.schedule(l.now().plusSeconds(3600), record(l, "wait"));
        });
        loop.post(new LoopInput.Begin());
        awaitFired(2);

        assertThat(fired).containsExactly("wait", "timeout");
        assertThat(Duration.between(begun[0], firedAt.get("wait"))).isLessThan(Duration.ofMillis(400));
        assertThat(Duration.between(begun[0], firedAt.get("timeout"))).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void waitsScaledToTheSameInstantFireInTheOrderTheyWereDue() throws Exception {
        ServiceExecutionLoop loop = loop(0, l -> {
            l.schedule(l.now().plusSeconds(20), record(l, "twenty"));
            l.schedule(l.now().plusSeconds(10), record(l, "ten"));
            l.schedule(l.now().plusSeconds(10), record(l, "ten, set later"));
        });
        loop.post(new LoopInput.Begin());
        awaitFired(3);

        assertThat(fired).containsExactly("ten", "ten, set later", "twenty");
    }

    @Test
    void timersSetEitherWayShareOneNumberingSoAJournalNamesTheRightOne() throws Exception {
        // A journal recorded before timeouts had a method of their own names timers by this one sequence.
        ServiceExecutionLoop loop = loop(1, l -> {
            l.schedule(l.now().plusSeconds(60), record(l, "first wait"));
            l.scheduleTimeout(l.now().plusSeconds(60), record(l, "timeout"));
            l.schedule(l.now().plusSeconds(60), record(l, "second wait"));
        });
        Instant start = Instant.now();
        loop.replay(List.of(new ServiceExecutionLoop.TimedInput(new LoopInput.Begin(), start),
                        new ServiceExecutionLoop.TimedInput(new LoopInput.TimerFired(2), start.plusSeconds(60)),
                        new ServiceExecutionLoop.TimedInput(new LoopInput.TimerFired(1), start.plusSeconds(60))).iterator(),
                () -> { }, e -> fired.add("replay failed: " + e));
        awaitFired(2);

        assertThat(fired).containsExactly("second wait", "timeout");
    }
}
