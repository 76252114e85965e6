package dev.statewright.interpreter.validation;

import java.util.ArrayList;
import java.util.List;

/** The diagnostics of one validation run, collected as the checks find them. */
final class Findings {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    void error(String code, String location, String message) {
        diagnostics.add(Diagnostic.error(code, message, location.isEmpty() ? "/" : location));
    }

    /** A structural or field-level problem: AWS files all of these under SCHEMA_VALIDATION_FAILED. */
    void schema(String location, String message) {
        error(DiagnosticCodes.SCHEMA_VALIDATION_FAILED, location, message);
    }

    void addAll(List<Diagnostic> found) {
        diagnostics.addAll(found);
    }

    List<Diagnostic> all() {
        return diagnostics;
    }
}
