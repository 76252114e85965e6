package dev.statewright.api.runtime;

import dev.statewright.interpreter.engine.ExecutionLoop;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop of one execution in the service: an actor on a shared worker pool, so that any number
 * of executions need only the pool's threads, and timers on a shared scheduler, so that parked
 * executions hold no thread at all.
 *
 * <p>It is built for exact replay. The execution moves only when the loop takes an input (see
 * {@link LoopInput}); the loop then runs all the work that input caused before it takes the next
 * one, with its clock frozen at the moment it took the input. Timers fire in a fixed order (fire
 * time, then unscaled due time, then the order they were set), each as an input of its own. So
 * the journal of inputs and their times determines everything the engine does, and replaying it
 * rebuilds the execution.
 *
 * <p>The time scale applies to the engine's own waiting ({@link #schedule}: Waits, retry
 * intervals); deadlines on work done outside it ({@link #scheduleTimeout}) keep real time.
 */
final class ServiceExecutionLoop implements ExecutionLoop {
    private static final int MAX_INPUTS_PER_TURN = 64;
    /** runReady ran every piece of work there was. */
    private static final int DRAINED = -1;

    /** What the loop reports to the execution it runs; every call is on the loop's thread. */
    interface Listener {
        /** A live input is about to be applied at {@code at}: journal it. */
        void inputTaken(LoopInput input, Instant at);

        /** Apply an input other than a timer (timers are the loop's own). */
        void apply(LoopInput input);

        /** The loop is about to give its thread back: the turn's changes can go to the store. */
        void turnEnded();

        /** Whether the turn has produced as much as one batch may hold: the loop then cuts it short. */
        boolean turnFull();

        /**
         * The turn was cut short after {@code tasks} pieces of the last input's work: journal it, and
         * post a {@link LoopInput.Resume} once this turn is stored.
         */
        void paused(int tasks, Instant at);

        /** The turn failed outside the engine: nothing of it is stored, and the loop has stopped. */
        void turnFailed(Throwable failure);

        /** A journaled timer is not there on replay: the replay no longer matches. */
        void timerMissing(long timer);
    }

    private final Executor workers;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final double timeScale;
    private Listener listener;

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<LoopInput> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile Thread driver;
    private Instant now;
    private boolean replaying;

    private final PriorityQueue<LoopTimer> timers = new PriorityQueue<>();
    private final Map<Long, LoopTimer> timersById = new HashMap<>();
    private long nextTimerId;
    private ScheduledFuture<?> armed;
    private LoopTimer armedFor;
    /** Set when the execution left this loop (its store failed it): timers stop, inputs are dropped. */
    private volatile boolean shutDown;

    /**
     * @param timeScale real seconds per second of a Wait's or a retry interval's delay: 1 is real
     *                  time, 0 fires them at once (the history then shows the real, shorter, time
     *                  that passed); timeouts and heartbeats keep real time whatever the scale
     */
    ServiceExecutionLoop(Executor workers, ScheduledExecutorService scheduler, InstantSource clock, double timeScale) {
        this.workers = workers;
        this.scheduler = scheduler;
        this.clock = clock;
        this.timeScale = timeScale;
        this.now = clock.instant();
    }

    void listener(Listener executionListener) {
        this.listener = executionListener;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() != driver) {
            // Work arriving from another thread would not be journaled, and replay would miss it.
            throw new IllegalStateException("Execution work must be submitted from its loop; post an input instead");
        }
        ready.add(task);
    }

    /** A Wait or a retry interval: its delay is scaled. */
    @Override
    public Timer schedule(Instant due, Runnable task) {
        long delayNanos = Math.max(0, Duration.between(now, due).toNanos());
        return add(now.plusNanos((long) (delayNanos * timeScale)), due, task);
    }

    /** A deadline on a worker or on the whole execution: real time, never scaled. */
    @Override
    public Timer scheduleTimeout(Instant due, Runnable task) {
        return add(due, due, task);
    }

    /** One numbering for both kinds of timer: the journal names a fired timer by its number. */
    private LoopTimer add(Instant fireAt, Instant due, Runnable task) {
        LoopTimer timer = new LoopTimer(nextTimerId++, fireAt, due, task);
        timers.add(timer);
        timersById.put(timer.id, timer);
        return timer;
    }

    @Override
    public void externalWorkStarted() {
        // The service's clock is real time: nothing to hold back.
    }

    @Override
    public void externalWorkEnded() {
    }

    /** Whether no input waits and no turn runs: the execution is parked until a timer or an answer. */
    boolean idle() {
        return !queued.get();
    }

    /** Hands the loop an input. Safe from any thread. */
    void post(LoopInput input) {
        if (shutDown) {
            return;
        }
        inbox.add(input);
        if (queued.compareAndSet(false, true)) {
            workers.execute(this::turn);
        }
    }

    /**
     * Replays journaled inputs at their journaled times, without journaling them again, then goes
     * live: arms the next timer and takes posted inputs. {@code afterReplay} runs on the loop
     * between the two. A turn that was cut short (a {@link LoopInput.Paused} mark after its input)
     * runs only as far as it did live; work it left, if the journal ends there, is resumed live.
     */
    void replay(Iterator<TimedInput> journal, Runnable afterReplay, java.util.function.Consumer<RuntimeException> replayFailed) {
        queued.set(true); // inputs posted meanwhile wait for the replay
        workers.execute(() -> {
            driver = Thread.currentThread();
            try {
                replaying = true;
                try {
                    TimedInput pending = journal.hasNext() ? journal.next() : null;
                    while (pending != null) {
                        TimedInput entry = pending;
                        pending = journal.hasNext() ? journal.next() : null;
                        if (entry.input() instanceof LoopInput.Paused) {
                            continue; // a mark with no input before it: nothing to cut short
                        }
                        int budget = Integer.MAX_VALUE;
                        if (pending != null && pending.input() instanceof LoopInput.Paused paused) {
                            budget = paused.tasks();
                            pending = journal.hasNext() ? journal.next() : null;
                        }
                        take(entry.input(), entry.at(), budget);
                    }
                } finally {
                    replaying = false;
                }
                afterReplay.run();
                if (!ready.isEmpty()) {
                    post(new LoopInput.Resume()); // the journal ends in a cut-short turn: go on, journaled
                }
                rearm();
            } catch (RuntimeException e) {
                replayFailed.accept(e); // the execution ends as unresumable rather than wedging its loop
            } finally {
                driver = null;
                turn();
            }
        });
    }

    /** An input and the time the loop took it. */
    record TimedInput(LoopInput input, Instant at) {
    }

    private void turn() {
        driver = Thread.currentThread();
        try {
            for (int i = 0; i < MAX_INPUTS_PER_TURN && !shutDown; i++) {
                LoopInput input = inbox.poll();
                if (input == null) {
                    break;
                }
                int stoppedAfter = take(input, clock.instant(), Integer.MAX_VALUE);
                if (stoppedAfter != DRAINED) {
                    listener.paused(stoppedAfter, now); // the rest waits for this turn to be stored
                    break;
                }
            }
            if (!shutDown) {
                rearm();
                listener.turnEnded();
            }
        } catch (RuntimeException | Error e) {
            // The engine catches its own failures at every step; what gets here is the service's (an
            // event it cannot store, say). The turn is lost, so the execution cannot go on from memory.
            shutDown();
            listener.turnFailed(e);
        } finally {
            driver = null;
            queued.set(false);
            if (!inbox.isEmpty() && queued.compareAndSet(false, true)) {
                workers.execute(this::turn);
            }
        }
    }

    /**
     * Takes an input and runs the work it causes: all of it, or on replay at most {@code budget}
     * pieces, or live until the turn is full. Returns {@link #DRAINED}, or how many pieces ran.
     */
    private int take(LoopInput input, Instant at, int budget) {
        // A replay runs at the journaled times, which are all earlier than now; live, the clock never goes back.
        if (replaying || at.isAfter(now)) {
            now = at;
        }
        if (input instanceof LoopInput.TimerFired fired) {
            LoopTimer timer = timersById.remove(fired.timer());
            if (timer == null) {
                if (replaying) {
                    listener.timerMissing(fired.timer());
                }
                return DRAINED; // cancelled before it was taken: it did nothing, and is not journaled
            }
            timers.remove(timer);
            if (!replaying) {
                listener.inputTaken(input, now);
            }
            timer.task.run();
        } else {
            if (!replaying) {
                listener.inputTaken(input, now);
            }
            if (!(input instanceof LoopInput.Resume)) {
                listener.apply(input);
            }
        }
        return runReady(budget);
    }

    /** Runs ready work: all of it ({@link #DRAINED}), or as much as the budget or a full turn lets (how many ran). */
    private int runReady(int budget) {
        int ran = 0;
        while (true) {
            if (ready.isEmpty()) {
                return DRAINED;
            }
            if (ran == budget) {
                return ran;
            }
            ready.poll().run();
            ran++;
            if (!replaying && !ready.isEmpty() && listener.turnFull()) {
                return ran;
            }
        }
    }

    /** Stops the loop for good: its timer is cancelled and later inputs are dropped. */
    void shutDown() {
        shutDown = true;
        ScheduledFuture<?> timer = armed;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Keeps exactly one real timer armed: for the first of this execution's timers to fire. */
    private void rearm() {
        LoopTimer head = timers.peek();
        if (head == armedFor) {
            return;
        }
        if (armed != null) {
            armed.cancel(false);
        }
        armedFor = head;
        armed = null;
        if (head != null) {
            long delay = Math.max(0, Duration.between(clock.instant(), head.fireAt).toNanos());
            long id = head.id;
            armed = scheduler.schedule(() -> post(new LoopInput.TimerFired(id)), delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A timer of this execution; ordered by when it fires, then by when it was due before scaling
     * (Waits scaled to nothing all fire at once, yet the shorter goes first, as in real time),
     * then by when it was set.
     */
    private final class LoopTimer implements Timer, Comparable<LoopTimer> {
        final long id;
        final Instant fireAt;
        final Instant due;
        final Runnable task;

        LoopTimer(long id, Instant fireAt, Instant due, Runnable task) {
            this.id = id;
            this.fireAt = fireAt;
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            // Called by the engine, on the loop.
            if (timersById.remove(id) != null) {
                timers.remove(this);
            }
        }

        @Override
        public int compareTo(LoopTimer other) {
            int byTime = fireAt.compareTo(other.fireAt);
            if (byTime != 0) {
                return byTime;
            }
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(id, other.id);
        }
    }
}
