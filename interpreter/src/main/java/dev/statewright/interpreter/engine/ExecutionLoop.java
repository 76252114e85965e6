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

    /**
     * Runs the task once the clock reaches {@code due}: for the engine's own waiting (Wait states,
     * retry intervals), which a loop may compress or skip.
     */
    Timer schedule(Instant due, Runnable task);

    /**
     * Runs the task once the clock reaches {@code due}: a deadline on work done outside the loop
     * (a Task's TimeoutSeconds and HeartbeatSeconds, the execution's TimeoutSeconds), kept in real
     * time whatever the loop does to Waits, so that a worker still has the time it was given.
     * A loop that numbers its timers (to replay them) numbers both kinds in one sequence.
     *
     * <p>By default it is any timer: right for a loop whose clock runs at real speed whenever
     * outside work is outstanding, as {@link LocalExecutionLoop}'s does.
     */
    default Timer scheduleTimeout(Instant due, Runnable task) {
        return schedule(due, task);
    }

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
