package dev.statewright.interpreter.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges an ASL definition before anything runs and reports every problem at once, each with a
 * JSON pointer and a line and column, the way a compiler does.
 *
 * <p>The work is in two halves: {@link SchemaChecks} applies the JSON Schema to the machine, to
 * each nested scope and to each state (chosen by its effective query language), and the checks
 * here and in {@link StateChecks} cover what needs more than one field: transitions, reachability,
 * terminal states, state names, and the syntax of paths and intrinsic calls.
 *
 * <p>A validator is immutable and thread-safe; building one loads the schema, so keep it.
 */
public final class DefinitionValidator {
    private static final int MAX_STATE_NAME_LENGTH = 80;
    private static final String DEFAULT_QUERY_LANGUAGE = "JSONPath";

    private final SchemaChecks schema = new SchemaChecks();

    /** Validates source text, as a user wrote it; positions point into that text. */
    public ValidationReport validate(String text, StateMachineType type) {
        if (text == null || text.isBlank()) {
            return notAnObject();
        }
        JsonNode root;
        try {
            // Text after the definition is an error, not something to ignore.
            root = Json.STRICT.with(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).readTree(text);
        } catch (JsonProcessingException e) {
            return notJson(e);
        }
        if (root == null || !root.isObject()) {
            return notAnObject();
        }
        return run(root, type, SourcePositions.of(text));
    }

    /** Validates a definition already parsed; diagnostics carry no line or column. */
    public ValidationReport validate(JsonNode definition, StateMachineType type) {
        if (definition == null || !definition.isObject()) {
            return notAnObject();
        }
        return run(definition, type, null);
    }

    private ValidationReport run(JsonNode root, StateMachineType type, SourcePositions positions) {
        Findings findings = new Findings();
        Walk walk = new Walk(findings, type, root);
        walk.machine();
        List<Diagnostic> located = new ArrayList<>();
        for (Diagnostic diagnostic : findings.all()) {
            if (positions == null) {
                located.add(diagnostic);
            } else {
                int[] position = positions.lineAndColumn("/".equals(diagnostic.location()) ? "" : diagnostic.location());
                located.add(diagnostic.at(position[0], position[1]));
            }
        }
        if (positions != null) {
            // A repeated key shares its pointer with the first one, so it carries its own position.
            for (SourcePositions.DuplicateKey duplicate : positions.duplicateKeys()) {
                boolean stateName = walk.scopes.contains(duplicate.objectPointer());
                located.add(Diagnostic.error(stateName ? DiagnosticCodes.DUPLICATE_STATE_NAME : DiagnosticCodes.SCHEMA_VALIDATION_FAILED,
                        stateName ? "Duplicate State name: " + duplicate.key()
                                : "The field '" + duplicate.key() + "' appears more than once",
                        duplicate.pointer()).at(duplicate.line(), duplicate.column()));
            }
            located.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        }
        return new ValidationReport(located);
    }

    private static ValidationReport notAnObject() {
        return new ValidationReport(List.of(new Diagnostic(Severity.ERROR, DiagnosticCodes.SCHEMA_VALIDATION_FAILED,
                "Definition must be a valid JSON object", null, 0, 0)));
    }

    private static ValidationReport notJson(JsonProcessingException e) {
        // Jackson's own wording, as AWS (which parses with Jackson too) reports it.
        JsonLocation location = e.getLocation();
        String where = location == null ? null : location.toString();
        int line = location == null ? 0 : Math.max(location.getLineNr(), 0);
        int column = location == null ? 0 : Math.max(location.getColumnNr(), 0);
        return new ValidationReport(List.of(new Diagnostic(Severity.ERROR, DiagnosticCodes.INVALID_JSON_DESCRIPTION,
                e.getMessage(), where, line, column)));
    }

    /** One walk over a definition: its scopes, their states and their transitions. */
    private final class Walk {
        private final Findings findings;
        private final StateChecks states;
        private final String machineLanguage;
        private final JsonNode root;
        private final Set<String> seenNames = new HashSet<>();
        /** The pointer of every States object walked, whose keys are state names. */
        private final Set<String> scopes = new HashSet<>();

        Walk(Findings findings, StateMachineType type, JsonNode root) {
            this.findings = findings;
            this.states = new StateChecks(findings, type);
            this.root = root;
            this.machineLanguage = root.path("QueryLanguage").asText(DEFAULT_QUERY_LANGUAGE);
        }

        void machine() {
            findings.addAll(schema.check(root, SchemaChecks.Part.STATE_MACHINE, ""));
            scopeStates(root, "");
        }

        private void scopeStates(JsonNode scope, String at) {
            JsonNode statesNode = scope.get("States");
            if (statesNode == null || !statesNode.isObject()) {
                return;
            }
            scopes.add(at + "/States");
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = statesNode.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                byName.put(entry.getKey(), entry.getValue());
            }
            for (Map.Entry<String, JsonNode> entry : byName.entrySet()) {
                state(entry.getKey(), entry.getValue(), at + "/States/" + SourcePositions.escape(entry.getKey()));
            }
            transitions(scope, byName, at);
        }

