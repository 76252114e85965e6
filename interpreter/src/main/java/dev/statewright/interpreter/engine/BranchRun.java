package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.Catcher;
import dev.statewright.interpreter.model.ChoiceState;
import dev.statewright.interpreter.model.FailState;
import dev.statewright.interpreter.model.MapState;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.PassState;
import dev.statewright.interpreter.model.Recoverable;
import dev.statewright.interpreter.model.Retrier;
import dev.statewright.interpreter.model.State;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.SucceedState;
import dev.statewright.interpreter.model.TaskState;
import dev.statewright.interpreter.model.WaitState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Walks the states of one branch: the whole state machine, a Parallel branch or one Map
 * iteration. Each state is entered in one step and worked in the next, so sibling branches
 * interleave state by state, as AWS's histories show.
 */
final class BranchRun implements Scope {
    private static final String RUNTIME_PREFIX = "An error occurred while executing the state '";

    private final Execution execution;
    private final StateMachine machine;
    private final Scope parent;
    private final MapItem mapItem;
    private final boolean recorded;
    private final Consumer<JsonNode> onSuccess;
    private final Consumer<StatesException> onFailure;
    private long lastEventId;
    private boolean finished;
    /** The state this branch is in, from its StateEntered event until it exits. */
    private StateVisit current;
    /** What that state has under way (a task, Parallel branches, Map iterations), to cut short on abort. */
    private Activity activity;
    /** The state whose failure ended this branch, if one did. */
    private StateVisit failedIn;

    /**
     * @param parent      the scope this branch belongs to, or null for the execution's own branch
     * @param mapItem     the Map item this branch processes, or null
     * @param lastEventId the event this branch's first event follows
     * @param recorded    whether its events go into the execution's history (not for Distributed
     *                    Map iterations, which AWS runs as child executions)
     */
    BranchRun(Execution execution, StateMachine machine, Scope parent, MapItem mapItem, long lastEventId,
              boolean recorded, Consumer<JsonNode> onSuccess, Consumer<StatesException> onFailure) {
        this.execution = execution;
        this.machine = machine;
        this.parent = parent;
        this.mapItem = mapItem;
        this.lastEventId = lastEventId;
        this.recorded = recorded;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
    }

    @Override
    public boolean isActive() {
        return !finished && (parent == null ? !execution.isFinished() : parent.isActive());
    }

    Execution execution() {
        return execution;
    }

    boolean isRecorded() {
        return recorded;
    }

    /** Enters a state: records its StateEntered event now and works it in the next step. */
    void enter(String stateName, JsonNode input) {
        if (!isActive()) {
            return;
        }
        State state = machine.state(stateName);
        if (state == null) {
            failBranch(new StatesException(StatesErrors.RUNTIME, "The state '" + stateName + "' does not exist"));
            return;
        }
        ObjectNode details = Json.object().put("name", stateName);
        details.set("input", input);
        details.set("inputDetails", Json.object().put("truncated", false));
        long entered = emit(EventTypes.entered(state.type()), details);
        StateVisit visit = new StateVisit(state, input, entered, execution.loop().now());
        current = visit;
        activity = null;
        execution.loop().execute(() -> work(visit));
    }

    private void work(StateVisit visit) {
        if (!isActive()) {
            return;
        }
        try {
            State state = visit.state;
            if (state instanceof PassState pass) {
                pass(visit, pass);
            } else if (state instanceof TaskState task) {
                task(visit, task);
            } else if (state instanceof ChoiceState choice) {
                choice(visit, choice);
            } else if (state instanceof WaitState wait) {
                waitState(visit, wait);
            } else if (state instanceof SucceedState) {
                JsonNode output = dataFlow().select(state.dataFlow().outputPath(), effectiveInput(visit), context(visit));
                exit(visit, output);
            } else if (state instanceof FailState fail) {
                failState(visit, fail);
            } else if (state instanceof ParallelState parallel) {
                parallel(visit, parallel);
            } else {
                map(visit, (MapState) state);
            }
        } catch (StatesException failure) {
            fail(visit, failure);
        } catch (RuntimeException bug) {
            fail(visit, internalError(bug));
        }
    }

    /**
     * The safety net: an exception that is not a States error is a bug in the engine or a
     * handler, but it still ends as a failed execution with a clear cause, never as a thrown
     * exception or a lost execution.
     */
    static StatesException internalError(RuntimeException bug) {
        return StatesException.terminal(StatesErrors.RUNTIME, "Statewright internal error: " + bug);
    }

    private void pass(StateVisit visit, PassState pass) {
        JsonNode effective = effectiveInput(visit);
        if (pass.dataFlow().parameters() != null) {
            effective = dataFlow().template(pass.dataFlow().parameters(), effective, context(visit));
        }
        finishWithResult(visit, pass.result() != null ? pass.result() : effective);
    }

    private void choice(StateVisit visit, ChoiceState choice) {
        JsonNode effective = effectiveInput(visit);
        String next = ChoiceEvaluator.nextState(choice, effective, context(visit));
        JsonNode output = dataFlow().select(choice.dataFlow().outputPath(), effective, context(visit));
        exitTo(visit, output, next);
    }

