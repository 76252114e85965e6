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
 * deadline when there is none, so a one-hour Wait completes at once yet reports an hour passed;
 * while a task handler's work is outstanding it runs at real speed instead, so the task's
 * timeouts mean real seconds. The loop never sleeps to pass time; it only waits for work handed
 * back by other threads (task handlers), bounded by the next deadline.
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
        ScheduledTask timer = new ScheduledTask(due, task);
        if (Thread.currentThread() == driver) {
            add(timer);
        } else {
            fromOtherThreads.add(() -> add(timer));
        }
        return timer;
    }

    /** On the loop's thread only: the sequence keeps timers with equal deadlines in scheduling order. */
    private void add(ScheduledTask timer) {
        timer.order = sequence++;
        timers.add(timer);
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

    /**
     * Runs what is ready now, without waiting for anything: lets a stop requested after the loop
     * was interrupted still take effect.
     */
    public void runReady() {
        driver = Thread.currentThread();
        try {
            fromOtherThreads.drainTo(ready);
            for (Runnable task = ready.poll(); task != null; task = ready.poll()) {
                task.run();
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
        long waitStarted = System.nanoTime();
        long untilDue = timer == null ? Long.MAX_VALUE : Math.max(0, Duration.between(now(), timer.due).toNanos());
        Runnable task;
        if (timer == null) {
            task = fromOtherThreads.take();
        } else {
            long realNanos = timeScale == 0 ? untilDue : (long) (untilDue * timeScale);
            task = fromOtherThreads.poll(Math.max(realNanos, 1), TimeUnit.NANOSECONDS);
        }
        if (timeScale == 0) {
            // Waiting on a handler's work: virtual time kept pace with real time meanwhile, up to
            // the next deadline, so a timeout fires at exactly its second.
            skipped = skipped.plusNanos(Math.min(System.nanoTime() - waitStarted, untilDue));
        }
        if (task != null) {
            ready.add(task);
        }
    }

    private static final class ScheduledTask implements Timer, Comparable<ScheduledTask> {
        final Instant due;
        final Runnable task;
        long order;
        volatile boolean cancelled;

        ScheduledTask(Instant due, Runnable task) {
            this.due = due;
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
