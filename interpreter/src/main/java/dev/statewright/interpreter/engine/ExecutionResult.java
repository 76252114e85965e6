package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** How an execution ended: its output on success, its error and cause otherwise, and its history. */
public record ExecutionResult(
        ExecutionStatus status, JsonNode output, String error, String cause, List<HistoryEvent> history) {
    public ExecutionResult {
        history = List.copyOf(history);
    }
}