    private void waitState(StateVisit visit, WaitState wait) {
        JsonNode effective = effectiveInput(visit);
        Instant due = WaitDeadline.of(wait, effective, context(visit), execution.loop().now());
        int attempt = visit.attempt;
        ExecutionLoop.Timer timer = execution.loop().schedule(due, () -> {
            if (isActive() && attempt == visit.attempt) {
                step(visit, () -> exit(visit, dataFlow().select(wait.dataFlow().outputPath(), effective, context(visit))));
            }
        });
        activity = timer::cancel;
    }

    private void failState(StateVisit visit, FailState fail) {
        Supplier<JsonNode> context = context(visit);
        String error = fail.errorPath() != null
                ? text(dataFlow().value(fail.errorPath(), "ErrorPath", visit.rawInput, context)) : fail.error();
        String cause = fail.causePath() != null
                ? text(dataFlow().value(fail.causePath(), "CausePath", visit.rawInput, context)) : fail.cause();
        failBranch(new StatesException(error, cause));
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : Json.write(value);
    }

    private void task(StateVisit visit, TaskState task) {
        JsonNode effective = effectiveInput(visit);
        // Callback tasks get a token in $$.Task.Token, new for every attempt.
        visit.taskToken = task.resource().endsWith(".waitForTaskToken") ? newTaskToken() : null;
        JsonNode parameters = task.dataFlow().parameters() == null ? effective
                : dataFlow().template(task.dataFlow().parameters(), effective, context(visit));
        requireInputWithinLimit(visit, parameters);
        Integer timeoutSeconds = TaskTimeouts.seconds(task.timeoutSeconds(), task.timeoutSecondsPath(),
                "TimeoutSecondsPath", effective, context(visit));
        Integer heartbeatSeconds = TaskTimeouts.seconds(task.heartbeatSeconds(), task.heartbeatSecondsPath(),
                "HeartbeatSecondsPath", effective, context(visit));
        TaskRun run = new TaskRun(this, visit, task, parameters, timeoutSeconds, heartbeatSeconds);
        activity = run;
        run.start();
    }

    private void parallel(StateVisit visit, ParallelState parallel) {
        JsonNode effective = effectiveInput(visit);
        JsonNode branchInput = parallel.dataFlow().parameters() == null ? effective
                : dataFlow().template(parallel.dataFlow().parameters(), effective, context(visit));
        requireInputWithinLimit(visit, branchInput);
        ParallelRun run = new ParallelRun(this, visit, parallel, branchInput);
        activity = run;
        run.start();
    }

    private void map(StateVisit visit, MapState map) {
        JsonNode effective = effectiveInput(visit);
        MapRun.Settings settings = MapRun.Settings.resolve(map, effective, context(visit));
        MapRun run = new MapRun(this, visit, map, effective, settings);
        activity = run;
        run.start();
    }

    private String newTaskToken() {
        byte[] bytes = new byte[48];
        engine().random().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** AWS fails a state whose input, after Parameters, is over the payload limit. */
    private void requireInputWithinLimit(StateVisit visit, JsonNode input) {
        if (PayloadSize.exceeds(input, engine().payloadLimitBytes())) {
            throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + visit.state.name()
                    + "' received an input with a size exceeding the maximum number of bytes service limit.");
        }
    }

    /** Runs a step of a state's work, turning a States error into the state's failure. */
    void step(StateVisit visit, Runnable body) {
        try {
            body.run();
        } catch (StatesException failure) {
            fail(visit, failure);
        } catch (RuntimeException bug) {
            fail(visit, internalError(bug));
        }
    }

    /** Applies ResultSelector, ResultPath and OutputPath to the state's result, then exits. */
    void finishWithResult(StateVisit visit, JsonNode result) {
        step(visit, () -> {
            State state = visit.state;
            JsonNode selected = state.dataFlow().resultSelector() == null ? result
                    : dataFlow().template(state.dataFlow().resultSelector(), result, context(visit));
            JsonNode combined = dataFlow().resultPath(state.dataFlow().resultPath(), visit.rawInput, selected);
            exit(visit, dataFlow().select(state.dataFlow().outputPath(), combined, context(visit)));
        });
    }

    private void exit(StateVisit visit, JsonNode output) {
        exitTo(visit, output, visit.state.next());
    }

