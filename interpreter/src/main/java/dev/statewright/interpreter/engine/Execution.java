package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of a state machine. It records every step as a history event; the events alone say
 * what happened ({@link ExecutionProjection} rebuilds its state from them). All its work runs on its {@link ExecutionLoop},
 * one piece at a time, so its fields need no locking as long as they are touched from the loop.
 */
public final class Execution {
    private final StateMachine machine;
    /** Who and what the execution is; a redrive gives it a new count and time. */
    private ExecutionInfo info;
    private final ExecutionLoop loop;
    private final EngineContext engine;
    private final Consumer<HistoryEvent> listener;
    /** Every event, for {@link #result()}; null when the events only go to the listener (the service stores them). */
    private final List<HistoryEvent> history;
    private long eventCount;
    private long lastEventId;
    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    private JsonNode output;
    private String error;
    private String cause;
    private ExecutionLoop.Timer timeout;
    /** The execution's own branch, cut short when the execution ends otherwise than through it. */
    private BranchRun root;
    /** Watches the first state of the root branch (TestState), or null. */
    private final Inspector inspector;
    /** The variables the root branch starts with (TestState's request.variables). */
    private final java.util.Map<String, JsonNode> initialVariables;
    /** Hears how this execution's Distributed Maps' runs go. */
    private final MapRunListener mapRunListener;
    /** The Distributed Maps' runs under way, by Map Run ARN, for UpdateMapRun. */
    private final java.util.Map<String, MapRun> openMapRuns = new java.util.HashMap<>();

    Execution(StateMachine machine, ExecutionInfo info, ExecutionLoop loop, EngineContext engine,
              Consumer<HistoryEvent> listener) {
        this(machine, info, loop, engine, listener, null, java.util.Map.of());
    }

    Execution(StateMachine machine, ExecutionInfo info, ExecutionLoop loop, EngineContext engine,
              Consumer<HistoryEvent> listener, Inspector inspector, java.util.Map<String, JsonNode> initialVariables) {
        this(machine, info, loop, engine, listener, inspector, initialVariables, true);
    }

    Execution(StateMachine machine, ExecutionInfo info, ExecutionLoop loop, EngineContext engine,
              Consumer<HistoryEvent> listener, Inspector inspector, java.util.Map<String, JsonNode> initialVariables,
              boolean keepHistory) {
        this(machine, info, loop, engine, listener, inspector, initialVariables, keepHistory, MapRunListener.NONE);
    }

    Execution(StateMachine machine, ExecutionInfo info, ExecutionLoop loop, EngineContext engine,
              Consumer<HistoryEvent> listener, Inspector inspector, java.util.Map<String, JsonNode> initialVariables,
              boolean keepHistory, MapRunListener mapRunListener) {
        this.mapRunListener = mapRunListener;
        this.history = keepHistory ? new ArrayList<>() : null;
        this.inspector = inspector;
        this.initialVariables = initialVariables;
        this.machine = machine;
        this.info = info;
        this.loop = loop;
        this.engine = engine;
        this.listener = listener;
    }

