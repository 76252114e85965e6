package dev.statewright.api.runtime;

import dev.statewright.api.store.EventCodec;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the service's executions: a bounded worker pool shared by every execution's loop, one
 * scheduler thread for every timer, and the store. On start it resumes what the store says was
 * running, by replaying each execution's journal.
 */
public final class ExecutionRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExecutionRuntime.class.getName());
    private static final int MAX_STORED_EVENTS = EngineOptions.AWS_MAX_HISTORY_EVENTS + 10;

    private final Store store;
    private final TaskHandlers handlers;
    private final BiFunction<ExecutionRecord, TaskHandlers, TaskHandlers> engineSide;
    private final EngineOptions options;
    private final InstantSource clock;
    private final double timeScale;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final Consumer<ExecutionRecord> onCommitted;
    private final Map<String, DurableExecution> running = new ConcurrentHashMap<>();
    private final Map<String, StateMachine> parsedDefinitions = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StateMachine> eldest) {
            return size() > 256;
        }
    };

    /**
     * @param onCommitted told of every execution record once it is durable (the service's index)
     */
    /**
     * @param handlers   the task handlers, reached through each execution's journaling dispatcher
     * @param engineSide wraps what an execution's engine calls, in front of the dispatcher: a mock
     *                   test case answers there, deterministically, so a replay answers the same
     */
    public ExecutionRuntime(Store store, TaskHandlers handlers, BiFunction<ExecutionRecord, TaskHandlers, TaskHandlers> engineSide,
                            EngineOptions options, InstantSource clock, double timeScale, int workerThreads,
                            Consumer<ExecutionRecord> onCommitted) {
        this.store = store;
        this.handlers = handlers;
        this.engineSide = engineSide;
        this.options = options;
        this.clock = clock;
        this.timeScale = timeScale;
        this.onCommitted = onCommitted;
        this.workers = Executors.newFixedThreadPool(workerThreads, named("statewright-worker"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, named("statewright-timers"));
        timers.setRemoveOnCancelPolicy(true); // re-armed timers must not pile up
        this.scheduler = timers;
    }

    /** Starts a new execution; the stage completes when its record is durable. */
    public CompletableFuture<ExecutionRecord> start(ExecutionRecord record) {
        DurableExecution execution = create(record);
        running.put(record.arn(), execution);
        execution.begin();
        return execution.firstCommit();
    }

    /**
     * Resumes the executions among {@code stored} that are running (the service's one scan of the
     * store gives them), and returns how many once every replay is over (so a request that arrives
     * next finds them all live).
     */
    public int resumeAll(Collection<ExecutionRecord> stored) {
        List<Runnable> replays = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        int resumed = 0;
        for (ExecutionRecord record : stored) {
            if (record.status() != ExecutionStatus.RUNNING) {
                continue;
            }
            List<JournalEntry> journal = store.journal(record.arn());
            List<String> types = new ArrayList<>();
            for (StoredEvent event : store.events(record.arn(), 1, MAX_STORED_EVENTS)) {
                types.add(EventCodec.decode(event).type());
            }
            DurableExecution execution;
            try {
                execution = create(record);
            } catch (RuntimeException e) {
                abandon(record, types.size(), "its definition no longer parses: " + e.getMessage());
                continue;
            }
            running.put(record.arn(), execution);
            replays.add(() -> execution.resume(journal, types));
            done.add(execution.replayed());
            resumed++;
        }
        replays.forEach(Runnable::run);
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        return resumed;
    }

    private DurableExecution create(ExecutionRecord record) {
        ServiceExecutionLoop loop = new ServiceExecutionLoop(workers, scheduler, clock, timeScale);
        TaskDispatcher dispatcher = new TaskDispatcher(handlers, loop);
        long seed = record.randomSeed();
        TaskHandlers journaled = TaskHandlers.builder().resourcePrefix("", dispatcher).build();
        Engine engine = new Engine(engineSide.apply(record, journaled),
                options.withRandomSource(() -> new SplittableRandom(seed)));
        StateMachine machine = parsed(record.definition());
        return new DurableExecution(this, record, machine, loop, dispatcher, engine);
    }

    /** Ends an execution that cannot be resumed as failed, with one more event after its stored ones. */
    private void abandon(ExecutionRecord record, int storedEvents, String why) {
        endAsFailed(record, ExecutionEvents.unresumable(storedEvents, clock.instant(), why));
    }

    private void endAsFailed(ExecutionRecord record, HistoryEvent failed) {
        ExecutionRecord ended = ExecutionEvents.ended(record, failed);
        store.commit(new WriteBatch().event(record.arn(), failed).put(ended))
                .thenRun(() -> onCommitted.accept(ended));
    }

    /**
     * Definitions parse once, not once per execution: the model is immutable and its compiled
     * expressions may be shared. A few hundred recent definitions are kept.
     */
    private StateMachine parsed(String definition) {
        synchronized (parsedDefinitions) {
            StateMachine machine = parsedDefinitions.get(definition);
            if (machine == null) {
                machine = DefinitionParser.parse(definition);
                parsedDefinitions.put(definition, machine);
            }
            return machine;
        }
    }

    /** Stops a running execution; false when it is not running here. */
    public boolean stop(String executionArn, String error, String cause) {
        DurableExecution execution = running.get(executionArn);
        if (execution == null) {
            return false;
        }
        execution.stop(error, cause);
        return true;
    }

    /** Completes when the execution's end is durable; null when it is not running here. */
    public CompletableFuture<ExecutionRecord> whenFinished(String executionArn) {
        DurableExecution execution = running.get(executionArn);
        return execution == null ? null : execution.finished();
    }

    public int runningCount() {
        return running.size();
    }

    Store store() {
        return store;
    }

    void committed(ExecutionRecord record) {
        onCommitted.accept(record);
    }

    void ended(DurableExecution execution) {
        running.remove(execution.arn());
    }

    /**
     * A turn's changes could not be stored, so the execution cannot safely go on. It ends as
     * failed after its last stored event, so it never sits RUNNING forever; if the store cannot
     * take that either, a restart resumes it from what was stored.
     */
    void commitFailed(DurableExecution execution, Throwable failure) {
        LOG.log(Level.SEVERE, "Could not store a turn of " + execution.arn(), failure);
        running.remove(execution.arn());
        endAsFailed(execution.lastCommittedRecord(), ExecutionEvents.failedByStatewright(execution.lastCommittedEventId(),
                clock.instant(), "Statewright could not store this execution's progress: " + failure));
    }

    /** Runs work (task dispatches) on the worker pool, off the store's committer thread. */
    void sendLater(Runnable work) {
        workers.execute(work);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
