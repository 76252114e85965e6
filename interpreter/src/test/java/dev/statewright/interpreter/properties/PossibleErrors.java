package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.Set;

/**
 * The error names an execution of a definition may fail with: the language's own (States.*),
 * the generated failing task's, and those its Fail states give. A Fail state whose error is
 * computed (ErrorPath, a JSONata expression) may give any name; one without an error, none.
 */
final class PossibleErrors {
    private final Set<String> names = new HashSet<>();
    private boolean any;
    private boolean none;

    private PossibleErrors() {
    }

    static PossibleErrors of(JsonNode definition) {
        PossibleErrors errors = new PossibleErrors();
        errors.names.add(ValidDefinitions.FAILING_ERROR);
        for (ObjectNode object : DefinitionMutations.objects(definition)) {
            if (!"Fail".equals(object.path("Type").asText())) {
                continue;
            }
            JsonNode error = object.get("Error");
            if (object.has("ErrorPath") || error != null && (!error.isTextual() || error.textValue().startsWith("{%"))) {
                errors.any = true;
            } else if (error == null) {
                errors.none = true;
            } else {
                errors.names.add(error.textValue());
            }
        }
        return errors;
    }

    boolean allows(String error) {
        if (error == null) {
            return none || any;
        }
        return error.startsWith("States.") || any || names.contains(error);
    }
}
