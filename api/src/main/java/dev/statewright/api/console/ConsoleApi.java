package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;

import java.util.List;

/**
 * What the web console needs beyond the plain REST API, as REST resources of their own: a
 * definition laid out as a graph, an execution's state visits, and execution counts per machine.
 * Each takes ARNs (the REST layer turns paths into them) and answers JSON.
 */
public final class ConsoleApi {
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

    /** Every state visit of the execution, in the order they were entered. */
    public JsonNode stateRuns(String executionArn) {
        ExecutionRecord execution = service.describeExecution(executionArn);
        List<StateRun> runs = StateRuns.of(service.history(executionArn), Json.parse(execution.definition()),
                execution.status() == ExecutionStatus.RUNNING);
        ObjectNode response = Json.object().put("status", execution.status().name());
        response.set("states", Json.MAPPER.valueToTree(runs));
        return response;
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
            for (ExecutionRecord execution : service.listExecutions(machine.arn(), null)) {
                counts.put(execution.status().name(), counts.path(execution.status().name()).asInt() + 1);
            }
        }
        return response;
    }

    private static JsonNode graph(String definition) {
        return Json.MAPPER.valueToTree(GraphLayout.of(Json.parse(definition)));
    }
}
