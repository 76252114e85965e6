package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.interpreter.CompletionFailures;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code arn:aws:states:::aws-sdk:sfn:*} against this service: StartExecution and the callback
 * operations (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat). Arguments and results use
 * the SDK's PascalCase names; a refusal is {@code Sfn.<Type>Exception}, as AWS names SDK errors.
 */
final class SdkStepFunctionsHandler implements TaskHandler {
    static final String PREFIX = "arn:aws:states:::aws-sdk:sfn:";

    private final Supplier<StepFunctions> service;
    private final CallbackRegistry callbacks;

    SdkStepFunctionsHandler(Supplier<StepFunctions> service, CallbackRegistry callbacks) {
        this.service = service;
        this.callbacks = callbacks;
    }

    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        String action = request.resource().substring(PREFIX.length());
        JsonNode input = request.input();
        CompletableFuture<JsonNode> result;
        try {
            result = switch (action) {
                case "startExecution" -> service.get().startExecution(text(input, "StateMachineArn", true),
                                text(input, "Name", false), executionInput(input.get("Input")))
                        .thenApply(child -> (JsonNode) Json.object().put("ExecutionArn", child.arn())
                                .put("StartDate", child.startDate().toEpochMilli()));
                case "sendTaskSuccess" -> callbacks.succeed(text(input, "TaskToken", true), outputText(input.get("Output")))
                        .thenApply(stored -> Json.object());
                case "sendTaskFailure" -> callbacks.fail(text(input, "TaskToken", true), text(input, "Error", false),
                        text(input, "Cause", false)).thenApply(stored -> Json.object());
                case "sendTaskHeartbeat" -> callbacks.heartbeat(text(input, "TaskToken", true)).thenApply(done -> Json.object());
                default -> CompletableFuture.failedFuture(new StatesException(StatesErrors.TASK_FAILED, "The resource '"
                        + request.resource() + "' is a Step Functions action Statewright does not offer (it offers "
                        + "startExecution, sendTaskSuccess, sendTaskFailure, sendTaskHeartbeat): mock it with a test case in "
                        + "--mock-config FILE, or register an in-process task handler for it."));
            };
        } catch (ServiceException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(SdkStepFunctionsHandler::asSdkError);
    }

    private static String text(JsonNode input, String field, boolean required) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ServiceException("ValidationException", "1 validation error detected: Value null at '"
                        + Character.toLowerCase(field.charAt(0)) + field.substring(1) + "' failed to satisfy constraint: Member must not be null");
            }
            return null;
        }
        return value.isTextual() ? value.textValue() : Json.write(value);
    }

    /** The SDK sends Input as text: a JSON value given in its place is written out, none is {}. */
    private static String executionInput(JsonNode value) {
        return value == null || value.isNull() ? "{}" : value.isTextual() ? value.textValue() : Json.write(value);
    }

    private static String outputText(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new ServiceException("ValidationException",
                    "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null");
        }
        return value.isTextual() ? value.textValue() : Json.write(value);
    }

    private static JsonNode asSdkError(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof ServiceException service) {
            String type = service.type().endsWith("Exception") ? service.type() : service.type() + "Exception";
            throw new StatesException("Sfn." + type, service.getMessage() + " (Service: Sfn, Status Code: "
                    + service.httpStatus() + ", Request ID: " + UUID.randomUUID() + ")");
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }
}
