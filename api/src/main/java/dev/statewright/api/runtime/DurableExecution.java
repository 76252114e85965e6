package dev.statewright.api.runtime;

import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.FencedWriteException;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EventTypes;
import dev.statewright.interpreter.engine.Execution;
import dev.statewright.interpreter.engine.ExecutionInfo;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One execution in the service: the engine's run on a {@link ServiceExecutionLoop}, with every
 * input journaled and every event stored. A turn's journal entries, events and (when it ends) the
 * execution's record go to the store as one batch; the turn's task dispatches go out only when
 * that batch is committed, so nothing leaves the service that the store could forget.
 *
 * <p>A turn stops growing at {@link #MAX_TURN_BYTES}: the loop cuts it short, the batch goes to
 * the store, and the rest of the work goes on once it is stored. So a tight loop over a large
 * input writes many bounded batches, not one batch of hundreds of megabytes, and memory holds
 * one batch at a time.
 */
final class DurableExecution implements ServiceExecutionLoop.Listener {
    /** The most a turn writes before it is cut short (events and journal entries, before compression). */
    static final long MAX_TURN_BYTES = 4L << 20;

    private final ExecutionRuntime runtime;
    private final StateMachine machine;
    private final ServiceExecutionLoop loop;
    private final TaskDispatcher dispatcher;
    private final Engine engine;
    private final ExecutionObserver observer;
    /** The events this turn stored, for the observer once the turn is durable. */
    private List<HistoryEvent> turnEvents = new ArrayList<>();
    /** States entered so far, replayed turns included (the transitions histogram takes it at the end). */
    private long stateTransitions;
    private final CompletableFuture<ExecutionRecord> firstCommit = new CompletableFuture<>();
    private final CompletableFuture<ExecutionRecord> finished = new CompletableFuture<>();
    private final CompletableFuture<Void> replayed = new CompletableFuture<>();
    /** For a run made to redrive the execution: completes once its ExecutionRedriven event is durable. */
    private final CompletableFuture<ExecutionRecord> redriven = new CompletableFuture<>();
    /** The number of the redrive this run was made for, or 0 for a start or a resume. */
    private int redriveCount;
    /**
     * When the journal of an execution to redrive was empty (it began and ended in one turn, which
     * stores no journal), the time of its Begin, which the replay takes and the journal then records.
     */
    private Instant unjournaledBegin;
    /** Whether this turn recorded ExecutionRedriven. */
    private boolean redrivenInTurn;

    private ExecutionRecord record;
    private Execution execution;
    private WriteBatch batch = new WriteBatch();
    /** The Distributed Map runs this turn changed: written with the turn. */
    private final MapRunChanges mapRuns = new MapRunChanges();
    /** Who waits for this turn's inputs to be stored (workers' SendTask* calls). */
    private List<CompletableFuture<Void>> acknowledgements = new ArrayList<>();
    private long journalLength;
    /** Whether a turn of this run has gone to the store: its journal is then there to be replayed. */
    private boolean turnStored;
    /** Whether this turn was cut short: the rest of its work resumes once it is stored. */
    private boolean turnPaused;
    private long lastEventId;
    /** What the store holds of this run: its record and its last event, as of the last commit. */
    private volatile ExecutionRecord lastCommittedRecord;
    private volatile long lastCommittedEventId;
    private boolean recordChanged;
    /** Completes once the outcome of every turn handed to the store so far has been taken, in order. */
    private CompletableFuture<Void> turnsTaken = CompletableFuture.completedFuture(null);
    /** Set once a turn's failure has been reported to the runtime: later outcomes change nothing. */
    private volatile boolean failureReported;

    /** While replaying: the event types stored, which the replay must produce again, in order. */
    private List<String> storedTypes;
    private int replayedEvents;
    private String divergence;
    private JournalReader journalRead;
    /** Set when the run cannot go on (a failed replay, a failed commit): inputs are then ignored. */
    private boolean detached;

    DurableExecution(ExecutionRuntime runtime, ExecutionRecord record, StateMachine machine, ServiceExecutionLoop loop,
                     TaskDispatcher dispatcher, Engine engine, ExecutionObserver observer) {
        this.observer = observer;
        this.runtime = runtime;
        this.record = record;
        this.lastCommittedRecord = record;
        this.machine = machine;
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.engine = engine;
        loop.listener(this);
    }

    /** A new execution: its record goes down with its first turn. */
    void begin() {
        batch.put(record);
        recordChanged = false;
        loop.post(new LoopInput.Begin());
    }

    /** An execution the store says is running: replays its journal, then goes on live. */
    void resume(JournalReader journal, List<String> eventTypes) {
        beginReplay(journal, eventTypes);
        loop.replay(journal.timedInputs(), this::replayEnded, failure -> {
            if (!detached) {
                failUnresumable("the replay failed: " + failure);
            }
        });
    }

    /**
     * What a replay starts from: the stored history it must reproduce, the journal it reads, and
     * no Map Run changes collected (the store holds the runs as those turns left them).
     */
    private void beginReplay(JournalReader journal, List<String> eventTypes) {
        storedTypes = eventTypes;
        journalRead = journal;
        turnStored = true;
        dispatcher.beginReplay();
        lastEventId = eventTypes.size();
        lastCommittedEventId = lastEventId;
        firstCommit.complete(record);
        mapRuns.replaying(true);
    }

    /**
     * An ended execution to redrive: replays its journal, as a resume does, to rebuild the engine's
     * state as it was at the end, then takes a {@link LoopInput.Redrive}, journaled like any input.
     *
     * @param beginAt when the journal is empty, the time of the execution's start (its Begin was never journaled)
     */
    void redrive(JournalReader journal, List<String> eventTypes, int count, Instant beginAt) {
        redriveCount = count;
        unjournaledBegin = beginAt;
        beginReplay(journal, eventTypes);
        Iterator<ServiceExecutionLoop.TimedInput> inputs = beginAt == null ? journal.timedInputs()
                : List.of(new ServiceExecutionLoop.TimedInput(new LoopInput.Begin(), beginAt)).iterator();
        loop.replay(inputs, this::replayEnded, failure -> refuseRedrive("its replay failed: " + failure));
    }

    /**
     * The execution cannot be rebuilt as it ended, so it is not redriven: nothing is stored, and its
     * history and status stay as they were.
     */
    private void refuseRedrive(String why) {
        replayed.complete(null);
        detached = true;
        loop.shutDown();
        redriven.completeExceptionally(new ServiceException("ExecutionNotRedrivable",
                "Execution " + record.arn() + " cannot be redriven: " + why));
        runtime.ended(this);
    }

    private void redriveAfterReplay() {
        if (divergence == null && replayedEvents != storedTypes.size()) {
            divergence = "the replay produced " + replayedEvents + " of " + storedTypes.size() + " stored events";
        }
        storedTypes = null;
        dispatcher.goLive();
        if (divergence != null || execution == null || !execution.status().isUnsuccessful()) {
            refuseRedrive(divergence != null ? divergence : "Statewright, not the engine, ended it");
            return;
        }
        if (unjournaledBegin != null) {
            journal(new LoopInput.Begin(), unjournaledBegin); // the journal holds what the replay took
        }
        loop.post(new LoopInput.Redrive(redriveCount));
    }

    private void replayEnded() {
        mapRuns.replaying(false);
        if (redriveCount > 0) {
            replayed.complete(null);
            journalLength = unjournaledBegin != null ? 0 : journalRead.read();
            redriveAfterReplay();
            return;
        }
        replayed.complete(null);
        journalLength = journalRead.read();
        if (storedTypes.isEmpty() && journalLength == 0) {
            storedTypes = null;
            batch.put(record); // stored, but its first turn never was: it begins now
            loop.post(new LoopInput.Begin());
            return;
        }
        if (divergence == null && replayedEvents != storedTypes.size()) {
            divergence = "the replay produced " + replayedEvents + " of " + storedTypes.size() + " stored events";
        }
        storedTypes = null;
        if (divergence != null) {
            failUnresumable(divergence);
            return;
        }
        dispatcher.send(dispatcher.goLive()); // in flight at the crash: sent again, at least once
    }

    /**
     * The stored history and the replay disagree, so the run's state is unknown: end it as failed,
     * with one more event after the stored ones, rather than guess.
     */
    private void failUnresumable(String why) {
        replayed.complete(null);
        detached = true;
        store(ExecutionEvents.unresumable(lastEventId, loop.now(), why));
    }

    @Override
    public void inputTaken(LoopInput input, Instant at) {
        if (detached) {
            if (input instanceof LoopInput.TaskOutcome outcome && outcome.stored() != null) {
                outcome.stored().completeExceptionally(new ServiceException(
                        "TaskDoesNotExist", "The execution of this task can no longer take its outcome"));
            }
            if (input instanceof LoopInput.UpdateMapRun update && update.stored() != null) {
                update.stored().completeExceptionally(new ServiceException("ValidationException",
                        "The execution of Map Run " + update.mapRunArn() + " can no longer take an update"));
            }
            return;
        }
        journal(input, at);
        if (input instanceof LoopInput.TaskOutcome outcome && outcome.stored() != null) {
            acknowledgements.add(outcome.stored());
        }
        if (input instanceof LoopInput.UpdateMapRun update && update.stored() != null) {
            acknowledgements.add(update.stored());
        }
    }

    private void journal(LoopInput input, Instant at) {
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        batch.journal(record.arn(), new JournalEntry(journalLength++, nanos, LoopInput.toJson(input)));
    }

    @Override
    public void apply(LoopInput input) {
        if (detached) {
            return;
        }
        if (input instanceof LoopInput.Begin) {
            ExecutionInfo info = new ExecutionInfo(record.arn(), record.name(), record.stateMachineArn(),
                    record.stateMachineName(), record.roleArn(), loop.now(), Json.parse(record.input()),
                    record.arn().contains(":express:") ? null : 0); // EXPRESS runs cannot be redriven
            // The events go to the store as they come; the engine keeps none, so a long history costs no memory.
            execution = engine.startKeepingNoHistory(machine, info, loop, this::recorded, mapRuns);
        } else if (input instanceof LoopInput.TaskOutcome outcome) {
            dispatcher.complete(outcome);
        } else if (input instanceof LoopInput.Heartbeat heartbeat) {
            dispatcher.heartbeat(heartbeat.dispatch());
        } else if (input instanceof LoopInput.PickedUp picked) {
            dispatcher.pickedUp(picked.dispatch(), picked.worker());
        } else if (input instanceof LoopInput.Stop stop && execution != null) {
            execution.stop(stop.error(), stop.cause());
        } else if (input instanceof LoopInput.UpdateMapRun update && execution != null) {
            execution.updateMapRun(update.mapRunArn(), update.update());
        } else if (input instanceof LoopInput.Redrive redrive && execution != null) {
            execution.redrive(redrive.count());
        }
    }

    @Override
    public void timerMissing(long timer) {
        if (divergence == null) {
            divergence = "timer " + timer + " of the journal was never set";
        }
    }

    @Override
    public boolean turnFull() {
        return batch.bytes() >= MAX_TURN_BYTES;
    }

    @Override
    public void paused(int tasks, Instant at) {
        if (!detached) {
            journal(new LoopInput.Paused(tasks), at);
            turnPaused = true;
        }
    }

    /** Every event the engine records, on the loop. */
    private void recorded(HistoryEvent event) {
        if (detached) {
            return;
        }
        if (event.type().endsWith("StateEntered")) {
            stateTransitions++;
        }
        if (storedTypes != null) {
            if (divergence == null && (replayedEvents >= storedTypes.size()
                    || !storedTypes.get(replayedEvents).equals(event.type()))) {
                divergence = "event " + event.id() + " was " + event.type() + ", stored "
                        + (replayedEvents < storedTypes.size() ? storedTypes.get(replayedEvents) : "nothing");
            }
            replayedEvents++;
            return;
        }
        store(event);
    }

    private void store(HistoryEvent event) {
        lastEventId = event.id();
        batch.event(record.arn(), event);
        turnEvents.add(event);
        if (event.type().equals(EventTypes.EXECUTION_STARTED)) {
            observer.statusChanged(record, event, batch);
        }
        if (event.type().equals(EventTypes.EXECUTION_REDRIVEN)) {
            record = ExecutionEvents.redriven(record, event);
            batch.put(record);
            recordChanged = true;
            redrivenInTurn = true;
            observer.statusChanged(record, event, batch);
        }
        ExecutionStatus status = ExecutionEvents.finalStatus(event.type());
        if (status != null) {
            record = ExecutionEvents.ended(record, event);
            batch.put(record);
            recordChanged = true;
            observer.statusChanged(record, event, batch);
        }
    }

    @Override
    public void turnEnded() {
        if (!detached) {
            mapRuns.writeTo(batch);
        }
        if (batch.isEmpty()) {
            return;
        }
        WriteBatch turn = batch;
        batch = new WriteBatch();
        List<HistoryEvent> storedEvents = turnEvents;
        turnEvents = new ArrayList<>();
        long transitions = stateTransitions;
        List<CompletableFuture<Void>> acknowledged = acknowledgements;
        acknowledgements = new ArrayList<>();
        List<TaskDispatcher.Dispatch> dispatches = dispatcher.takeUncommitted();
        ExecutionRecord committed = record;
        long committedEventId = lastEventId;
        boolean ended = recordChanged && committed.status().isFinished();
        boolean resumeAfter = turnPaused && !ended;
        boolean redriveStored = redrivenInTurn;
        redrivenInTurn = false;
        turnPaused = false;
        recordChanged = false;
        if (ended && !turnStored) {
            // Begun and ended in one turn: there will never be anything to replay, so no journal.
            turn.withoutJournal(committed.arn());
        }
        turnStored = true;
        long commitBegan = System.nanoTime();
        CompletionStage<Void> stored = runtime.store().commit(turn);
        // Each turn's outcome is taken after the one before it, even when a store refuses a later turn
        // at once while an earlier one is still being written: a refusal then follows what was stored.
        turnsTaken = turnsTaken.handle((earlier, ignored) -> null).thenCompose(earlier -> stored).whenComplete((ok, failure) -> {
            if (failure != null) {
                acknowledged.forEach(waiting -> waiting.completeExceptionally(failure));
                if (!failureReported) {
                    failureReported = true;
                    commitFailed(failure);
                    runtime.commitFailed(this, failure);
                }
                return;
            }
            if (failureReported) {
                acknowledged.forEach(waiting -> waiting.complete(null));
                return; // stored, but a turn before it was not: the execution goes on from the store, not from here
            }
            lastCommittedRecord = committed;
            lastCommittedEventId = committedEventId;
            observer.turnStored(new ExecutionObserver.StoredTurn(committed, storedEvents, turn.outbox(),
                    java.time.Duration.ofNanos(System.nanoTime() - commitBegan), transitions, ended));
            acknowledged.forEach(waiting -> waiting.complete(null));
            firstCommit.complete(committed);
            if (redriveStored) {
                redriven.complete(committed);
            }
            if (ended) {
                finished.complete(committed);
                runtime.ended(this);
                return;
            }
            if (!dispatches.isEmpty()) {
                runtime.sendLater(() -> dispatcher.send(dispatches)); // handlers run on the workers, not the committer
            }
            if (resumeAfter) {
                loop.post(new LoopInput.Resume()); // the rest of the cut-short turn, now that its start is stored
            }
        });
    }

    @Override
    public void turnFailed(Throwable failure) {
        batch = new WriteBatch();
        turnEvents = new ArrayList<>();
        mapRuns.clear();
        acknowledgements.forEach(waiting -> waiting.completeExceptionally(failure));
        acknowledgements = new ArrayList<>();
        // Reported once the turns before it are stored, so it ends the execution after them.
        turnsTaken = turnsTaken.handle((earlier, ignored) -> null).thenRun(() -> {
            if (!failureReported) {
                failureReported = true;
                commitFailed(failure);
                runtime.commitFailed(this, failure);
            }
        });
    }

    ExecutionRecord lastCommittedRecord() {
        return lastCommittedRecord;
    }

    long lastCommittedEventId() {
        return lastCommittedEventId;
    }

    /** Whether any turn of this execution reached the store (a resumed one's had). */
    boolean everStored() {
        return firstCommit.isDone() && !firstCommit.isCompletedExceptionally();
    }

    /** Posts an UpdateMapRun; {@code stored} completes once it is journaled and durable. */
    void updateMapRun(LoopInput.UpdateMapRun update) {
        loop.post(update);
    }

    /** Posts a StopExecution. */
    void stop(String error, String cause) {
        loop.post(new LoopInput.Stop(error, cause));
    }

    String arn() {
        return record.arn();
    }

    /** Whether the execution waits with nothing to do now (a Wait, a task, a callback): its loop holds no work. */
    boolean parked() {
        return loop.idle();
    }

    /** Completes once the execution's record is durable (StartExecution answers then). */
    CompletableFuture<ExecutionRecord> firstCommit() {
        return firstCommit;
    }

    /** Completes once a resumed execution's replay is over (at once for a new one). */
    CompletableFuture<Void> replayed() {
        return replayed;
    }

    /**
     * The store could not take a turn: this run cannot go on durably (what it holds in memory is
     * ahead of the store). Whoever waits hears of it, and the loop stops; the runtime resumes the
     * execution from what the store holds once the store takes writes again.
     */
    void commitFailed(Throwable failure) {
        detached = true;
        loop.shutDown();
        if (dev.statewright.interpreter.CompletionFailures.unwrap(failure) instanceof FencedWriteException moved) {
            dispatcher.abandon(moved); // another node drives it now: its tasks' answers go there
        }
        RuntimeException error = new ServiceException("InternalFailure",
                "Statewright could not store the execution " + record.arn() + ": " + failure.getMessage(), 500);
        firstCommit.completeExceptionally(error);
        finished.completeExceptionally(error);
        redriven.completeExceptionally(error);
    }

    /** For a run made to redrive: completes with the record once the redrive has begun durably. */
    CompletableFuture<ExecutionRecord> redriven() {
        return redriven;
    }

    /** Completes once the execution's end is durable. */
    CompletableFuture<ExecutionRecord> finished() {
        return finished;
    }
}
