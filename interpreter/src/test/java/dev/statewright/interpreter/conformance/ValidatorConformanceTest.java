package dev.statewright.interpreter.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.ValidationReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator against AWS: every definition AWS accepted and ran is valid here, and every
 * recorded verdict (valid, or the InvalidDefinition message, or the diagnostics of
 * ValidateStateMachineDefinition) is reproduced.
 */
class ValidatorConformanceTest {
    private final DefinitionValidator validator = new DefinitionValidator();

    @Test
    void everyDefinitionAwsRanIsValid() {
        List<ConformanceCase> cases = ConformanceCase.allCases();
        List<String> falseAlarms = new ArrayList<>();
        for (ConformanceCase c : cases) {
            JsonNode definition = RecordedResources.unmasked(c.definition());
            ValidationReport report = validator.validate(Json.write(definition), type(c.root()));
            if (!report.valid()) {
                falseAlarms.add(c.name() + ": " + report.invalidDefinitionMessage());
            }
        }
        System.out.printf("validator: %d of %d recorded definitions judged valid%n",
                cases.size() - falseAlarms.size(), cases.size());
        assertThat(cases).hasSizeGreaterThan(800);
        assertThat(falseAlarms).isEmpty();
    }

    @Test
    void everyRecordedVerdictAgreesWithAws() {
        List<ConformanceCase> verdicts = ConformanceCase.loadAll(ConformanceCase.fixtures().resolve("conformance/validation"));
        List<String> disagreements = new ArrayList<>();
        for (ConformanceCase c : verdicts) {
            JsonNode root = c.root();
            ValidationReport report = validator.validate(definitionText(root), type(root));
            String disagreement = disagreement(root, report);
            if (disagreement != null) {
                disagreements.add(c.name() + ": " + disagreement);
            }
        }
        System.out.printf("validator: %d of %d AWS verdicts reproduced%n",
                verdicts.size() - disagreements.size(), verdicts.size());
        assertThat(verdicts).hasSize(20);
        assertThat(disagreements).isEmpty();
    }

    private static String disagreement(JsonNode root, ValidationReport report) {
        boolean expectedValid = root.path("expectedValid").asBoolean();
        if (report.valid() != expectedValid) {
            return "expected " + (expectedValid ? "valid" : "invalid") + ", got " + describe(report);
        }
        if (expectedValid) {
            return null;
        }
        if ("ValidateStateMachineDefinition".equals(root.path("api").asText())) {
            List<String> expected = new ArrayList<>();
            root.path("diagnostics").forEach(d -> expected.add(comparable(d.path("code").asText(), d.path("message").asText(),
                    d.has("location") ? d.get("location").asText() : null)));
            List<String> actual = report.diagnostics().stream()
                    .map(d -> comparable(d.code(), d.message(), d.location())).collect(Collectors.toList());
            return expected.equals(actual) ? null : "expected diagnostics " + expected + ", got " + actual;
        }
        String expected = RecordedResources.unmaskText(root.path("expectedError").asText());
        return expected.equals(report.invalidDefinitionMessage()) ? null
                : "expected «" + expected + "», got «" + report.invalidDefinitionMessage() + "»";
    }

    /**
     * A diagnostic as compared. For text that is not JSON, the position Jackson reports differs
     * between its versions (where the bad token began, or where the parser stopped), so only the
     * words are compared.
     */
    private static String comparable(String code, String message, String location) {
        if ("INVALID_JSON_DESCRIPTION".equals(code)) {
            return code + "|" + message.replaceFirst("(?s)\\n at \\[Source.*$", "");
        }
        return code + "|" + message + "|" + location;
    }

    private static String describe(ValidationReport report) {
        return report.valid() ? "valid" : report.invalidDefinitionMessage();
    }

    /** The definition as AWS received it; TestState's single state is wrapped as AWS does. */
    private static String definitionText(JsonNode root) {
        JsonNode definition = root.get("definition");
        if (root.path("definitionIsRawText").asBoolean()) {
            return definition.asText();
        }
        definition = RecordedResources.unmasked(definition);
        if ("TestState".equals(root.path("api").asText()) && !definition.has("States")) {
            ObjectNode machine = Json.MAPPER.createObjectNode();
            machine.put("StartAt", "StateName");
            machine.putObject("States").set("StateName", definition);
            definition = machine;
        }
        return Json.write(definition);
    }

    private static StateMachineType type(JsonNode root) {
        return "EXPRESS".equals(root.path("stateMachineType").asText()) ? StateMachineType.EXPRESS : StateMachineType.STANDARD;
    }
}
