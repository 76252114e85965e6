package dev.statewright.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.util.concurrent.CompletableFuture;

/**
 * Something from outside that an execution's loop takes in: the only things that make a running
 * execution move. Each is journaled before its effects are visible, so that replaying the
 * journal rebuilds the execution exactly.
 */
sealed interface LoopInput {

    /** The execution begins. */
    record Begin() implements LoopInput {
    }

    /** The execution's timer number {@code timer} (in the order the engine set them) is due. */
    record TimerFired(long timer) implements LoopInput {
    }

    /** Task dispatch number {@code dispatch} ended: with a result, or failed with an error and cause (either may be null). */
    record TaskOutcome(long dispatch, JsonNode result, String error, String cause, boolean failed,
                       CompletableFuture<Void> stored) implements LoopInput {
        TaskOutcome(long dispatch, JsonNode result, String error, String cause, boolean failed) {
            this(dispatch, result, error, cause, failed, null);
        }

        /** The same outcome, telling {@code whenStored} once it is committed (not journaled). */
        TaskOutcome acknowledgedBy(CompletableFuture<Void> whenStored) {
            return new TaskOutcome(dispatch, result, error, cause, failed, whenStored);
        }
    }

    /** The worker of task dispatch number {@code dispatch} reported progress. */
    record Heartbeat(long dispatch) implements LoopInput {
    }

    /** A worker took the task of dispatch number {@code dispatch} (GetActivityTask). */
    record PickedUp(long dispatch, String worker) implements LoopInput {
    }

    /**
     * UpdateMapRun: new settings for one of the execution's Distributed Map runs (each null one
     * stays as it is). {@code stored} hears once it is committed (not journaled).
     */
    record UpdateMapRun(String mapRunArn, Integer maxConcurrency, Integer toleratedFailureCount,
                        Double toleratedFailurePercentage, CompletableFuture<Void> stored) implements LoopInput {
        dev.statewright.interpreter.engine.MapRunUpdate update() {
            return new dev.statewright.interpreter.engine.MapRunUpdate(maxConcurrency, toleratedFailureCount,
                    toleratedFailurePercentage);
        }
    }

    /** RedriveExecution: the ended execution goes on, as its redrive number {@code count}. */
    record Redrive(int count) implements LoopInput {
    }

    /** StopExecution. */
    record Stop(String error, String cause) implements LoopInput {
    }

    /**
     * Not an input but a mark in the journal: the turn of the input before it was cut short after
     * {@code tasks} pieces of work, because what it had produced reached the most one batch may
     * hold. A replay runs that input's work only so far, as the live run did.
     */
    record Paused(int tasks) implements LoopInput {
    }

    /** Go on with the work a cut-short turn left, once what it produced is stored. */
    record Resume() implements LoopInput {
    }

    static String toJson(LoopInput input) {
        ObjectNode node = Json.object();
        if (input instanceof Begin) {
            node.put("kind", "begin");
        } else if (input instanceof TimerFired timer) {
            node.put("kind", "timer").put("timer", timer.timer());
        } else if (input instanceof TaskOutcome outcome) {
            node.put("kind", "outcome").put("dispatch", outcome.dispatch());
            if (outcome.failed()) {
                node.put("failed", true).put("error", outcome.error()).put("cause", outcome.cause());
            } else {
                node.set("result", outcome.result());
            }
        } else if (input instanceof Heartbeat heartbeat) {
            node.put("kind", "heartbeat").put("dispatch", heartbeat.dispatch());
        } else if (input instanceof PickedUp picked) {
            node.put("kind", "pickedUp").put("dispatch", picked.dispatch()).put("worker", picked.worker());
        } else if (input instanceof Paused paused) {
            node.put("kind", "paused").put("tasks", paused.tasks());
        } else if (input instanceof Resume) {
            node.put("kind", "resume");
        } else if (input instanceof UpdateMapRun update) {
            node.put("kind", "updateMapRun").put("mapRunArn", update.mapRunArn());
            if (update.maxConcurrency() != null) {
                node.put("maxConcurrency", update.maxConcurrency());
            }
            if (update.toleratedFailureCount() != null) {
                node.put("toleratedFailureCount", update.toleratedFailureCount());
            }
            if (update.toleratedFailurePercentage() != null) {
                node.put("toleratedFailurePercentage", update.toleratedFailurePercentage());
            }
        } else if (input instanceof Redrive redrive) {
            node.put("kind", "redrive").put("count", redrive.count());
        } else {
            Stop stop = (Stop) input;
            node.put("kind", "stop").put("error", stop.error()).put("cause", stop.cause());
        }
        return Json.write(node);
    }

    static LoopInput fromJson(String text) {
        JsonNode node = Json.parse(text);
        switch (node.get("kind").asText()) {
            case "begin":
                return new Begin();
            case "timer":
                return new TimerFired(node.get("timer").asLong());
            case "outcome":
                return node.path("failed").asBoolean(false) || node.has("error")
                        ? new TaskOutcome(node.get("dispatch").asLong(), null, textOrNull(node, "error"),
                        textOrNull(node, "cause"), true)
                        : new TaskOutcome(node.get("dispatch").asLong(), node.get("result"), null, null, false);
            case "heartbeat":
                return new Heartbeat(node.get("dispatch").asLong());
            case "pickedUp":
                return new PickedUp(node.get("dispatch").asLong(), textOrNull(node, "worker"));
            case "stop":
                return new Stop(textOrNull(node, "error"), textOrNull(node, "cause"));
            case "paused":
                return new Paused(node.get("tasks").asInt());
            case "resume":
                return new Resume();
            case "updateMapRun":
                return new UpdateMapRun(node.get("mapRunArn").asText(),
                        node.hasNonNull("maxConcurrency") ? node.get("maxConcurrency").asInt() : null,
                        node.hasNonNull("toleratedFailureCount") ? node.get("toleratedFailureCount").asInt() : null,
                        node.hasNonNull("toleratedFailurePercentage") ? node.get("toleratedFailurePercentage").asDouble() : null,
                        null);
            case "redrive":
                return new Redrive(node.get("count").asInt());
            default:
                throw new IllegalArgumentException("Unknown journal entry: " + text);
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