    private void exitTo(StateVisit visit, JsonNode output, String next) {
        State state = visit.state;
        if (PayloadSize.exceeds(output, engine().payloadLimitBytes())) {
            throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        visit.attempt++;
        ObjectNode details = Json.object().put("name", state.name());
        details.set("output", output);
        details.set("outputDetails", Json.object().put("truncated", false));
        emit(EventTypes.exited(state.type()), details);
        current = null;
        activity = null;
        if (next == null) {
            finished = true;
            onSuccess.accept(output);
        } else {
            enter(next, output);
        }
    }

    /** A state's work failed: retry it, catch the error, or fail the branch. */
    void fail(StateVisit visit, StatesException failure) {
        if (!isActive()) {
            return;
        }
        visit.attempt++;
        StatesException error = withLocation(visit, failure);
        State state = visit.state;
        boolean handleable = state instanceof Recoverable && !error.isTerminal();
        if (handleable && scheduleRetry(visit, (Recoverable) state, error)) {
            return;
        }
        // AWS records no Map/ParallelStateFailed when the state's own settings raised States.Runtime.
        if (!error.isTerminal()) {
            if (state instanceof MapState) {
                emit(EventTypes.MAP_STATE_FAILED, null);
            } else if (state instanceof ParallelState) {
                emit(EventTypes.PARALLEL_STATE_FAILED, null);
            }
        }
        Catcher catcher = handleable ? catcherFor((Recoverable) state, error) : null;
        if (catcher == null) {
            failBranch(error);
            return;
        }
        try {
            JsonNode output = dataFlow().resultPath(catcher.resultPath(), visit.rawInput, EventDetails.errorOutput(error));
            exitTo(visit, output, catcher.next());
        } catch (StatesException catchFailure) {
            failBranch(withLocation(visit, catchFailure));
        }
    }

    private boolean scheduleRetry(StateVisit visit, Recoverable state, StatesException error) {
        List<Retrier> retriers = state.retry();
        for (int i = 0; i < retriers.size(); i++) {
            Retrier retrier = retriers.get(i);
            if (!matchesAny(retrier.errorEquals(), error)) {
                continue;
            }
            int attemptsSoFar = visit.retriesByRetrier[i];
            if (attemptsSoFar >= retrier.maxAttempts()) {
                return false;
            }
            visit.retriesByRetrier[i]++;
            int attempt = visit.attempt;
            Duration delay = RetryDelay.of(retrier, attemptsSoFar, engine().random());
            execution.loop().schedule(execution.loop().now().plus(delay), () -> {
                if (isActive() && attempt == visit.attempt) {
                    // A retry works the state again, so Parameters see the new $$.State.RetryCount.
                    work(visit);
                }
            });
            return true;
        }
        return false;
    }

    private static Catcher catcherFor(Recoverable state, StatesException error) {
        for (Catcher catcher : state.catchers()) {
            if (matchesAny(catcher.errorEquals(), error)) {
                return catcher;
            }
        }
        return null;
    }

    private static boolean matchesAny(List<String> patterns, StatesException error) {
        for (String pattern : patterns) {
            if (StatesErrors.matches(pattern, error)) {
                return true;
            }
        }
        return false;
    }

    /** States.Runtime causes name the state and its StateEntered event, as AWS's do. */
    private static StatesException withLocation(StateVisit visit, StatesException failure) {
        if (!StatesErrors.RUNTIME.equals(failure.error()) || failure.cause() == null
                || failure.cause().startsWith(RUNTIME_PREFIX)) {
            return failure;
        }
        return failure.withCause(RUNTIME_PREFIX + visit.state.name()
                + "' (entered at the event id #" + visit.enteredEventId + "). " + failure.cause());
    }

    private void failBranch(StatesException failure) {
        if (!isActive()) {
            return;
        }
        finished = true;
        failedIn = current;
        onFailure.accept(failure);
    }

    /**
     * Cuts this branch short because a sibling branch or iteration failed: stops what its state has
     * under way and records {@code <Type>StateAborted}, as AWS does.
     */
    void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (current == null) {
            return;
        }
        if (activity != null) {
            activity.abort();
        }
        emit(EventTypes.aborted(current.state.type()), null);
    }

    /**
     * Records the state whose failure ended this branch as aborted: inside Parallel and Map, AWS
     * follows a failed task with {@code TaskStateAborted}. A Fail state has nothing to abort.
     */
    void recordFailedStateAborted() {
        if (failedIn != null && !(failedIn.state instanceof FailState)) {
            emit(EventTypes.aborted(failedIn.state.type()), null);
        }
    }

    /** Work a state has under way that an abort must stop. */
    interface Activity {
        void abort();
    }

    /** Records an event of this branch; events of unrecorded branches are dropped. */
    long emit(String type, ObjectNode details) {
        if (!recorded) {
            return 0;
        }
        lastEventId = execution.record(type, details, lastEventId);
        return lastEventId;
    }

    JsonNode effectiveInput(StateVisit visit) {
        return dataFlow().select(visit.state.dataFlow().inputPath(), visit.rawInput, context(visit));
    }

    /** The context object {@code $$} for a visit, built only when a path asks for it. */
    Supplier<JsonNode> context(StateVisit visit) {
        return context(visit, mapItem);
    }

    Supplier<JsonNode> context(StateVisit visit, MapItem item) {
        return new ContextObject(execution.info(), visit, item);
    }

    DataFlowProcessor dataFlow() {
        return engine().dataFlow();
    }

    EngineContext engine() {
        return execution.engine();
    }
}
