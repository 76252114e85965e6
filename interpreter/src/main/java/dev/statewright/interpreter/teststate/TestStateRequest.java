package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One TestState call: a state (or a machine and the name of one of its states) and what it is given.
 *
 * @param definition    a single state, or a whole state machine when {@code stateName} is set
 * @param stateName     the state to test inside {@code definition}, or null
 * @param context       the context object the state sees, or null for one like an execution's
 * @param mock          what the state's work gives instead of running, or null to run it
 */
public record TestStateRequest(JsonNode definition, String stateName, JsonNode input, InspectionLevel inspectionLevel,
                               Map<String, JsonNode> variables, JsonNode context, TestStateMock mock,
                               TestStateConfiguration configuration) {
}
