package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.InvalidDefinitionException;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.DiagnosticCodes;
import dev.statewright.interpreter.validation.ValidationReport;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The state a TestState request names, as a machine of its own whose start state it is: a lone
 * state keeps its Next, which need not exist, and a state found in a whole machine (at any depth
 * of Parallel branches and Map processors) keeps the machine's QueryLanguage.
 *
 * @param definition the state's own definition (after any stand-in for its ItemReader)
 */
record TestedState(String name, JsonNode definition, StateMachine machine) {
    /** What the tested state is called while it runs, whatever its name: AWS's context object shows this. */
    static final String TESTED_STATE_NAME = "StateName";
    private static final String QUERY_LANGUAGE = "QueryLanguage";

    static TestedState of(JsonNode definition, String stateName, TestStateConfiguration configuration) {
        if (definition == null || !definition.isObject()) {
            throw TestStateRejected.invalidDefinition("Invalid State Machine Definition: the definition must be a JSON object");
        }
        boolean wholeMachine = definition.has("States");
        if (wholeMachine) {
            requireValid(new DefinitionValidator().validate(definition, StateMachineType.STANDARD).errors());
        } else if (stateName != null) {
            throw TestStateRejected.validation("The stateName parameter requires a definition of a whole state machine");
        }
        String wanted = wholeMachine ? (stateName != null ? stateName : definition.path("StartAt").asText()) : TESTED_STATE_NAME;
        JsonNode state = wholeMachine ? find(definition, wanted) : definition;
        if (state == null) {
            throw TestStateRejected.validation("State '" + wanted + "' does not exist in the definition");
        }
        String name = TESTED_STATE_NAME;
        ObjectNode machine = Json.object();
        if (definition.has(QUERY_LANGUAGE) && wholeMachine) {
            machine.set(QUERY_LANGUAGE, definition.get(QUERY_LANGUAGE));
        }
        machine.put("StartAt", name);
        machine.putObject("States").set(name, state.deepCopy());
        if (!wholeMachine) {
            // The validator's checks apply to the state, but its Next may name a state that is not there.
            requireValid(new DefinitionValidator().validate(machine, StateMachineType.STANDARD).errors().stream()
                    .filter(d -> !DiagnosticCodes.MISSING_TRANSITION_TARGET.equals(d.code())
                            && !DiagnosticCodes.MISSING_END_STATE.equals(d.code()))
                    .toList());
        }
        ObjectNode own = withItemReaderData((ObjectNode) state.deepCopy(), configuration);
        ((ObjectNode) machine.get("States")).set(name, own);
        try {
            return new TestedState(name, own, dev.statewright.interpreter.model.DefinitionParser.parse(machine));
        } catch (InvalidDefinitionException e) {
            throw TestStateRejected.invalidDefinition("Invalid State Machine Definition: '" + e.getMessage() + "'");
        }
    }

    private static void requireValid(List<Diagnostic> errors) {
        if (!errors.isEmpty()) {
            throw TestStateRejected.invalidDefinition(new ValidationReport(errors).invalidDefinitionMessage());
        }
    }

    /** The state of that name in a machine's States, or in any Parallel branch or Map processor below. */
    private static JsonNode find(JsonNode machine, String name) {
        JsonNode states = machine.path("States");
        if (states.has(name)) {
            return states.get(name);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = states.fields();
        while (fields.hasNext()) {
            JsonNode state = fields.next().getValue();
            for (JsonNode branch : state.path("Branches")) {
                JsonNode found = find(branch, name);
                if (found != null) {
                    return found;
                }
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.has(processor)) {
                    JsonNode found = find(state.get(processor), name);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /**
     * mapItemReaderData stands in for what the ItemReader would read: the Map gets them as its
     * items (JSONata Items), so the engine's own item handling runs on them.
     */
    private static ObjectNode withItemReaderData(ObjectNode state, TestStateConfiguration configuration) {
        if (configuration.mapItemReaderData() == null || !state.has("ItemReader")) {
            return state;
        }
        state.remove("ItemReader");
        state.remove("ItemsPath");
        state.set("Items", configuration.mapItemReaderData());
        return state;
    }
}