    /** Starts the execution on its loop. */
    void start() {
        loop.execute(() -> {
            ObjectNode details = Json.object();
            details.set("input", info.input());
            details.set("inputDetails", Json.object().put("truncated", false));
            details.put("roleArn", info.roleArn());
            long started = record(EventTypes.EXECUTION_STARTED, details, 0);
            if (Json.deeperThan(info.input(), Json.MAX_PAYLOAD_DEPTH)) {
                // The service refuses such an input at StartExecution; an engine run ends here the same way
                // whatever its first state does with the data (an InputPath can take a shallow part).
                fail(StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED,
                        PayloadSize.tooDeep("The execution received an input")));
                return;
            }
            if (machine.timeoutSeconds() != null) {
                timeout = loop.scheduleTimeout(info.startTime().plusSeconds(machine.timeoutSeconds()), this::timeOut);
            }
            root = new BranchRun(this, machine, null, null, started, true, null, initialVariables,
                    this::succeed, this::fail);
            root.enter(machine.startAt(), info.input());
        });
    }

    /** Stops a running execution, as StopExecution does. Safe from any thread. */
    public void stop(String stopError, String stopCause) {
        loop.execute(() -> {
            if (status.isFinished()) {
                return;
            }
            finish(ExecutionStatus.ABORTED, null, stopError, stopCause, EventTypes.EXECUTION_ABORTED,
                    EventDetails.errorAndCause(new StatesException(stopError, stopCause)));
        });
    }

    /**
     * UpdateMapRun: new settings for the Distributed Map run {@code mapRunArn}, applied on the loop
     * after the work already submitted. A run that has ended (or never was) is left as it is.
     */
    public void updateMapRun(String mapRunArn, MapRunUpdate update) {
        loop.execute(() -> {
            MapRun run = openMapRuns.get(mapRunArn);
            if (run != null && !status.isFinished()) {
                run.update(update);
            }
        });
    }

    /**
     * Redrives an execution that ended unsuccessfully, as RedriveExecution does: records
     * ExecutionRedriven and carries on from the state each branch was in when it stopped, with that
     * state's input. States that succeeded do not run again; inside Parallel and Map only the
     * branches and iterations that failed, were aborted or never started run (see
     * {@link BranchRun#unfinished()}). The execution's TimeoutSeconds counts from now. Does
     * nothing unless the execution ended FAILED, TIMED_OUT or ABORTED. Safe from any thread.
     *
     * @param redriveCount the number of this redrive (1 for the first)
     */
    public void redrive(int redriveCount) {
        loop.execute(() -> {
            if (!status.isUnsuccessful()) {
                return;
            }
            BranchRun before = root;
            BranchRun.Unfinished from = before == null ? null : before.unfinished();
            info = info.redriven(redriveCount, loop.now());
            output = null;
            error = null;
            cause = null;
            status = ExecutionStatus.RUNNING;
            long redriven = record(EventTypes.EXECUTION_REDRIVEN, Json.object().put("redriveCount", redriveCount), lastEventId);
            if (machine.timeoutSeconds() != null) {
                timeout = loop.scheduleTimeout(loop.now().plusSeconds(machine.timeoutSeconds()), this::timeOut);
            }
            root = new BranchRun(this, machine, null, null, redriven, true, null,
                    before != null ? before.variables() : initialVariables, this::succeed, this::fail);
            if (from == null) {
                root.enter(machine.startAt(), info.input()); // it ended before its first state: it begins again
            } else {
                root.resume(from);
            }
        });
    }

    void mapRunStarted(String mapRunArn, MapRun run) {
        openMapRuns.put(mapRunArn, run);
    }

    void mapRunChanged(String mapRunArn, java.util.function.Supplier<MapRunProgress> progress) {
        mapRunListener.changed(mapRunArn, progress);
    }

    /** Whether anyone listens for Map Run children: an in-process run without a listener builds none. */
    boolean hearsMapRunChildren() {
        return mapRunListener != MapRunListener.NONE;
    }

    void mapRunChildChanged(MapRunChild child) {
        mapRunListener.childChanged(child);
    }

    void mapRunEnded(String mapRunArn) {
        openMapRuns.remove(mapRunArn);
    }

    private void succeed(JsonNode result) {
        ObjectNode details = Json.object();
        details.set("output", result);
        details.set("outputDetails", Json.object().put("truncated", false));
        finish(ExecutionStatus.SUCCEEDED, result, null, null, EventTypes.EXECUTION_SUCCEEDED, details);
    }

    private void fail(StatesException failure) {
        finish(ExecutionStatus.FAILED, null, failure.error(), failure.cause(), EventTypes.EXECUTION_FAILED,
                EventDetails.errorAndCause(failure));
    }

    private void timeOut() {
        if (status.isFinished()) {
            return;
        }
        ObjectNode details = Json.object().put("error", StatesErrors.TIMEOUT);
        finish(ExecutionStatus.TIMED_OUT, null, StatesErrors.TIMEOUT, null, EventTypes.EXECUTION_TIMED_OUT, details);
    }

    private void finish(ExecutionStatus finalStatus, JsonNode finalOutput, String finalError, String finalCause,
                        String eventType, ObjectNode details) {
        if (status.isFinished()) {
            return;
        }
        if (timeout != null) {
            timeout.cancel();
        }
        output = finalOutput;
        error = finalError;
        cause = finalCause;
        record(eventType, details, lastEventId);
        status = finalStatus;
        if (root != null) {
            // A stop, a timeout or the history limit: tasks in flight are given up (their handlers
            // hear of it) and timers cancelled. The execution is over, so this records nothing.
            root.abort();
        }
    }

    /**
     * Appends an event and returns its id. Nothing is recorded after the execution's final event;
     * an execution about to pass the history limit fails instead, keeping room for that event.
     */
    long record(String type, ObjectNode details, long previousEventId) {
        if (status.isFinished()) {
            return 0;
        }
        HistoryEvent event = new HistoryEvent(++eventCount, previousEventId, loop.now(), type, details);
        lastEventId = event.id();
        if (history != null) {
            history.add(event);
        }
        if (listener != null) {
            listener.accept(event);
        }
        if (eventCount == engine.maxHistoryEvents() - 1 && !type.startsWith("Execution")) {
            fail(StatesException.terminal(StatesErrors.RUNTIME, "The execution reached the limit of "
                    + engine.maxHistoryEvents() + " history events."));
        }
        return event.id();
    }

    boolean isFinished() {
        return status.isFinished();
    }

    public ExecutionStatus status() {
        return status;
    }

    public ExecutionInfo info() {
        return info;
    }

    /**
     * The result once finished. Read it from the loop, or after the loop has stopped running it.
     * An execution started to keep no history has an empty one here.
     */
    public ExecutionResult result() {
        return new ExecutionResult(status, output, error, cause, history == null ? List.of() : history);
    }

    Inspector inspector() {
        return inspector;
    }

    ExecutionLoop loop() {
        return loop;
    }

    EngineContext engine() {
        return engine;
    }
}
