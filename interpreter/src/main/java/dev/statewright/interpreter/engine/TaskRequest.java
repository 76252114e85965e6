package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Consumer;

/**
 * One invocation of a Task's resource.
 *
 * @param resource   the Resource ARN as written
 * @param input      the effective parameters (after InputPath and Parameters)
 * @param stateName  the Task state's name
 * @param context    the context object at the time of the call
 * @param taskToken  the callback token for {@code .waitForTaskToken} resources, else null
 * @param heartbeat  call it to report progress: it restarts the HeartbeatSeconds deadline
 * @param pickedUp   call it with the worker's name when a worker takes the task (activities):
 *                   AWS records ActivityStarted then, not when the task is scheduled
 * @param takenBefore a worker took this task before the service restarted: wait for its answer,
 *                   do not hand the task out again
 */
public record TaskRequest(String resource, JsonNode input, String stateName, JsonNode context, String taskToken,
                          Runnable heartbeat, Consumer<String> pickedUp, boolean takenBefore) {

    /** A request for a task nobody has taken yet. */
    public TaskRequest(String resource, JsonNode input, String stateName, JsonNode context, String taskToken,
                       Runnable heartbeat, Consumer<String> pickedUp) {
        this(resource, input, stateName, context, taskToken, heartbeat, pickedUp, false);
    }

    /** A request whose handler does the work itself: nobody picks it up. */
    public TaskRequest(String resource, JsonNode input, String stateName, JsonNode context, String taskToken,
                       Runnable heartbeat) {
        this(resource, input, stateName, context, taskToken, heartbeat, worker -> {
        });
    }
}
