package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

/** Detail fields that several kinds of history event share. */
final class EventDetails {
    private EventDetails() {
    }

    /** {@code error} and {@code cause}, each only where present, as AWS's failure events carry them. */
    static ObjectNode errorAndCause(ObjectNode details, StatesException failure) {
        if (failure.error() != null) {
            details.put("error", failure.error());
        }
        if (failure.cause() != null) {
            details.put("cause", failure.cause());
        }
        return details;
    }

    static ObjectNode errorAndCause(StatesException failure) {
        return errorAndCause(Json.object(), failure);
    }
}
