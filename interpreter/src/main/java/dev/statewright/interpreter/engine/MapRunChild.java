package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One child execution of a Distributed Map's run (an item, or a batch of items), as AWS lists it
 * under the Map Run: its own ARN and name, the child state machine's ARN
 * ({@code stateMachine:MACHINE/LABEL}), its status and dates, input, and output or error.
 *
 * @param redriveCount how often the Map Run was redriven (a redriven child keeps its name)
 * @param status  RUNNING, SUCCEEDED, FAILED or ABORTED (an execution's statuses)
 * @param output  null unless it succeeded
 * @param error   null unless it failed
 */
public record MapRunChild(String executionArn, String name, String mapRunArn, String stateMachineArn, int index,
                          int redriveCount, ExecutionStatus status, Instant startDate, Instant stopDate, JsonNode input, JsonNode output,
                          String error, String cause) {

    /**
     * A child's name: derived from its Map Run and its item's index, so every replay of the parent
     * gives the same, and a redrive of the run redrives the same child (AWS's names are UUIDs too).
     */
    static String name(String mapRunArn, int index) {
        String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        return UUID.nameUUIDFromBytes((runId + "/" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code arn:...:execution:MACHINE/LABEL:NAME} for a Map Run {@code arn:...:mapRun:MACHINE/LABEL:ID}. */
    static String executionArn(String mapRunArn, String name) {
        return mapRunArn.substring(0, mapRunArn.lastIndexOf(':')).replace(":mapRun:", ":execution:") + ":" + name;
    }

    /** {@code arn:...:stateMachine:MACHINE/LABEL}: the child state machine of a Map Run. */
    static String stateMachineArn(String mapRunArn) {
        return mapRunArn.substring(0, mapRunArn.lastIndexOf(':')).replace(":mapRun:", ":stateMachine:");
    }
}
