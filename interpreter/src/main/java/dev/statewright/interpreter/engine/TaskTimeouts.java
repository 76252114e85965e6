package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.util.function.Supplier;

/** Resolves a Task's TimeoutSeconds or HeartbeatSeconds from its literal or its path. */
final class TaskTimeouts {
    private TaskTimeouts() {
    }

    /** The seconds, or null when neither the literal nor the path is given. */
    static Integer seconds(Integer literal, String path, String pathField, JsonNode input, Supplier<JsonNode> context) {
        if (literal != null) {
            return literal;
        }
        if (path == null) {
            return null;
        }
        JsonNode value = DataFlowProcessor.require(path, input, context, null);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw new StatesException(StatesErrors.RUNTIME, "The " + pathField
                    + " parameter must reference a positive integer: " + path + " == " + Json.write(value));
        }
        return value.intValue();
    }
}
