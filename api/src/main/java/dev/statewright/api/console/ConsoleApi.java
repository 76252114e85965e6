package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.testing.ExecutionExport;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * What the web console needs beyond the plain REST API, as REST resources of their own: a
 * definition laid out as a graph, an execution's state visits, and execution counts per machine.
 * Each takes ARNs (the REST layer turns paths into them) and answers JSON.
 */
public final class ConsoleApi {
    private static final int HISTORY_PAGE = 1000;
    static final int PREVIEW_CHARS = 16 * 1024;
    private final StepFunctions service;

    public ConsoleApi(StepFunctions service) {
        this.service = service;
    }

    /** The machine's current definition, laid out. */
    public JsonNode stateMachineGraph(String stateMachineArn) {
        return graph(service.describeStateMachine(stateMachineArn).definition());
    }

    /** The definition the execution runs (a copy taken at its start), laid out. */
    public JsonNode executionGraph(String executionArn) {
        return graph(service.describeExecution(executionArn).definition());
    }

    /**
     * The execution as a workflow test (the file {@code statewright test} runs), for the
     * console's "Export as test".
     *
     * @throws ServiceException ValidationException for an execution that cannot be reproduced
     */
    public JsonNode exportTest(String executionArn) {
        ExecutionRecord execution = service.describeExecution(executionArn);
        List<JsonNode> events = new ArrayList<>();
        for (long from = 1; ; ) {
            List<HistoryEvent> page = service.history(executionArn, from, HISTORY_PAGE);
            page.forEach(event -> events.add(event.toAwsJson()));
            if (page.size() < HISTORY_PAGE) {
                break;
            }
            from = page.get(page.size() - 1).id() + 1;
        }
        try {
            return ExecutionExport.toTest(executionArn, execution.definition(), events);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation(e.getMessage());
        }
    }

    /** Every state visit of the execution, in the order they were entered. */
    public JsonNode stateRuns(String executionArn) {
        ExecutionRecord execution = service.describeExecution(executionArn);
        List<StateRun> runs = StateRuns.of(previews(executionArn), Json.parse(execution.definition()),
                execution.status() == ExecutionStatus.RUNNING);
        ObjectNode response = Json.object().put("status", execution.status().name());
        response.set("states", Json.MAPPER.valueToTree(runs));
        return response;
    }

    /**
     * The history read a page at a time, each input and output longer than {@link #PREVIEW_CHARS}
     * put as a note instead: the states view shows every visit of a 25,000-event history without
     * holding all its payloads (the history view pages through them whole).
     */
    private List<HistoryEvent> previews(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        for (long from = 1; ; ) {
            List<HistoryEvent> page = service.history(executionArn, from, HISTORY_PAGE);
            for (HistoryEvent event : page) {
                events.add(preview(event));
            }
            if (page.size() < HISTORY_PAGE) {
                return events;
            }
            from = page.get(page.size() - 1).id() + 1;
        }
    }

    private static HistoryEvent preview(HistoryEvent event) {
        ObjectNode details = event.details();
        if (details == null) {
            return event;
        }
        ObjectNode shortened = null;
        for (String field : List.of("input", "output")) {
            JsonNode payload = details.get(field);
            if (payload != null && !payload.isValueNode()) {
                String text = Json.write(payload);
                if (text.length() > PREVIEW_CHARS) {
                    shortened = shortened == null ? Json.shallowCopy(details) : shortened;
                    shortened.put(field, "(" + text.length() + " characters: too long to show here; see the event in"
                            + " the history)");
                }
            }
        }
        return shortened == null ? event
                : new HistoryEvent(event.id(), event.previousEventId(), event.timestamp(), event.type(), shortened);
    }

    /** For each state machine, how many of its executions are in each status. */
    public JsonNode executionCounts() {
        ObjectNode response = Json.object();
        ObjectNode machines = response.putObject("stateMachines");
        for (StateMachineRecord machine : service.listStateMachines()) {
            ObjectNode counts = machines.putObject(machine.name());
            for (ExecutionStatus status : ExecutionStatus.values()) {
                counts.put(status.name(), 0);
            }
            service.executionCounts(machine.arn()).forEach((status, count) -> counts.put(status.name(), count));
        }
        return response;
    }

    /** The layout, with the definition itself beside it: the console shows each state's own definition. */
    private static JsonNode graph(String definition) {
        JsonNode parsed = Json.parse(definition);
        JsonNode layout = Json.MAPPER.valueToTree(GraphLayout.of(parsed));
        if (layout instanceof ObjectNode object) {
            object.set("definition", parsed);
        }
        return layout;
    }
}
