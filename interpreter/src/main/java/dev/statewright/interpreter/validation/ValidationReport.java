package dev.statewright.interpreter.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Everything the validator found in one definition, in document order. */
public record ValidationReport(List<Diagnostic> diagnostics) {

    public ValidationReport {
        diagnostics = List.copyOf(diagnostics);
    }

    /** True when no diagnostic is an error (warnings alone leave a definition valid). */
    public boolean valid() {
        return errors().isEmpty();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).collect(Collectors.toList());
    }

    /** "OK" or "FAIL", as ValidateStateMachineDefinition's result field. */
    public String result() {
        return valid() ? "OK" : "FAIL";
    }

    /**
     * The message of AWS's InvalidDefinition exception for these errors, for example
     * {@code Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next'}.
     */
    public String invalidDefinitionMessage() {
        return "Invalid State Machine Definition: '"
                + errors().stream().map(Diagnostic::awsText).collect(Collectors.joining(", ")) + "'";
    }
}
