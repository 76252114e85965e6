package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution's state rebuilt from its history events alone: status, output, error and cause,
 * and the states entered and not yet left, each with the input it received. This is the fold the
 * durable service replays on restart; the engine's own result must always agree with it.
 */
public record ExecutionProjection(
        ExecutionStatus status,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        Map<Long, OpenState> openStates,
        long lastEventId) {

    /** A state entered and not yet exited: where an execution stands. */
    public record OpenState(String name, String type, JsonNode input, long enteredEventId) {
    }

    private static final java.util.Set<String> CONTAINER_RESTARTS_OR_FAILS = java.util.Set.of(
            EventTypes.MAP_STATE_STARTED, EventTypes.MAP_STATE_FAILED,
            EventTypes.PARALLEL_STATE_STARTED, EventTypes.PARALLEL_STATE_FAILED);

    public static ExecutionProjection of(List<HistoryEvent> events) {
        ExecutionStatus status = ExecutionStatus.RUNNING;
        JsonNode input = null;
        JsonNode output = null;
        String error = null;
        String cause = null;
        Map<Long, OpenState> open = new LinkedHashMap<>();
        // For each event, the StateEntered event of the state its branch was in: previousEventId
        // chains the events of one branch, so this holds however branches interleave.
        Map<Long, Long> enteredAt = new HashMap<>();
        // The state each open state runs inside (a Parallel or Map), to close what an aborted branch left open.
        Map<Long, Long> parentOf = new HashMap<>();
        long last = 0;
        for (HistoryEvent event : events) {
            last = event.id();
            ObjectNode details = event.details();
            String type = event.type();
            Long current = enteredAt.get(event.previousEventId());
            if (type.endsWith("StateEntered")) {
                if (current != null) {
                    parentOf.put(event.id(), current);
                }
                current = event.id();
                // A Fail state never stays open: it fails its branch as it is entered.
                if (!type.equals("FailStateEntered")) {
                    open.put(event.id(), new OpenState(details.get("name").asText(),
                            type.substring(0, type.length() - "StateEntered".length()), details.get("input"), event.id()));
                }
            } else if (type.endsWith("StateExited") && current != null) {
                open.remove(current);
                closeInside(current, open, parentOf);
                current = parentOf.get(current); // the branch goes on inside its container, if any
            } else if (current != null && CONTAINER_RESTARTS_OR_FAILS.contains(type)) {
                closeInside(current, open, parentOf);
            }
            if (current != null) {
                enteredAt.put(event.id(), current);
            }
            if (type.equals(EventTypes.EXECUTION_STARTED)) {
                input = details.get("input");
            } else if (type.equals(EventTypes.EXECUTION_SUCCEEDED)) {
                status = ExecutionStatus.SUCCEEDED;
                output = details.get("output");
            } else if (type.equals(EventTypes.EXECUTION_FAILED)) {
                status = ExecutionStatus.FAILED;
                error = text(details, "error");
                cause = text(details, "cause");
            } else if (type.equals(EventTypes.EXECUTION_TIMED_OUT)) {
                status = ExecutionStatus.TIMED_OUT;
                error = text(details, "error");
                cause = text(details, "cause");
            } else if (type.equals(EventTypes.EXECUTION_ABORTED)) {
                status = ExecutionStatus.ABORTED;
                error = text(details, "error");
                cause = text(details, "cause");
            } else if (type.equals(EventTypes.EXECUTION_REDRIVEN)) {
                status = ExecutionStatus.RUNNING; // a redrive re-enters the states it left open, with new events
                error = null;
                cause = null;
            }
            if (status.isFinished()) {
                open.clear();
            }
        }
        return new ExecutionProjection(status, input, output, error, cause, Map.copyOf(open), last);
    }

    /** Closes every open state running inside {@code container}, at any depth. */
    private static void closeInside(long container, Map<Long, OpenState> open, Map<Long, Long> parentOf) {
        open.keySet().removeIf(id -> {
            for (Long parent = parentOf.get(id); parent != null; parent = parentOf.get(parent)) {
                if (parent == container) {
                    return true;
                }
            }
            return false;
        });
    }

    private static String text(ObjectNode details, String field) {
        return details != null && details.hasNonNull(field) ? details.get(field).asText() : null;
    }
}
