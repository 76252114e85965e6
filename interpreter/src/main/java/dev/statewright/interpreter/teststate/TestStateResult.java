package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What TestState answers.
 *
 * @param output         the state's output (SUCCEEDED, CAUGHT_ERROR), else null
 * @param nextState      where the execution would go next, or null
 * @param inspectionData the data flow at DEBUG and TRACE, null at INFO
 */
public record TestStateResult(TestStatus status, JsonNode output, String error, String cause, String nextState,
                              InspectionData inspectionData) {
}
