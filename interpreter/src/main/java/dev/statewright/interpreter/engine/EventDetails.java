package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

/** JSON shapes that several kinds of history event and output share. */
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

    /**
     * The error output a catcher or a tolerated Map item gets: {"Error", "Cause"}, each where
     * present; a failure with no error name gives both, as nulls (AWS's recordings of a
     * SendTaskFailure without fields).
     */
    static ObjectNode errorOutput(StatesException failure) {
        ObjectNode output = Json.object();
        if (failure.error() == null) {
            output.putNull("Error");
            if (failure.cause() == null) {
                output.putNull("Cause");
            }
        }
        if (failure.error() != null) {
            output.put("Error", failure.error());
        }
        if (failure.cause() != null) {
            output.put("Cause", failure.cause());
        }
        return output;
    }
}
