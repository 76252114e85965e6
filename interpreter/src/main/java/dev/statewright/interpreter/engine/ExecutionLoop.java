package dev.statewright.interpreter.engine;

import java.time.Instant;

/**
 * Where an execution's work runs and where its time comes from. All work of one execution runs
 * one piece at a time, in submission order, so the engine needs no locks; timers turn deadlines
 * (Wait, retry intervals, timeouts) into work instead of sleeping a thread.
 */
public interface ExecutionLoop {

    /** The execution's current time. */
    Instant now();

    /** Runs the task after the work already submitted. Safe to call from any thread. */
    void execute(Runnable task);

    /** Runs the task once the clock reaches {@code due}. */
    Timer schedule(Instant due, Runnable task);

    /**
     * Marks the start of work done outside the loop (a task handler's call); the loop does not
     * skip time ahead while such work is outstanding. Paired with {@link #externalWorkEnded()}.
     */
    void externalWorkStarted();

    void externalWorkEnded();

    /** A scheduled task that can be cancelled before it runs. */
    interface Timer {
        void cancel();
    }
}
