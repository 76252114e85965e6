package dev.statewright.interpreter.validation;

import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines and columns of diagnostics in source text, and what becomes of text that is no definition. */
class SourcePositionsTest {
    private final DefinitionValidator validator = new DefinitionValidator();

    private ValidationReport validate(String text) {
        return validator.validate(text, StateMachineType.STANDARD);
    }

    /** A diagnostic reduced to what these tests compare. */
    private static String where(Diagnostic d) {
        return d.code() + " " + d.location() + " " + d.line() + ":" + d.column() + " " + d.message();
    }

    private static List<String> where(ValidationReport report) {
        return report.diagnostics().stream().map(SourcePositionsTest::where).collect(Collectors.toList());
    }

    @Test
    void diagnosticsPointAtTheirKeysInDocumentOrder() {
        String text = """
                {
                  "StartAt": "Charge",
                  "States": {
                    "Charge": {
                      "Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
                      "Retry": [
                        {
                          "ErrorEquals": ["States.Timeout"],
                          "BackoffRate": 0.5
                        }
                      ],
                      "Next": "Ship"
                    },
                    "Ship": {
                      "Type": "Pass",
                      "Next": "Deliver"
                    }
                  }
                }
                """;
        assertThat(where(validate(text))).containsExactly(
                "MISSING_END_STATE / 1:1 Workflow has no terminal state",
                "SCHEMA_VALIDATION_FAILED /States/Charge/Retry/0/BackoffRate 10:11 The field 'BackoffRate' must be at least 1",
                "MISSING_TRANSITION_TARGET /States/Ship/Next 17:7 Missing 'Next' target: Deliver");
    }

    @Test
    void anArrayItemIsLocatedAtItsValueAndAStateAtItsName() {
        String text = """
                {
                  "StartAt": "Charge",
                  "States": {
                    "Charge": {
                      "Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
                      "Catch": [
                          {"ErrorEquals": ["States.ALL"], "Next": "Done"},
                          {"ErrorEquals": ["States.Timeout"], "Next": "Done"}
                      ],
                      "End": true
                    },
                    "Done": {"Type": "Succeed"},   "Lost": {"Type": "Succeed"}
                  }
                }
                """;
        assertThat(where(validate(text))).containsExactly(
                "SCHEMA_VALIDATION_FAILED /States/Charge/Catch/0 8:11 A catcher with 'States.ALL' must be the last catcher",
                "MISSING_TRANSITION_TARGET /States/Lost 13:36 State \"Lost\" is not reachable.");
    }

