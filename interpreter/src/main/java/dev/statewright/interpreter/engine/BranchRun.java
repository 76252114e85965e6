package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.Timestamps;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.jsonata.JsonataScope;
import dev.statewright.interpreter.jsonata.JsonataTemplate;
import dev.statewright.interpreter.jsonata.QueryEvaluationError;
import dev.statewright.interpreter.model.Assignment;
import dev.statewright.interpreter.model.Catcher;
import dev.statewright.interpreter.model.ChoiceRule;
import dev.statewright.interpreter.model.ChoiceState;
import dev.statewright.interpreter.model.DataFlow;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final ChildHistory childHistory;
    private final Consumer<JsonNode> onSuccess;
    private final Consumer<StatesException> onFailure;
    private long lastEventId;
    private boolean finished;
    /** Whether the branch reached its end (a terminal state exited): a redrive leaves it as it is. */
    private boolean succeeded;
    /** The state this branch entered first, and its input: where a redrive begins a branch that stopped between states. */
    private String firstState;
    private JsonNode firstInput;
    /** The state this branch is in, from its StateEntered event until it exits. */
    private StateVisit current;
    /** What that state has under way (a task, Parallel branches, Map iterations), to cut short on abort. */
    private Activity activity;
    /** The state whose failure ended this branch, if one did. */
    private StateVisit failedIn;
    /** Whether that failure was an expression's, which AWS records as EvaluationFailed and not as aborted. */
    private boolean evaluationFailed;
    /**
     * The workflow variables this branch sees: a copy of its parent's at its start, so a Parallel
     * branch or Map iteration reads the outer values and its own Assigns do not leak out.
     */
    private final Map<String, JsonNode> variables;
    /** Watches this branch's first state when it is an execution's root under TestState; null otherwise. */
    private final Inspector inspector;

    /**
     * @param parent      the scope this branch belongs to, or null for the execution's own branch
     * @param mapItem     the Map item this branch processes, or null
     * @param lastEventId the event this branch's first event follows
     * @param recorded    whether its events go into the execution's history (not for Distributed
     *                    Map iterations, which AWS runs as child executions)
     * @param childHistory for an unrecorded branch, the history of the child execution it belongs to
     *                    (counted, not kept); null for a recorded one
     */
    BranchRun(Execution execution, StateMachine machine, Scope parent, MapItem mapItem, long lastEventId,
              boolean recorded, ChildHistory childHistory, Map<String, JsonNode> outerVariables,
              Consumer<JsonNode> onSuccess, Consumer<StatesException> onFailure) {
        this.execution = execution;
        this.childHistory = childHistory;
        if (childHistory != null && childHistory.root == null) {
            childHistory.root = this; // the first branch of a child execution is its iteration
        }
        this.variables = new HashMap<>(outerVariables);
        this.machine = machine;
        this.parent = parent;
        this.mapItem = mapItem;
        this.lastEventId = lastEventId;
        this.recorded = recorded;
        this.onSuccess = onSuccess;
        this.onFailure = onFailure;
        this.inspector = parent == null ? execution.inspector() : null;
    }

    @Override
    public boolean isActive() {
        return !finished && (parent == null ? !execution.isFinished() : parent.isActive());
    }

    Execution execution() {
        return execution;
    }

    /** The variables as they are now, for a nested branch to start from. */
    Map<String, JsonNode> variables() {
        return variables;
    }

    boolean isRecorded() {
        return recorded;
    }

    /** The child execution this unrecorded branch belongs to; null for a recorded branch. */
    ChildHistory childHistory() {
        return childHistory;
    }

    /**
     * The history of a Distributed Map iteration, which AWS runs as a child execution: its events
     * are not kept, but counted, so that it meets the history limit as an execution does (a loop in
     * an iteration would otherwise run for ever).
     */
    static final class ChildHistory {
        private BranchRun root;
        private int events;

        private void count(BranchRun branch) {
            int limit = branch.engine().maxHistoryEvents();
            if (++events == limit - 1) {
                root.failBranch(StatesException.terminal(StatesErrors.RUNTIME,
                        "The Map iteration's child execution reached the limit of " + limit + " history events."));
            }
        }
    }

    /** Enters a state: records its StateEntered event now and works it in the next step. */
    void enter(String stateName, JsonNode input) {
        enter(stateName, input, null);
    }

    /**
     * Where this branch stopped short of its end, for a redrive: the state it was in, that state's
     * input, and the work it had under way (whose finished parts a redrive keeps). Null when the
     * branch succeeded. A branch that stopped between two states begins again at its first state.
     */
    Unfinished unfinished() {
        if (succeeded || firstState == null) {
            return null;
        }
        if (current == null) {
            return new Unfinished(firstState, firstInput, null);
        }
        return new Unfinished(current.state.name(), current.rawInput, activity);
    }

    /** A redriven branch carries on where an earlier branch stopped (see {@link #unfinished()}). */
    void resume(Unfinished from) {
        enter(from.stateName(), from.input(), from.underWay());
    }

    /** Where a branch stopped: a state, its input, and its Parallel or Map run if it had one under way. */
    record Unfinished(String stateName, JsonNode input, Activity underWay) {
    }

    private void enter(String stateName, JsonNode input, Activity redriving) {
        if (!isActive()) {
            return;
        }
        if (firstState == null) {
            firstState = stateName;
            firstInput = input;
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
        visit.redriving = redriving;
        current = visit;
        activity = null;
        if (inspector != null) {
            java.util.Arrays.fill(visit.retriesByRetrier, inspector.retriesSoFar());
        }
        execution.loop().execute(() -> work(visit));
    }

    private void work(StateVisit visit) {
        if (!isActive()) {
            return;
        }
        try {
            State state = visit.state;
            if (inspector != null) {
                inspector.step("input", visit.rawInput);
            }
            if (state.dataFlow().jsonata()) {
                workJsonata(visit, state);
                return;
            }
            if (state instanceof PassState pass) {
                pass(visit, pass);
            } else if (state instanceof TaskState task) {
                task(visit, task);
            } else if (state instanceof ChoiceState choice) {
                choice(visit, choice);
            } else if (state instanceof WaitState wait) {
                waitState(visit, wait);
            } else if (state instanceof SucceedState) {
                JsonNode effective = effectiveInput(visit);
                JsonNode output = dataFlow().select(state.dataFlow().outputPath(), effective, context(visit));
                exitTo(visit, output, null, pathAssignments(state.dataFlow().assign(), effective, visit));
            } else if (state instanceof FailState fail) {
                failState(visit, fail);
            } else if (state instanceof ParallelState parallel) {
                parallel(visit, parallel);
            } else {
                map(visit, (MapState) state);
            }
        } catch (StatesException failure) {
            failOwn(visit, failure);
        } catch (RuntimeException bug) {
            fail(visit, internalError(bug));
        }
    }

    /** A JSONata state's work: its fields are expressions over {@code $states} and the variables. */
    private void workJsonata(StateVisit visit, State state) {
        DataFlow flow = state.dataFlow();
        JsonataScope scope = jsonataScope(visit);
        if (state instanceof PassState) {
            exitJsonata(visit, null, state.next(), flow.output(), flow.assign());
        } else if (state instanceof TaskState task) {
            visit.taskToken = TaskResource.takesTaskToken(task.resource()) ? newTaskToken() : null;
            scope = jsonataScope(visit); // $states.context.Task.Token is new for this attempt
            JsonNode arguments = flow.arguments() != null ? flow.arguments().evaluate(scope, "Arguments") : visit.rawInput;
            if (inspector != null) {
                inspector.step("afterArguments", arguments);
            }
            requireInputWithinLimit(visit, arguments);
            Integer timeout = seconds(task.timeoutSeconds(), flow.expression("TimeoutSeconds"), scope, "TimeoutSeconds");
            Integer heartbeat = seconds(task.heartbeatSeconds(), flow.expression("HeartbeatSeconds"), scope, "HeartbeatSeconds");
            TaskRun run = new TaskRun(this, visit, task, arguments, timeout, heartbeat);
            activity = run;
            run.start();
        } else if (state instanceof ChoiceState choice) {
            for (ChoiceRule.Branch branch : choice.choices()) {
                if (JsonataFields.bool(branch.condition(), scope, "Condition")) {
                    // A matched rule uses its own Output and Assign only; the state's are for Default.
                    exitJsonata(visit, null, branch.next(), branch.output(), branch.assign());
                    return;
                }
            }
            exitJsonata(visit, null, ChoiceEvaluator.defaultNext(choice), flow.output(), flow.assign());
        } else if (state instanceof WaitState wait) {
            JsonataTemplate secondsExpression = flow.expression("Seconds");
            JsonataTemplate timestampExpression = flow.expression("Timestamp");
            Long seconds = wait.seconds();
            if (secondsExpression != null) {
                seconds = (long) JsonataFields.count(secondsExpression, scope, "Seconds");
            }
            String timestamp = wait.timestamp();
            if (timestampExpression != null) {
                timestamp = JsonataFields.text(timestampExpression, scope, "Timestamp");
                if (!Timestamps.isRfc3339(timestamp)) {
                    throw new QueryEvaluationError("Timestamp", "The Timestamp field cannot be parsed as an ISO-8601"
                            + " extended offset date-time format string: " + timestamp);
                }
            }
            WaitState resolved = new WaitState(wait.name(), flow, wait.next(), seconds, null, timestamp, null);
            Instant due = WaitDeadline.of(resolved, visit.rawInput, context(visit), execution.loop().now());
            int attempt = visit.attempt;
            ExecutionLoop.Timer timer = execution.loop().schedule(due, () -> {
                if (isActive() && attempt == visit.attempt) {
                    step(visit, () -> exitJsonata(visit, null, wait.next(), flow.output(), flow.assign()));
                }
            });
            activity = timer::cancel;
        } else if (state instanceof SucceedState) {
            exitJsonata(visit, null, null, flow.output(), null);
        } else if (state instanceof FailState fail) {
            JsonataTemplate error = flow.expression("Error");
            JsonataTemplate cause = flow.expression("Cause");
            failBranch(new StatesException(error != null ? JsonataFields.text(error, scope, "Error") : fail.error(),
                    cause != null ? JsonataFields.text(cause, scope, "Cause") : fail.cause()));
        } else if (state instanceof ParallelState parallel) {
            JsonNode branchInput = flow.arguments() != null ? flow.arguments().evaluate(scope, "Arguments") : visit.rawInput;
            if (inspector != null) {
                inspector.step("afterArguments", branchInput);
            }
            requireInputWithinLimit(visit, branchInput);
            ParallelRun run = new ParallelRun(this, visit, parallel, branchInput, visit.takeRedriving(ParallelRun.class));
            activity = run;
            run.start();
        } else {
            MapState map = (MapState) state;
            MapRun run = new MapRun(this, visit, map, visit.rawInput, MapRun.Settings.resolveJsonata(map, scope),
                    visit.takeRedriving(MapRun.class));
            activity = run;
            run.start();
        }
    }

    private static Integer seconds(Integer literal, JsonataTemplate expression, JsonataScope scope, String field) {
        if (expression == null) {
            return literal;
        }
        long value = JsonataFields.integer(expression, scope, field);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new StatesException(StatesErrors.RUNTIME, "The " + field + " must be a positive integer, but was " + value);
        }
        return (int) value;
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
        if (inspector != null) {
            inspector.step(pass.result() != null ? "result" : "afterParameters", pass.result() != null ? pass.result() : effective);
        }
        finishWithResult(visit, pass.result() != null ? pass.result() : effective);
    }

    private void choice(StateVisit visit, ChoiceState choice) {
        JsonNode effective = effectiveInput(visit);
        ChoiceRule.Branch taken = ChoiceEvaluator.matchingBranch(choice, effective, context(visit));
        String next = taken != null ? taken.next() : ChoiceEvaluator.defaultNext(choice);
        Assignment assign = taken != null ? taken.assign() : choice.dataFlow().assign(); // the state's is for Default
        JsonNode output = dataFlow().select(choice.dataFlow().outputPath(), effective, context(visit));
        exitTo(visit, output, next, pathAssignments(assign, effective, visit));
    }

    private void waitState(StateVisit visit, WaitState wait) {
        JsonNode effective = effectiveInput(visit);
        Instant due = WaitDeadline.of(wait, effective, context(visit), execution.loop().now());
        int attempt = visit.attempt;
        ExecutionLoop.Timer timer = execution.loop().schedule(due, () -> {
            if (isActive() && attempt == visit.attempt) {
                step(visit, () -> exitTo(visit, dataFlow().select(wait.dataFlow().outputPath(), effective, context(visit)),
                        wait.next(), pathAssignments(wait.dataFlow().assign(), effective, visit)));
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
        // Callback and .sync tasks get a token in $$.Task.Token, new for every attempt.
        visit.taskToken = TaskResource.takesTaskToken(task.resource()) ? newTaskToken() : null;
        JsonNode parameters = task.dataFlow().parameters() == null ? effective
                : dataFlow().template(task.dataFlow().parameters(), effective, context(visit));
        if (inspector != null) {
            inspector.step("afterParameters", parameters);
        }
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
        if (inspector != null) {
            inspector.step("afterParameters", branchInput);
        }
        requireInputWithinLimit(visit, branchInput);
        ParallelRun run = new ParallelRun(this, visit, parallel, branchInput, visit.takeRedriving(ParallelRun.class));
        activity = run;
        run.start();
    }

    private void map(StateVisit visit, MapState map) {
        JsonNode effective = effectiveInput(visit);
        MapRun.Settings settings = MapRun.Settings.resolve(map, effective, context(visit));
        if (inspector != null && settings.items() != null) {
            inspector.step("afterItemsPath", settings.items());
        }
        MapRun run = new MapRun(this, visit, map, effective, settings, visit.takeRedriving(MapRun.class));
        activity = run;
        run.start();
    }

    private String newTaskToken() {
        // The execution's own ARN (a Distributed Map's children run in it), the one whose lease names its node.
        return TaskTokens.issue(engine().random(), execution.info().executionArn());
    }

    /** AWS fails a state whose input, after Parameters, is over the payload limit. */
    private void requireInputWithinLimit(StateVisit visit, JsonNode input) {
        PayloadSize.Verdict verdict = PayloadSize.check(input, engine().payloadLimitBytes());
        if (verdict == PayloadSize.Verdict.TOO_LARGE) {
            throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + visit.state.name()
                    + "' received an input with a size exceeding the maximum number of bytes service limit.");
        }
        if (verdict == PayloadSize.Verdict.TOO_DEEP) {
            throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED,
                    PayloadSize.tooDeep("The state/task '" + visit.state.name() + "' received an input"));
        }
    }

    /** Runs a step of a state's work, turning a States error into the state's failure. */
    void step(StateVisit visit, Runnable body) {
        try {
            body.run();
        } catch (StatesException failure) {
            failOwn(visit, failure);
        } catch (RuntimeException bug) {
            fail(visit, internalError(bug));
        }
    }

    /**
     * The state's work gave a result: in JSONPath, ResultSelector, Assign (which reads the
     * selected result), ResultPath and OutputPath; in JSONata, Output and Assign with
     * {@code $states.result}. Then the state exits.
     */
    void finishWithResult(StateVisit visit, JsonNode result) {
        step(visit, () -> {
            State state = visit.state;
            if (state.dataFlow().jsonata()) {
                exitJsonata(visit, result, state.next(), state.dataFlow().output(), state.dataFlow().assign());
                return;
            }
            JsonNode selected = state.dataFlow().resultSelector() == null ? result
                    : dataFlow().template(state.dataFlow().resultSelector(), result, context(visit));
            Map<String, JsonNode> assigned = pathAssignments(state.dataFlow().assign(), selected, visit);
            JsonNode combined = dataFlow().resultPath(state.dataFlow().resultPath(), visit.rawInput, selected);
            if (inspector != null) {
                inspector.step("result", result);
                inspector.step("afterResultSelector", selected);
                inspector.step("afterResultPath", combined);
            }
            exitTo(visit, dataFlow().select(state.dataFlow().outputPath(), combined, context(visit)), state.next(), assigned);
        });
    }

    /** A JSONata state exits: Output (default: the result, else the input) and Assign, both reading entry values. */
    private void exitJsonata(StateVisit visit, JsonNode result, String next, JsonataTemplate output, Assignment assign) {
        JsonataScope scope = jsonataScope(visit).withResult(result);
        JsonNode value = output != null ? output.evaluate(scope, "Output") : result != null ? result : visit.rawInput;
        exitTo(visit, value, next, jsonataAssignments(assign, scope));
    }

    private void exit(StateVisit visit, JsonNode output) {
        exitTo(visit, output, visit.state.next(), Map.of());
    }

    /**
     * Records the state's exit, with the variables it assigned, and sets them: only now, so every
     * expression of the state read the values as they were when it was entered.
     */
    private void exitTo(StateVisit visit, JsonNode output, String next, Map<String, JsonNode> assigned) {
        State state = visit.state;
        PayloadSize.Verdict verdict = PayloadSize.check(output, engine().payloadLimitBytes());
        if (verdict == PayloadSize.Verdict.TOO_LARGE) {
            throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        if (verdict == PayloadSize.Verdict.TOO_DEEP) {
            throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED,
                    PayloadSize.tooDeep("The state/task '" + state.name() + "' returned a result"));
        }
        visit.attempt++;
        ObjectNode details = Json.object().put("name", state.name());
        details.set("output", output);
        details.set("outputDetails", Json.object().put("truncated", false));
        if (!assigned.isEmpty()) {
            ObjectNode values = Json.object();
            assigned.forEach(values::set);
            // AWS limits what one Assign may store, as it limits a state's output.
            if (PayloadSize.check(values, engine().payloadLimitBytes()) != PayloadSize.Verdict.WITHIN) {
                throw StatesException.terminal(StatesErrors.DATA_LIMIT_EXCEEDED, "The state '" + state.name()
                        + "' assigned variables with a total size exceeding the maximum number of bytes service limit.");
            }
            ObjectNode shown = details.putObject("assignedVariables");
            assigned.forEach((name, value) -> shown.put(name, Json.write(value)));
            details.set("assignedVariablesDetails", Json.object().put("truncated", false));
            variables.putAll(assigned);
        }
        emit(EventTypes.exited(state.type()), details);
        current = null;
        activity = null;
        if (inspector != null && !variables.isEmpty()) {
            ObjectNode values = Json.object();
            variables.forEach(values::set);
            inspector.step("variables", values);
        }
        boolean stopHere = inspector != null && inspector.exited(state.name(), output, next);
        if (next == null || stopHere) {
            finished = true;
            succeeded = true;
            onSuccess.accept(output);
        } else {
            enter(next, output);
        }
    }

    /**
     * The state's own work failed (not a branch or iteration under it): an expression that
     * failed is recorded as EvaluationFailed where it failed, as AWS does, before retry or catch.
     */
    void failOwn(StateVisit visit, StatesException failure) {
        if (failure instanceof QueryEvaluationError query && isActive()) {
            recordEvaluationFailed(visit, query);
        }
        fail(visit, failure);
    }

    /** AWS's EvaluationFailed event: where the expression failed and why, with the state's location prefix. */
    private void recordEvaluationFailed(StateVisit visit, QueryEvaluationError query) {
        StatesException located = withLocation(visit, query);
        emit(EventTypes.EVALUATION_FAILED, Json.object().put("error", located.error()).put("cause", located.cause())
                .put("location", query.field()).put("state", visit.state.name()));
        evaluationFailed = true;
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
            } else if (state instanceof ParallelState && !state.dataFlow().jsonata()) {
                // AWS's recordings of JSONata Parallel states show no ParallelStateFailed.
                emit(EventTypes.PARALLEL_STATE_FAILED, null);
            }
        }
        Catcher catcher = handleable ? catcherFor((Recoverable) state, error) : null;
        if (catcher == null) {
            failBranch(error);
            return;
        }
        if (inspector != null) {
            inspector.caught(((Recoverable) state).catchers().indexOf(catcher), error);
        }
        try {
            JsonNode errorOutput = EventDetails.errorOutput(error);
            if (state.dataFlow().jsonata()) {
                JsonataScope scope = jsonataScope(visit).withErrorOutput(errorOutput);
                JsonNode output = catcher.output() != null ? catcher.output().evaluate(scope, "Output") : errorOutput;
                exitTo(visit, output, catcher.next(), jsonataAssignments(catcher.assign(), scope));
            } else {
                Map<String, JsonNode> assigned = pathAssignments(catcher.assign(), errorOutput, visit);
                JsonNode output = dataFlow().resultPath(catcher.resultPath(), visit.rawInput, errorOutput);
                exitTo(visit, output, catcher.next(), assigned);
            }
        } catch (StatesException catchFailure) {
            if (catchFailure instanceof QueryEvaluationError query) {
                recordEvaluationFailed(visit, query);
            }
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
                if (inspector != null) {
                    inspector.retriesExhausted(i);
                }
                return false;
            }
            visit.retriesByRetrier[i]++;
            int attempt = visit.attempt;
            Duration delay = RetryDelay.of(retrier, attemptsSoFar, engine().random());
            if (inspector != null && inspector.retrying(i, error, delay)) {
                failBranch(error);
                return true;
            }
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
        if (!(StatesErrors.RUNTIME.equals(failure.error()) || StatesErrors.QUERY_EVALUATION_ERROR.equals(failure.error()))
                || failure.cause() == null
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
        if (failedIn != null && !(failedIn.state instanceof FailState) && !evaluationFailed) {
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
            childHistory.count(this);
            return 0;
        }
        lastEventId = execution.record(type, details, lastEventId);
        return lastEventId;
    }

    JsonNode effectiveInput(StateVisit visit) {
        JsonNode effective = dataFlow().select(visit.state.dataFlow().inputPath(), visit.rawInput, context(visit));
        if (inspector != null) {
            inspector.step("afterInputPath", effective);
        }
        return effective;
    }

    /** The inspector watching this branch's state, or null. */
    Inspector inspector() {
        return inspector;
    }

    /** The context object {@code $$} for a visit, built only when a path asks for it. */
    Supplier<JsonNode> context(StateVisit visit) {
        return context(visit, mapItem);
    }

    Supplier<JsonNode> context(StateVisit visit, MapItem item) {
        Inspector given = execution.inspector();
        return new ContextObject(execution.info(), visit, item, variables, given != null ? given.context() : null);
    }

    /** What JSONata expressions of a visit see. */
    JsonataScope jsonataScope(StateVisit visit) {
        return jsonataScope(visit, mapItem);
    }

    JsonataScope jsonataScope(StateVisit visit, MapItem item) {
        return new JsonataScope(visit.rawInput, null, null, context(visit, item), variables, engine().random(),
                execution.loop().now());
    }

    /** A JSONPath Assign, read against {@code value} (the state's result, or its input where it has none). */
    private Map<String, JsonNode> pathAssignments(Assignment assign, JsonNode value, StateVisit visit) {
        if (!(assign instanceof Assignment.PathAssignment path)) {
            return Map.of();
        }
        return fields(dataFlow().template(path.values(), value, context(visit)));
    }

    private static Map<String, JsonNode> jsonataAssignments(Assignment assign, JsonataScope scope) {
        if (!(assign instanceof Assignment.JsonataAssignment jsonata)) {
            return Map.of();
        }
        return fields(jsonata.values().evaluate(scope, "Assign"));
    }

    private static Map<String, JsonNode> fields(JsonNode object) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
        return values;
    }

    DataFlowProcessor dataFlow() {
        return engine().dataFlow();
    }

    EngineContext engine() {
        return execution.engine();
    }
}
