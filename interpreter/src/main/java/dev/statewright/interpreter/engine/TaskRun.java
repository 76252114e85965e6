package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.TaskState;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** One attempt of a Task state: schedules the handler's work and turns its outcome into events. */
final class TaskRun implements BranchRun.Activity {
    private final BranchRun branch;
    private final StateVisit visit;
    private final TaskState task;
    private final JsonNode parameters;
    private final Integer timeoutSeconds;
    private final String resourceType;
    private final String resourceName;
    private final int attempt;
    private ExecutionLoop.Timer timeout;
    /** Whether the handler's work still counts as outstanding on the loop. */
    private boolean outstanding;

    TaskRun(BranchRun branch, StateVisit visit, TaskState task, JsonNode parameters, Integer timeoutSeconds) {
        this.branch = branch;
        this.visit = visit;
        this.task = task;
        this.parameters = parameters;
        this.timeoutSeconds = timeoutSeconds;
        this.attempt = visit.attempt;
        String[] parts = resourceParts(task.resource());
        this.resourceType = parts[0];
        this.resourceName = parts[1];
    }

    /** An optimised integration such as {@code arn:aws:states:::lambda:invoke}, rather than a function or activity ARN. */
    static boolean isServiceIntegration(String resource) {
        return resource.startsWith("arn:") && resource.contains(":states:::");
    }

    /** AWS splits {@code arn:aws:states:::lambda:invoke} into type {@code lambda} and resource {@code invoke}. */
    static String[] resourceParts(String resource) {
        String[] fields = resource.split(":", 7);
        if (fields.length >= 6 && fields[0].equals("arn") && fields[2].equals("states") && fields[3].isEmpty()) {
            String rest = resource.substring(resource.indexOf(":::") + 3);
            int colon = rest.indexOf(':');
            return colon < 0 ? new String[] {rest, rest} : new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
        }
        return new String[] {fields.length > 2 ? fields[2] : resource, resource};
    }

    void start() {
        ExecutionLoop loop = branch.execution().loop();
        ObjectNode scheduled = resourceDetails();
        scheduled.put("region", branch.engine().region());
        scheduled.set("parameters", parameters);
        if (timeoutSeconds != null) {
            scheduled.put("timeoutInSeconds", timeoutSeconds);
        }
        branch.emit(EventTypes.TASK_SCHEDULED, scheduled);
        branch.emit(EventTypes.TASK_STARTED, resourceDetails());
        if (timeoutSeconds != null) {
            timeout = loop.schedule(loop.now().plusSeconds(timeoutSeconds), this::timedOut);
        }
        TaskRequest request = new TaskRequest(task.resource(), parameters, task.name(), branch.context(visit).get());
        loop.externalWorkStarted();
        outstanding = true;
        CompletionStage<JsonNode> outcome;
        try {
            outcome = branch.engine().taskHandlers().forResource(task.resource()).invoke(request);
        } catch (RuntimeException e) {
            outcome = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((result, failure) -> loop.execute(() -> {
            release();
            completed(result, failure);
        }));
    }

    /**
     * Stops counting the handler's work as outstanding, so a task given up (timed out, aborted)
     * does not hold the loop's clock back while its handler never answers.
     */
    private void release() {
        if (outstanding) {
            outstanding = false;
            branch.execution().loop().externalWorkEnded();
        }
    }

    @Override
    public void abort() {
        release();
        if (timeout != null) {
            timeout.cancel();
        }
    }

    private boolean isCurrent() {
        return branch.isActive() && attempt == visit.attempt;
    }

    private void completed(JsonNode result, Throwable failure) {
        if (!isCurrent()) {
            return;
        }
        if (timeout != null) {
            timeout.cancel();
        }
        if (failure != null) {
            StatesException error = asStatesError(failure);
            branch.emit(EventTypes.TASK_FAILED, EventDetails.errorAndCause(resourceDetails(), error));
            branch.fail(visit, error);
            return;
        }
        JsonNode output = result == null ? Json.NODES.nullNode() : result;
        if (PayloadSize.exceeds(output, branch.engine().payloadLimitBytes())) {
            StatesException tooLarge = new StatesException(StatesErrors.DATA_LIMIT_EXCEEDED, "The state/task '"
                    + (isServiceIntegration(task.resource()) ? resourceType : task.resource())
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            branch.emit(EventTypes.TASK_FAILED, EventDetails.errorAndCause(resourceDetails(), tooLarge));
            branch.fail(visit, tooLarge);
            return;
        }
        ObjectNode details = resourceDetails();
        details.set("output", output);
        details.set("outputDetails", Json.object().put("truncated", false));
        branch.emit(EventTypes.TASK_SUCCEEDED, details);
        branch.finishWithResult(visit, output);
    }

    private void timedOut() {
        if (!isCurrent()) {
            return;
        }
        release();
        StatesException error = new StatesException(StatesErrors.TIMEOUT, null);
        branch.emit(EventTypes.TASK_TIMED_OUT, EventDetails.errorAndCause(resourceDetails(), error));
        branch.fail(visit, error);
    }

    private static StatesException asStatesError(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof StatesException states) {
            return states;
        }
        return new StatesException(StatesErrors.TASK_FAILED,
                cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private ObjectNode resourceDetails() {
        return Json.object().put("resourceType", resourceType).put("resource", resourceName);
    }
}
