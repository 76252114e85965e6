package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
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

    public static ExecutionProjection of(List<HistoryEvent> events) {
        ExecutionStatus status = ExecutionStatus.RUNNING;
        JsonNode input = null;
        JsonNode output = null;
        String error = null;
        String cause = null;
        Map<Long, OpenState> open = new LinkedHashMap<>();
        Map<String, List<Long>> openByName = new HashMap<>();
        long last = 0;
        for (HistoryEvent event : events) {
            last = event.id();
            ObjectNode details = event.details();
            String type = event.type();
            if (type.endsWith("StateEntered") && !type.equals("FailStateEntered")) {
                // A Fail state never stays open: it fails its branch as it is entered.
                String name = details.get("name").asText();
                open.put(event.id(), new OpenState(name, type.substring(0, type.length() - "StateEntered".length()),
                        details.get("input"), event.id()));
                openByName.computeIfAbsent(name, n -> new ArrayList<>()).add(event.id());
            } else if (type.endsWith("StateExited")) {
                closeOldest(details.get("name").asText(), open, openByName);
            } else if (type.equals(EventTypes.EXECUTION_STARTED)) {
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
            }
        }
        if (status.isFinished()) {
            open.clear();
        }
        return new ExecutionProjection(status, input, output, error, cause, Map.copyOf(open), last);
    }

    /**
     * Map iterations run the same state names side by side; an exit closes the earliest open
     * entry of that name, which is the one the engine exits first for sequential runs and an
     * equivalent one otherwise.
     */
    private static void closeOldest(String name, Map<Long, OpenState> open, Map<String, List<Long>> openByName) {
        List<Long> ids = openByName.get(name);
        if (ids != null && !ids.isEmpty()) {
            open.remove(ids.remove(0));
        }
    }

    private static String text(ObjectNode details, String field) {
        return details != null && details.hasNonNull(field) ? details.get(field).asText() : null;
    }
}
