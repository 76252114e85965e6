package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.json.JsonPaths;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.Recoverable;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * The context object {@code $$} of one state visit. Built on first use and kept: most states
 * never read it.
 */
final class ContextObject implements Supplier<JsonNode>, JsonPaths.Variables {
    /** AWS prints context times with milliseconds: 2024-01-01T00:00:00.000Z. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ExecutionInfo execution;
    private final StateVisit visit;
    private final MapItem item;
    private final int retryCount;
    private final String taskToken;
    private final Map<String, JsonNode> variables;
    private JsonNode built;
    /** A context object given whole (TestState's request.context), or null to build AWS's. */
    private final JsonNode given;

    /**
     * @param variables the workflow variables the state sees, for {@code $name} paths
     * @param given     the context object to use instead of the execution's, or null
     */
    ContextObject(ExecutionInfo execution, StateVisit visit, MapItem item, Map<String, JsonNode> variables, JsonNode given) {
        this.given = given;
        this.variables = variables;
        this.execution = execution;
        this.visit = visit;
        this.item = item;
        this.retryCount = visit.retryCount();
        this.taskToken = visit.taskToken;
    }

    @Override
    public JsonNode variable(String name) {
        return variables.get(name);
    }

    static String format(Instant time) {
        return TIME.format(time);
    }

    @Override
    public JsonNode get() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private JsonNode build() {
        if (given != null) {
            if (item == null || !given.isObject()) {
                return given;
            }
            ObjectNode withItem = ((ObjectNode) given).deepCopy();
            ObjectNode itemNode = withItem.putObject("Map").putObject("Item");
            itemNode.put("Index", item.index());
            itemNode.set("Value", item.value());
            return withItem;
        }
        ObjectNode root = Json.object();
        ObjectNode executionNode = root.putObject("Execution");
        executionNode.put("Id", execution.executionArn());
        executionNode.set("Input", execution.input());
        executionNode.put("StartTime", format(execution.startTime()));
        executionNode.put("Name", execution.executionName());
        executionNode.put("RoleArn", execution.roleArn());
        if (execution.redriveCount() != null) {
            executionNode.put("RedriveCount", execution.redriveCount());
        }
        if (execution.redriveTime() != null) {
            executionNode.put("RedriveTime", format(execution.redriveTime()));
        }
        ObjectNode state = root.putObject("State");
        state.put("EnteredTime", format(visit.enteredTime));
        state.put("Name", visit.state.name());
        if (visit.state instanceof Recoverable) {
            state.put("RetryCount", retryCount);
        }
        ObjectNode machine = root.putObject("StateMachine");
        machine.put("Id", execution.stateMachineArn());
        machine.put("Name", execution.stateMachineName());
        if (taskToken != null) {
            root.putObject("Task").put("Token", taskToken);
        }
        if (item != null) {
            ObjectNode itemNode = root.putObject("Map").putObject("Item");
            itemNode.put("Index", item.index());
            itemNode.set("Value", item.value());
        }
        return root;
    }
}
