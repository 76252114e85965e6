package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One invocation of a Task's resource.
 *
 * @param resource   the Resource ARN as written
 * @param input      the effective parameters (after InputPath and Parameters)
 * @param stateName  the Task state's name
 * @param context    the context object at the time of the call
 * @param taskToken  the callback token for {@code .waitForTaskToken} resources, else null
 * @param heartbeat  call it to report progress: it restarts the HeartbeatSeconds deadline
 */
public record TaskRequest(String resource, JsonNode input, String stateName, JsonNode context, String taskToken,
                          Runnable heartbeat) {
}