    @Test
    void textThatIsNotJsonIsReportedWhereTheParserStopped() {
        String text = """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {"Type": "Pass", "End": true,}
                  }
                }
                """;
        ValidationReport report = validate(text);
        assertThat(report.diagnostics()).hasSize(1);
        Diagnostic diagnostic = report.diagnostics().get(0);
        assertThat(diagnostic.severity()).isEqualTo(Severity.ERROR);
        assertThat(diagnostic.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
        assertThat(diagnostic.message()).startsWith("Unexpected character ('}' (code 125))");
        assertThat(diagnostic.line()).isEqualTo(4);
        assertThat(diagnostic.column()).isBetween(39, 40);
        assertThat(diagnostic.location()).contains("line: 4, column: " + diagnostic.column());
        assertThat(report.valid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " \n\t ", "[]", "[{\"StartAt\": \"A\"}]", "42", "\"text\"", "null"})
    void blankTextAndJsonThatIsNoObjectAreNoDefinition(String text) {
        ValidationReport report = validate(text);
        assertThat(report.diagnostics()).containsExactly(new Diagnostic(Severity.ERROR, "SCHEMA_VALIDATION_FAILED",
                "Definition must be a valid JSON object", null, 0, 0));
        assertThat(report.invalidDefinitionMessage())
                .isEqualTo("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a valid JSON object'");
    }

    @Test
    void aKeyRepeatedInStatesIsADuplicateStateNameAtTheRepetition() {
        String text = """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {"Type": "Pass", "End": true},
                    "A": {"Type": "Pass", "Result": 1, "End": true}
                  }
                }
                """;
        assertThat(where(validate(text))).containsExactly(
                "DUPLICATE_STATE_NAME /States/A 5:5 Duplicate State name: A");
    }

    @Test
    void theLastOfRepeatedKeysIsTheOneCheckedAndLocated() {
        String text = """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {"Type": "Pass", "End": true},
                    "A": {"Type": "Paas", "End": true}
                  }
                }
                """;
        assertThat(where(validate(text))).containsExactly(
                "DUPLICATE_STATE_NAME /States/A 5:5 Duplicate State name: A",
                "SCHEMA_VALIDATION_FAILED /States/A/Type 5:11 The field 'Type' should have one of these values:"
                        + " [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]");
    }

    @Test
    void aKeyRepeatedInABranchsStatesIsADuplicateStateName() {
        String text = """
                {
                  "StartAt": "Fan",
                  "States": {
                    "Fan": {
                      "Type": "Parallel",
                      "Branches": [
                        {
                          "StartAt": "Work",
                          "States": {
                            "Work": {"Type": "Pass", "End": true},
                            "Work": {"Type": "Succeed"}
                          }
                        }
                      ],
                      "End": true
                    }
                  }
                }
                """;
        assertThat(where(validate(text))).containsExactly(
                "DUPLICATE_STATE_NAME /States/Fan/Branches/0/States/Work 11:13 Duplicate State name: Work");
    }

    @Test
    void aKeyRepeatedElsewhereIsARepeatedFieldEvenInsideAStateNamedStates() {
        String text = """
                {
                  "StartAt": "States",
                  "States": {
                    "States": {"Type": "Pass", "Result": {"x": 1, "x": 2}, "End": true, "End": true}
                  }
                }
                """;
        assertThat(where(validate(text))).containsExactly(
                "SCHEMA_VALIDATION_FAILED /States/States/Result/x 4:51 The field 'x' appears more than once",
                "SCHEMA_VALIDATION_FAILED /States/States/End 4:73 The field 'End' appears more than once");
    }

    @Test
    void textAfterTheDefinitionIsNotJsonAtWhereItStarts() {
        String text = """
                {"StartAt": "A",
                 "States": {"A": {"Type": "Pass", "End": true}}}
                {"States": {"A": {"Bad": 2, "Bad": 3}}}
                """;
        ValidationReport report = validate(text);
        assertThat(report.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
            assertThat(d.message()).startsWith("Trailing token");
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.column()).isEqualTo(1);
        });
    }

    @Test
    void invalidDefinitionMessageJoinsEveryErrorAsAwsDoes() {
        String text = """
                {
                  "StartAt": "A",
                  "States": {
                    "A": {"Type": "Pass", "Next": "C"},
                    "B": {"Type": "Wait", "Seconds": -1, "End": true}
                  }
                }
                """;
        ValidationReport report = validate(text);
        assertThat(report.valid()).isFalse();
        assertThat(report.result()).isEqualTo("FAIL");
        assertThat(report.invalidDefinitionMessage()).isEqualTo("Invalid State Machine Definition: '"
                + "MISSING_TRANSITION_TARGET: Missing 'Next' target: C at /States/A/Next, "
                + "MISSING_TRANSITION_TARGET: State \"B\" is not reachable. at /States/B, "
                + "SCHEMA_VALIDATION_FAILED: The field 'Seconds' must be at least 0 at /States/B/Seconds'");
    }

    @Test
    void aValidDefinitionHasNoDiagnostics() {
        ValidationReport report = validate("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
                """);
        assertThat(report.diagnostics()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.result()).isEqualTo("OK");
    }

    @Test
    void aParsedDefinitionHasLocationsButNoPositions() {
        ValidationReport report = validator.validate(
                Json.parse("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}"),
                StateMachineType.STANDARD);
        assertThat(where(report)).containsExactlyInAnyOrder(
                "MISSING_END_STATE / 0:0 Workflow has no terminal state",
                "MISSING_TRANSITION_TARGET /States/A/Next 0:0 Missing 'Next' target: B");
    }
}