        private void state(String name, JsonNode state, String at) {
            stateName(name, at);
            if (!state.isObject()) {
                return; // the schema of the enclosing machine, branch or processor reports it
            }
            String language = state.path("QueryLanguage").asText(machineLanguage);
            if ("JSONata".equals(machineLanguage) && "JSONPath".equals(state.path("QueryLanguage").asText())) {
                findings.schema(at, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
            }
            boolean jsonata = "JSONata".equals(language);
            findings.addAll(schema.check(state, jsonata ? SchemaChecks.Part.JSONATA_STATE : SchemaChecks.Part.JSONPATH_STATE, at));
            states.check(state, jsonata, at);
            // Only a Parallel's branches and a Map's processor are scopes; elsewhere the schema
            // refuses the field, and walking in would report its states as well.
            String type = state.path("Type").asText();
            JsonNode branches = "Parallel".equals(type) ? state.get("Branches") : null;
            if (branches != null && branches.isArray()) {
                for (int i = 0; i < branches.size(); i++) {
                    if (branches.get(i).isObject()) {
                        scopeStates(branches.get(i), at + "/Branches/" + i);
                    }
                }
            }
            // The state's schema has checked each nested scope's own fields; now its states.
            for (String field : List.of("ItemProcessor", "Iterator")) {
                JsonNode processor = "Map".equals(type) ? state.get(field) : null;
                if (processor != null && processor.isObject()) {
                    scopeStates(processor, at + "/" + field);
                }
            }
        }

        private void stateName(String name, String at) {
            if (!seenNames.add(name)) {
                findings.error(DiagnosticCodes.DUPLICATE_STATE_NAME, at, "Duplicate State name: " + name);
            }
            if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_STATE_NAME_LENGTH) {
                findings.error(DiagnosticCodes.INVALID_STATE_NAME, at,
                        "State names must be 1 to " + MAX_STATE_NAME_LENGTH + " characters long");
            } else if (name.chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
                findings.error(DiagnosticCodes.INVALID_STATE_NAME, at, "State names cannot contain control characters");
            }
        }

        /** StartAt and every Next, Default and Catch Next name a state of this scope; all are reachable. */
        private void transitions(JsonNode scope, Map<String, JsonNode> byName, String at) {
            Map<String, List<String>> edges = new HashMap<>();
            boolean terminal = false;
            for (Map.Entry<String, JsonNode> entry : byName.entrySet()) {
                String stateAt = at + "/States/" + SourcePositions.escape(entry.getKey());
                JsonNode state = entry.getValue();
                List<String> targets = new ArrayList<>();
                edges.put(entry.getKey(), targets);
                if (!state.isObject()) {
                    continue;
                }
                String type = state.path("Type").asText();
                terminal |= "Succeed".equals(type) || "Fail".equals(type) || state.path("End").asBoolean(false);
                target(state, "Next", stateAt, byName, targets);
                target(state, "Default", stateAt, byName, targets);
                for (String list : List.of("Choices", "Catch")) {
                    JsonNode items = state.get(list);
                    if (items != null && items.isArray()) {
                        for (int i = 0; i < items.size(); i++) {
                            target(items.get(i), "Next", stateAt + "/" + list + "/" + i, byName, targets);
                        }
                    }
                }
            }
            JsonNode startAt = scope.get("StartAt");
            if (startAt == null || !startAt.isTextual()) {
                return; // the schema reports it
            }
            if (!byName.containsKey(startAt.textValue())) {
                findings.error(DiagnosticCodes.MISSING_TRANSITION_TARGET, at + "/StartAt",
                        "Missing 'StartAt' target: " + startAt.textValue());
                return;
            }
            if (!terminal) {
                findings.error(DiagnosticCodes.MISSING_END_STATE, at.isEmpty() ? "/" : at, "Workflow has no terminal state");
            }
            Set<String> reached = new HashSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(startAt.textValue()));
            while (!pending.isEmpty()) {
                String name = pending.pop();
                if (reached.add(name)) {
                    pending.addAll(edges.getOrDefault(name, List.of()));
                }
            }
            for (String name : byName.keySet()) {
                if (!reached.contains(name)) {
                    findings.error(DiagnosticCodes.MISSING_TRANSITION_TARGET, at + "/States/" + SourcePositions.escape(name),
                            "State \"" + name + "\" is not reachable.");
                }
            }
        }

        private void target(JsonNode node, String field, String at, Map<String, JsonNode> byName, List<String> targets) {
            JsonNode target = node.get(field);
            if (target == null || !target.isTextual()) {
                return;
            }
            if (byName.containsKey(target.textValue())) {
                targets.add(target.textValue());
            } else {
                findings.error(DiagnosticCodes.MISSING_TRANSITION_TARGET, at + "/" + field,
                        "Missing '" + field + "' target: " + target.textValue());
            }
        }
    }
}
