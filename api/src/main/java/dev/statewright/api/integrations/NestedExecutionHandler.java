package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.runtime.TaskAttempt;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.CompletionFailures;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code arn:aws:states:::states:startExecution}: a child execution in the same service. Without
 * a suffix the task ends once the child started; {@code .sync} waits for the child and gives its
 * description with Input and Output as text, {@code .sync:2} as JSON. A child that does not
 * succeed fails the task with States.TaskFailed and the child's description as cause.
 */
final class NestedExecutionHandler implements TaskHandler {
    static final String START = "arn:aws:states:::states:startExecution";

    private final Supplier<StepFunctions> service;

    /** @param service the service, known only once it is built (it needs these handlers first) */
    NestedExecutionHandler(Supplier<StepFunctions> service) {
        this.service = service;
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        String resource = request.resource();
        boolean sync = resource.equals(START + ".sync") || resource.equals(START + ".sync:2");
        boolean jsonOutput = resource.endsWith(".sync:2");
        JsonNode input = request.input();
        if (!input.path("StateMachineArn").isTextual()) {
            return CompletableFuture.failedFuture(new StatesException(StatesErrors.RUNTIME,
                    "The field 'StateMachineArn' is required for " + START));
        }
        String machineArn = input.get("StateMachineArn").textValue();
        JsonNode childInput = input.get("Input");
        String inputText = childInput == null || childInput.isNull() ? "{}"
                : childInput.isTextual() ? childInput.textValue() : Json.write(childInput);
        boolean named = input.path("Name").isTextual();
        String name = named ? input.get("Name").textValue() : defaultName(request);
        CompletableFuture<ExecutionRecord> started;
        try {
            started = service.get().startExecution(machineArn, name, inputText);
        } catch (ServiceException e) {
            started = CompletableFuture.failedFuture(e);
        }
        if (!named) {
            // Only a name of our own making proves the existing child is the one this task started.
            started = started.exceptionallyCompose(failure -> alreadyStarted(failure, machineArn, name));
        }
        if (!sync) {
            return started.thenApply(NestedExecutionHandler::startedResult).exceptionally(NestedExecutionHandler::rethrow);
        }
        CompletableFuture<JsonNode> result = started.thenCompose(child -> {
            CompletableFuture<ExecutionRecord> finished = service.get().whenFinished(child.arn());
            return finished.thenApply(ended -> syncResult(ended, jsonOutput));
        }).exceptionally(NestedExecutionHandler::rethrow);
        started.thenAccept(child -> result.whenComplete((ignored, failure) -> {
            if (result.isCancelled()) {
                service.get().stopExecution(child.arn(), "States.Aborted", "The parent execution stopped waiting for it");
            }
        }));
        return result;
    }

    /**
     * The same child name for the same attempt of the same state, so a task sent again after a
     * restart finds the child it started rather than starting another.
     */
    private static String defaultName(TaskRequest request) {
        return TaskAttempt.id(request, "child").toString();
    }

    /** A child with this name exists already: the task sent again after a restart; it is that child. */
    private CompletableFuture<ExecutionRecord> alreadyStarted(Throwable failure, String machineArn, String name) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof ServiceException service && service.type().equals("ExecutionAlreadyExists")) {
            String machineName = machineArn.substring(machineArn.lastIndexOf(':') + 1);
            return CompletableFuture.completedFuture(this.service.get().describeExecution(
                    this.service.get().arns().execution(machineName, name)));
        }
        return CompletableFuture.failedFuture(cause);
    }

    private static JsonNode startedResult(ExecutionRecord child) {
        ObjectNode result = Json.object().put("ExecutionArn", child.arn());
        String requestId = UUID.randomUUID().toString();
        String body = Json.write(Json.object().put("executionArn", child.arn())
                .put("startDate", child.startDate().toEpochMilli() / 1000.0));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        ObjectNode metadata = result.putObject("SdkHttpMetadata");
        ObjectNode all = metadata.putObject("AllHttpHeaders");
        all.putArray("x-amzn-RequestId").add(requestId);
        all.putArray("connection").add("keep-alive");
        all.putArray("Content-Length").add(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
        all.putArray("Date").add(date);
        all.putArray("Content-Type").add("application/x-amz-json-1.0");
        metadata.putObject("HttpHeaders").put("connection", "keep-alive")
                .put("Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length))
                .put("Content-Type", "application/x-amz-json-1.0").put("Date", date).put("x-amzn-RequestId", requestId);
        metadata.put("HttpStatusCode", 200);
        result.putObject("SdkResponseMetadata").put("RequestId", requestId);
        result.put("StartDate", child.startDate().toEpochMilli());
        return result;
    }

    private static JsonNode syncResult(ExecutionRecord child, boolean jsonOutput) {
        ObjectNode description = Json.object();
        if (child.status() != ExecutionStatus.SUCCEEDED && child.cause() != null) {
            description.put("Cause", child.cause());
        }
        if (child.status() != ExecutionStatus.SUCCEEDED && child.error() != null) {
            description.put("Error", child.error());
        }
        description.put("ExecutionArn", child.arn());
        if (jsonOutput && child.status() == ExecutionStatus.SUCCEEDED) {
            description.set("Input", Json.parse(child.input()));
        } else {
            description.put("Input", Json.write(Json.parse(child.input())));
        }
        description.set("InputDetails", Json.object().put("Included", true));
        description.put("Name", child.name());
        if (child.status() == ExecutionStatus.SUCCEEDED) {
            if (jsonOutput) {
                description.set("Output", Json.parse(child.output()));
            } else {
                description.put("Output", child.output());
            }
            description.set("OutputDetails", Json.object().put("Included", true));
            description.put("RedriveCount", 0).put("RedriveStatus", "NOT_REDRIVABLE")
                    .put("RedriveStatusReason", "Execution is SUCCEEDED and cannot be redriven");
        }
        description.put("StartDate", child.startDate().toEpochMilli());
        description.put("StateMachineArn", child.stateMachineArn());
        description.put("Status", child.status().name());
        if (child.stopDate() != null) {
            description.put("StopDate", child.stopDate().toEpochMilli());
        }
        if (child.status() != ExecutionStatus.SUCCEEDED) {
            throw new StatesException(StatesErrors.TASK_FAILED, Json.write(description));
        }
        return description;
    }

    /** A service error as the task's error, as AWS's SDK words it inside Step Functions. */
    private static JsonNode rethrow(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof ServiceException service) {
            throw new StatesException("StepFunctions." + service.type() + "Exception", service.getMessage()
                    + " (Service: AWSStepFunctions; Status Code: " + service.httpStatus() + "; Error Code: "
                    + service.type() + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)");
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }
}
