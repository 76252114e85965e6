package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.HeartbeatTimeout;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.TaskState;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One attempt of a Task state: calls the handler for its resource, enforces TimeoutSeconds and
 * HeartbeatSeconds, and records the outcome with the events AWS uses for that kind of resource.
 */
final class TaskRun implements BranchRun.Activity {
    private final BranchRun branch;
    private final StateVisit visit;
    private final TaskState task;
    private final JsonNode parameters;
    private final Integer timeoutSeconds;
    private final Integer heartbeatSeconds;
    private final TaskResource resource;
    private final int attempt;
    private ExecutionLoop.Timer timeout;
    private ExecutionLoop.Timer heartbeatTimeout;
    /** Whether its Started event is recorded: at once, or for an activity when a worker takes it. */
    private boolean started;
    /** Whether the handler's work still counts as outstanding on the loop. */
    private boolean outstanding;
    /** The handler's pending result; cancelled when the engine gives up on it. */
    private CompletionStage<JsonNode> pendingOutcome;

    TaskRun(BranchRun branch, StateVisit visit, TaskState task, JsonNode parameters, Integer timeoutSeconds,
            Integer heartbeatSeconds) {
        this.branch = branch;
        this.visit = visit;
        this.task = task;
        this.parameters = parameters;
        this.timeoutSeconds = timeoutSeconds;
        this.heartbeatSeconds = heartbeatSeconds;
        this.resource = TaskResource.of(task.resource());
        this.attempt = visit.attempt;
    }

    void start() {
        ExecutionLoop loop = branch.execution().loop();
        TaskHandler handler = branch.engine().taskHandlers().forResource(task.resource());
        String refusal = handler.refusal(task.resource());
        if (refusal != null) {
            branch.fail(visit, StatesException.terminal(StatesErrors.RUNTIME, refusal));
            return;
        }
        branch.emit(resource.eventPrefix() + "Scheduled", scheduledDetails());
        if (!resource.waitsForWorker()) {
            recordStarted(null);
        }
        if (resource.recordsSubmission()) {
            branch.emit("TaskSubmitted", resource.outcomeDetails());
        }
        if (timeoutSeconds != null) {
            timeout = loop.scheduleTimeout(loop.now().plusSeconds(timeoutSeconds),
                    () -> timedOut(new StatesException(StatesErrors.TIMEOUT, null)));
        }
        if (!resource.waitsForWorker()) {
            armHeartbeatTimeout(); // an activity's heartbeats are due from when a worker takes it
        }
        // Handlers get copies: the engine shares its JSON trees and must not see them changed.
        TaskRequest request = new TaskRequest(task.resource(), parameters.deepCopy(), task.name(),
                branch.context(visit).get().deepCopy(), visit.taskToken, () -> loop.execute(this::heartbeat),
                worker -> loop.execute(() -> pickedUp(worker)));
        loop.externalWorkStarted();
        outstanding = true;
        CompletionStage<JsonNode> outcome = HandlerCalls.invoke(handler, request, StatesErrors.TASK_FAILED,
                "task handler");
        pendingOutcome = outcome;
        outcome.whenComplete((result, failure) -> loop.execute(() -> {
            release();
            completed(result, failure);
        }));
    }

    private ObjectNode scheduledDetails() {
        ObjectNode details = resource.scheduledDetails(branch.engine().region(), parameters);
        if (timeoutSeconds != null) {
            details.put("timeoutInSeconds", timeoutSeconds);
        }
        if (heartbeatSeconds != null) {
            details.put("heartbeatInSeconds", heartbeatSeconds);
        }
        return details;
    }

    private void armHeartbeatTimeout() {
        if (heartbeatSeconds == null) {
            return;
        }
        ExecutionLoop loop = branch.execution().loop();
        if (heartbeatTimeout != null) {
            heartbeatTimeout.cancel();
        }
        heartbeatTimeout = loop.scheduleTimeout(loop.now().plusSeconds(heartbeatSeconds),
                () -> timedOut(new HeartbeatTimeout()));
    }

    /** A worker took the task: AWS's ActivityStarted names it. */
    private void pickedUp(String worker) {
        if (isCurrent() && outstanding && !started) {
            recordStarted(worker);
            armHeartbeatTimeout();
        }
    }

    private void recordStarted(String worker) {
        started = true;
        ObjectNode details = resource.startedDetails();
        if (worker != null && details != null) {
            details.put("workerName", worker);
        }
        branch.emit(resource.eventPrefix() + "Started", details);
    }

    /** The handler reported progress: the heartbeat deadline starts again. */
    private void heartbeat() {
        if (isCurrent() && outstanding) {
            armHeartbeatTimeout();
        }
    }

    /**
     * Stops counting the handler's work as outstanding, so a task given up (timed out, aborted)
     * does not hold the loop's clock back while its handler never answers. A handler's stage
     * that is still pending is cancelled, which tells its handler (and a durable service that
     * would dispatch it again after a restart) that nobody waits for it any more.
     */
    private void release() {
        if (outstanding) {
            outstanding = false;
            branch.execution().loop().externalWorkEnded();
        }
        if (pendingOutcome instanceof CompletableFuture<JsonNode> future && !future.isDone()) {
            future.cancel(false);
        }
        if (timeout != null) {
            timeout.cancel();
        }
        if (heartbeatTimeout != null) {
            heartbeatTimeout.cancel();
        }
    }

    @Override
    public void abort() {
        release();
    }

    private boolean isCurrent() {
        return branch.isActive() && attempt == visit.attempt;
    }

    private void completed(JsonNode result, Throwable failure) {
        if (!isCurrent()) {
            return;
        }
        if (!started) {
            recordStarted(null); // a handler that answered without a worker taking the task
        }
        if (failure != null) {
            failed(StatesException.fromTaskFailure(failure));
            return;
        }
        JsonNode output = result == null ? Json.NODES.nullNode() : result.deepCopy();
        PayloadSize.Verdict verdict = PayloadSize.check(output, branch.engine().payloadLimitBytes());
        if (verdict == PayloadSize.Verdict.TOO_LARGE) {
            failed(new StatesException(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '"
                    + resource.nameInErrors() + "' returned a result with a size exceeding the maximum number of bytes service limit."));
            return;
        }
        if (verdict == PayloadSize.Verdict.TOO_DEEP) {
            failed(new StatesException(StatesErrors.DATA_LIMIT_EXCEEDED,
                    PayloadSize.tooDeep("The state/task '" + resource.nameInErrors() + "' returned a result")));
            return;
        }
        ObjectNode details = resource.outcomeDetails();
        details.set("output", output);
        details.set("outputDetails", Json.object().put("truncated", false));
        branch.emit(resource.eventPrefix() + "Succeeded", details);
        branch.finishWithResult(visit, output);
    }

    private void failed(StatesException error) {
        branch.emit(resource.eventPrefix() + "Failed", EventDetails.errorAndCause(resource.outcomeDetails(), error));
        branch.fail(visit, error);
    }

    private void timedOut(StatesException timeoutError) {
        if (!isCurrent()) {
            return;
        }
        release();
        branch.emit(resource.eventPrefix() + "TimedOut", EventDetails.errorAndCause(resource.outcomeDetails(), timeoutError));
        branch.fail(visit, timeoutError);
    }
}
