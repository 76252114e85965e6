package dev.statewright.interpreter.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An execution loop driven by the caller's thread, for running one execution in process.
 *
 * <p>Time is virtual: it starts at the given instant and moves at {@code 1 / timeScale} of real
 * speed. With a scale of 0 it stands still while work is ready and jumps straight to the next
 * deadline when there is none, so a one-hour Wait completes at once yet reports an hour passed.
 * The loop never sleeps to pass time; it only waits for work handed back by other threads (task
 * handlers), bounded by the next deadline.
 */
public final class LocalExecutionLoop implements ExecutionLoop {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final LinkedBlockingQueue<Runnable> fromOtherThreads = new LinkedBlockingQueue<>();
    private final PriorityQueue<ScheduledTask> timers = new PriorityQueue<>();
    private final double timeScale;
    private final Instant origin;
    private final long originNanos = System.nanoTime();
    private Duration skipped = Duration.ZERO;
    private long sequence;
    private int externalWork;
    private volatile Thread driver;

    /**
     * @param start     the virtual time at which the loop starts
     * @param timeScale real seconds per virtual second: 1 runs in real time, 0 skips waits
     */
    public LocalExecutionLoop(Instant start, double timeScale) {
        if (timeScale < 0 || Double.isNaN(timeScale)) {
            throw new IllegalArgumentException("The time scale must be 0 or more: " + timeScale);
        }
        this.origin = start;
        this.timeScale = timeScale;
    }

    @Override
    public Instant now() {
        Instant now = origin.plus(skipped);
        if (timeScale > 0) {
            long elapsedNanos = System.nanoTime() - originNanos;
            now = now.plusNanos((long) (elapsedNanos / timeScale));
        }
        return now;
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == driver) {
            ready.add(task);
        } else {
            fromOtherThreads.add(task);
        }
    }

    @Override
    public Timer schedule(Instant due, Runnable task) {
        ScheduledTask timer = new ScheduledTask(due, sequence++, task);
        if (Thread.currentThread() == driver) {
            timers.add(timer);
        } else {
            fromOtherThreads.add(() -> timers.add(timer));
        }
        return timer;
    }

    @Override
    public void externalWorkStarted() {
        externalWork++;
    }

    @Override
    public void externalWorkEnded() {
        externalWork--;
    }

    /**
     * Runs work until {@code done} holds.
     *
     * @throws IllegalStateException when nothing is left to run and {@code done} still does not hold
     */
    public void runUntil(BooleanSupplier done) throws InterruptedException {
        driver = Thread.currentThread();
        try {
            while (!done.getAsBoolean()) {
                Runnable task = ready.poll();
                if (task != null) {
                    task.run();
                    continue;
                }
                if (fromOtherThreads.drainTo(ready) > 0) {
                    continue;
                }
                ScheduledTask timer = timers.peek();
                if (timer != null && timer.cancelled) {
                    timers.poll();
                    continue;
                }
                if (timer != null && isDue(timer)) {
                    timers.poll();
                    if (timeScale == 0 && timer.due.isAfter(now())) {
                        skipped = skipped.plus(Duration.between(now(), timer.due));
                    }
                    timer.task.run();
                    continue;
                }
                waitForOtherThreads(timer);
            }
        } finally {
            driver = null;
        }
    }

    private boolean isDue(ScheduledTask timer) {
        if (timeScale == 0) {
            // Skip ahead only when nothing outside the loop could still hand back work first.
            return externalWork == 0 || !timer.due.isAfter(now());
        }
        return !timer.due.isAfter(now());
    }

    private void waitForOtherThreads(ScheduledTask timer) throws InterruptedException {
        if (timer == null && externalWork == 0) {
            throw new IllegalStateException("The execution is stalled: no work, no timer and no task in flight");
        }
        Runnable task;
        if (timer == null) {
            task = fromOtherThreads.take();
        } else {
            long virtualNanos = Math.max(0, Duration.between(now(), timer.due).toNanos());
            long realNanos = timeScale == 0 ? virtualNanos : (long) (virtualNanos * timeScale);
            task = fromOtherThreads.poll(Math.max(realNanos, 1), TimeUnit.NANOSECONDS);
            if (task == null && timeScale == 0) {
                // A task in flight outlasted the deadline in real time: let the deadline pass.
                skipped = skipped.plus(Duration.ofNanos(virtualNanos));
            }
        }
        if (task != null) {
            ready.add(task);
        }
    }

    private static final class ScheduledTask implements Timer, Comparable<ScheduledTask> {
        final Instant due;
        final long order;
        final Runnable task;
        volatile boolean cancelled;

        ScheduledTask(Instant due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(ScheduledTask other) {
            int byTime = due.compareTo(other.due);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
