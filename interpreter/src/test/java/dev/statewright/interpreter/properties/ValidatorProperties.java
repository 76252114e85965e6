package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.DiagnosticCodes;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.ValidationReport;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator over generated definitions: it accepts the valid ones, and for any text at all
 * it answers (never throws, never hangs) with diagnostics that each name a code, a message and
 * a place (a JSON pointer that resolves in the definition, with its line and column).
 * Tries and seeds: see {@link PropertyBudget}.
 */
@AddLifecycleHook(PropertyBudget.class)
class ValidatorProperties {
    private static final DefinitionValidator VALIDATOR = new DefinitionValidator();
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Provide
    Arbitrary<ObjectNode> machines() {
        return ValidDefinitions.machines();
    }

    @Provide
    Arbitrary<String> mutatedTexts() {
        return DefinitionMutations.texts();
    }

    @Provide
    Arbitrary<StateMachineType> types() {
        return net.jqwik.api.Arbitraries.of(StateMachineType.class);
    }

    /** The generator's definitions are valid ASL, so the validator accepts them (or the other properties test little). */
    @Property(tries = 200)
    void generatedDefinitionsAreValid(@ForAll("machines") ObjectNode definition) {
        String text = Json.write(definition);
        ValidationReport report = validate(text, StateMachineType.STANDARD);
        assertThat(report.errors()).withFailMessage(() -> "The validator refused a generated definition: "
                + report.errors() + "\nin " + Shown.elided(text)).isEmpty();
    }

    @Property(tries = 300)
    void anyTextGetsDiagnosticsWithAPlace(@ForAll("mutatedTexts") String text, @ForAll("types") StateMachineType type) {
        ValidationReport report = validate(text, type);
        JsonNode tree = parseOrNull(text);
        Statistics.label("verdict").collect(tree == null ? "not JSON" : report.valid() ? "valid" : "invalid");
        for (Diagnostic diagnostic : report.diagnostics()) {
            assertThat(diagnostic.severity()).isNotNull();
            assertThat(diagnostic.code()).as("code of %s", diagnostic).isNotBlank();
            assertThat(diagnostic.message()).as("message of %s", diagnostic).isNotBlank();
        }
        if (tree == null || !tree.isObject()) {
            assertThat(report.diagnostics()).as("diagnostics for a text that is no JSON object").hasSize(1);
            assertThat(report.diagnostics().get(0).code()).isIn(DiagnosticCodes.INVALID_JSON_DESCRIPTION,
                    DiagnosticCodes.SCHEMA_VALIDATION_FAILED);
            return;
        }
        for (Diagnostic diagnostic : report.diagnostics()) {
            assertThat(diagnostic.location()).as("pointer of %s", diagnostic).startsWith("/");
            assertThat(resolves(tree, diagnostic.location())).as("%s points into the definition", diagnostic).isTrue();
            assertThat(diagnostic.line()).as("line of %s", diagnostic).isPositive();
            assertThat(diagnostic.column()).as("column of %s", diagnostic).isPositive();
        }
    }

    /** Shrunk by anyTextGetsDiagnosticsWithAPlace: the JSONata parser overflowed the stack (fixed). */
    @Example
    void aJsonataExpressionOfThreeThousandNestedBracketsIsReported() {
        String text = "{\"StartAt\":\"S1\",\"States\":{\"S1\":{\"Type\":\"Succeed\",\"QueryLanguage\":\"JSONata\","
                + "\"Arguments\":\"{% " + "(".repeat(3000) + ")".repeat(3000) + " %}\"}}}";
        anyTextGetsDiagnosticsWithAPlace(text, StateMachineType.STANDARD);
    }

    private static ValidationReport validate(String text, StateMachineType type) {
        return Bounded.call(LIMIT, "validate", () -> VALIDATOR.validate(text, type));
    }

    /** The text as a tree, or null when it is not exactly one JSON value (the validator reads it the same way). */
    static JsonNode parseOrNull(String text) {
        try {
            JsonNode tree = Json.STRICT.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Whether a pointer names a node of the tree ("/" names the root, as the validator writes it). */
    private static boolean resolves(JsonNode tree, String pointer) {
        return "/".equals(pointer) || !tree.at(JsonPointer.compile(pointer)).isMissingNode();
    }
}
