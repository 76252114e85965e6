package dev.statewright.api.runtime;

import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.EventCodec;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.FencedWriteException;
import dev.statewright.api.store.ForwardedInput;
import dev.statewright.api.store.NodeEvents;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoreUnavailableException;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
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

    private final Store store;
    private final TaskHandlers handlers;
    private final BiFunction<ExecutionRecord, TaskHandlers, TaskHandlers> engineSide;
    private final EngineOptions options;
    private final InstantSource clock;
    private final double timeScale;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final Map<String, DurableExecution> running = new ConcurrentHashMap<>();
    private final ExecutionObserver observer;
    private final Map<String, StateMachine> parsedDefinitions = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, StateMachine> eldest) {
            return size() > 256;
        }
    };

    /**
     * @param handlers   the task handlers, reached through each execution's journaling dispatcher
     * @param engineSide wraps what an execution's engine calls, in front of the dispatcher: a mock
     *                   test case answers there, deterministically, so a replay answers the same
     */
    public ExecutionRuntime(Store store, TaskHandlers handlers, BiFunction<ExecutionRecord, TaskHandlers, TaskHandlers> engineSide,
                            EngineOptions options, InstantSource clock, double timeScale, int workerThreads) {
        this(store, handlers, engineSide, options, clock, timeScale, workerThreads, ExecutionObserver.NONE);
    }

    /** @param observer hears of every stored turn, status change and task answer (metrics, logs, status events) */
    public ExecutionRuntime(Store store, TaskHandlers handlers, BiFunction<ExecutionRecord, TaskHandlers, TaskHandlers> engineSide,
                            EngineOptions options, InstantSource clock, double timeScale, int workerThreads,
                            ExecutionObserver observer) {
        this.observer = observer;
        this.store = store;
        this.handlers = handlers;
        this.engineSide = engineSide;
        this.options = options;
        this.clock = clock;
        this.timeScale = timeScale;
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
     * Resumes every execution the store has as running, and returns how many once every replay is
     * over (so a request that arrives next finds them all live). One that cannot be resumed is
     * ended as failed, with its cause, and the others still start.
     */
    public int resumeAll() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (ExecutionRecord record : store.claimRunningExecutions()) {
            DurableExecution execution = resume(record);
            if (execution != null) {
                done.add(execution.replayed());
            }
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        return done.size();
    }

    /** Resumes one running execution from what the store holds; null when it cannot be (it is then ended or left). */
    private DurableExecution resume(ExecutionRecord record) {
        List<String> types;
        try {
            types = store.eventTypes(record.arn());
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            abandon(record, safeLastEventId(record), "its history cannot be read: " + e.getMessage());
            return null;
        }
        DurableExecution execution;
        try {
            if (record.definition() == null || record.definition().isEmpty()) {
                throw new IllegalStateException("its definition is missing from the store");
            }
            execution = create(record);
        } catch (RuntimeException e) {
            abandon(record, types.size(), "its definition no longer parses: " + e.getMessage());
            return null;
        }
        running.put(record.arn(), execution);
        execution.resume(new JournalReader(store, record.arn()), types);
        return execution;
    }

    private long safeLastEventId(ExecutionRecord record) {
        try {
            return store.lastEventId(record.arn());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private DurableExecution create(ExecutionRecord record) {
        ServiceExecutionLoop loop = new ServiceExecutionLoop(workers, scheduler, clock, timeScale);
        TaskDispatcher dispatcher = new TaskDispatcher(handlers, loop, observer, record.arn());
        long seed = record.randomSeed();
        TaskHandlers journaled = TaskHandlers.builder().resourcePrefix("", dispatcher).build();
        Engine engine = new Engine(engineSide.apply(record, journaled),
                options.withRandomSource(() -> new SplittableRandom(seed)));
        StateMachine machine = parsed(record.definition());
        return new DurableExecution(this, record, machine, loop, dispatcher, engine, observer);
    }

    /**
     * Redrives an execution that ended unsuccessfully: rebuilds it by replaying its journal, then
     * journals a {@link LoopInput.Redrive} and goes on live. Completes with its record once the
     * redrive has begun durably (its ExecutionRedriven event and RUNNING record are stored); fails
     * with ExecutionNotRedrivable when it is running here or its journal does not rebuild it as it ended.
     */
    public CompletableFuture<ExecutionRecord> redrive(ExecutionRecord record) {
        String arn = record.arn();
        DurableExecution ending = running.get(arn);
        if (ending != null && !ending.finished().isDone() && record.status().isUnsuccessful()) {
            // Its end is stored (the record read says so), but the run leaves this list only once its
            // commit has been answered: redrive it then, rather than refuse it as running.
            return ending.finished().handle((ended, failure) -> null).thenCompose(ignored -> redrive(record));
        }
        List<String> types = store.eventTypes(arn);
        // An execution that began and ended in one turn stored no journal: its one input was Begin,
        // taken at the time of its first event.
        Instant beginAt = store.journal(arn, 0, 1).isEmpty() && !types.isEmpty()
                ? EventCodec.decode(store.events(arn, 1, 1).get(0)).timestamp() : null;
        DurableExecution execution = create(record);
        // The run that ended may still be listed for a moment after its end is stored: it is over.
        DurableExecution listed = running.compute(arn, (key, earlier) ->
                earlier == null || earlier.finished().isDone() ? execution : earlier);
        if (listed != execution) {
            return CompletableFuture.failedFuture(new ServiceException("ExecutionNotRedrivable",
                    "Execution is RUNNING and cannot be redriven: '" + arn + "'"));
        }
        execution.redrive(new JournalReader(store, arn), types, record.redrives().count() + 1, beginAt);
        return execution.redriven();
    }

    /** Ends an execution that cannot be resumed as failed, with one more event after its stored ones. */
    private void abandon(ExecutionRecord record, long storedEvents, String why) {
        endAsFailed(record, ExecutionEvents.unresumable(storedEvents, clock.instant(), why));
    }

    private void endAsFailed(ExecutionRecord record, HistoryEvent failed) {
        ExecutionRecord ended = ExecutionEvents.ended(record, failed);
        WriteBatch batch = new WriteBatch().event(record.arn(), failed).put(ended);
        observer.statusChanged(ended, failed, batch);
        long began = System.nanoTime();
        store.commit(batch).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.SEVERE, "Could not end " + record.arn() + " as failed; it is resumed at the next start", failure);
                return;
            }
            observer.turnStored(new ExecutionObserver.StoredTurn(ended, List.of(failed), batch.outbox(),
                    java.time.Duration.ofNanos(System.nanoTime() - began), 0, true));
        });
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

    /**
     * UpdateMapRun: hands the execution new settings for one of its Distributed Map runs (null ones
     * stay). Completes once the update is journaled and durable (a restart replays it), or with
     * null at once when the execution is not running here.
     */
    public CompletableFuture<Void> updateMapRun(String executionArn, String mapRunArn, Integer maxConcurrency,
                                                Integer toleratedFailureCount, Double toleratedFailurePercentage) {
        DurableExecution execution = running.get(executionArn);
        if (execution == null) {
            return null;
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        execution.updateMapRun(new LoopInput.UpdateMapRun(mapRunArn, maxConcurrency, toleratedFailureCount,
                toleratedFailurePercentage, stored));
        return stored;
    }

    /** Completes when the execution's end is durable; null when it is not running here. */
    public CompletableFuture<ExecutionRecord> whenFinished(String executionArn) {
        DurableExecution execution = running.get(executionArn);
        return execution == null ? null : execution.finished();
    }

    public int runningCount() {
        return running.size();
    }

    /** How many running executions wait with nothing to do now (a Wait, a task, a callback). */
    public int parkedCount() {
        int parked = 0;
        for (DurableExecution execution : running.values()) {
            if (execution.parked()) {
                parked++;
            }
        }
        return parked;
    }

    Store store() {
        return store;
    }

    void ended(DurableExecution execution) {
        running.remove(execution.arn(), execution);
    }

    /**
     * A turn's changes could not be stored, so the execution cannot safely go on from memory. When
     * the store was unavailable (a full disk), the execution is resumed from what the store holds,
     * exactly as after a restart, once the store takes writes again (tried again with growing
     * delays). Any other failure is the turn's own: it ends as failed after its last stored event,
     * so it never sits RUNNING forever.
     */
    void commitFailed(DurableExecution execution, Throwable failure) {
        running.remove(execution.arn(), execution);
        Throwable cause = dev.statewright.interpreter.CompletionFailures.unwrap(failure);
        if (cause instanceof FencedWriteException) {
            LOG.info(() -> "Let go of " + execution.arn() + ": " + cause.getMessage());
            return; // another node drives it now, from what was stored
        }
        if (cause instanceof StoreUnavailableException) {
            LOG.log(Level.WARNING, "Could not store a turn of " + execution.arn() + " (" + cause.getMessage()
                    + "); it resumes from what was stored once the store takes writes again");
            resumeLater(execution.arn(), 1);
            return;
        }
        LOG.log(Level.SEVERE, "Could not store a turn of " + execution.arn(), failure);
        if (!execution.everStored()) {
            return; // its start was refused to its caller: there is nothing of it to end
        }
        endAsFailed(execution.lastCommittedRecord(), ExecutionEvents.failedByStatewright(execution.lastCommittedEventId(),
                clock.instant(), "Statewright could not store this execution's progress: " + cause));
    }

    private void resumeLater(String arn, int attempt) {
        long delayMillis = Math.min(5_000L, 250L << Math.min(attempt, 5)); // soon after the store recovers, never hammering it
        try {
            scheduler.schedule(() -> workers.execute(() -> resumeSuspended(arn, attempt)), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the next start resumes it
        }
    }

    private void resumeSuspended(String arn, int attempt) {
        if (running.containsKey(arn)) {
            return;
        }
        try {
            // On a shared database another node may have taken it over while the store was away: then it is that node's.
            if (!store.drivesHere(arn)) {
                LOG.info(() -> "Not resuming " + arn + " after the store failed it: another node drives it now");
                return;
            }
            store.execution(arn).filter(record -> record.status() == ExecutionStatus.RUNNING).ifPresent(this::resume);
        } catch (StoreUnavailableException e) {
            resumeLater(arn, attempt + 1);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not resume " + arn + " after the store failed it; the next start resumes it", e);
        }
    }

    /**
     * What this node does when a store shared with other nodes tells it so: resume the executions
     * it took over (as a start resumes them), let go of those another node took, and take the
     * inputs other nodes received for executions driven here.
     */
    public NodeEvents nodeEvents() {
        return new NodeEvents() {
            @Override
            public void takenOver(List<ExecutionRecord> executions) {
                for (ExecutionRecord record : executions) {
                    workers.execute(() -> {
                        if (!running.containsKey(record.arn())) {
                            resume(record);
                        }
                    });
                }
            }

            @Override
            public void lost(List<String> executionArns) {
                for (String arn : executionArns) {
                    DurableExecution execution = running.remove(arn);
                    if (execution != null) {
                        execution.commitFailed(new FencedWriteException("Another node took the lease of " + arn));
                    }
                }
            }

            @Override
            public void forwarded(ForwardedInput input) {
                if ("stop".equals(input.kind())) {
                    com.fasterxml.jackson.databind.JsonNode body = dev.statewright.interpreter.json.Json.parse(input.body());
                    String error = body.path("error").isTextual() ? body.get("error").asText() : null;
                    String cause = body.path("cause").isTextual() ? body.get("cause").asText() : null;
                    if (!stop(input.executionArn(), error, cause)) {
                        LOG.warning(() -> "A stop passed on for " + input.executionArn() + " found it not running here");
                    }
                } else {
                    LOG.warning(() -> "An input of an unknown kind was passed on for " + input.executionArn() + ": " + input.kind());
                }
            }
        };
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
