package dev.statewright.interpreter.validation;

/**
 * One problem found in a definition, in the shape of AWS's ValidateStateMachineDefinition
 * diagnostics, plus where it is in the source text.
 *
 * @param location a JSON pointer such as {@code /States/Charge/Retry/0/BackoffRate}, or null when
 *                 the problem is not at a place in the document (it is not JSON at all)
 * @param line     1-based line in the source text, or 0 when unknown
 * @param column   1-based column in the source text, or 0 when unknown
 */
public record Diagnostic(Severity severity, String code, String message, String location, int line, int column) {

    static Diagnostic error(String code, String message, String location) {
        return new Diagnostic(Severity.ERROR, code, message, location, 0, 0);
    }

    Diagnostic at(int line, int column) {
        return new Diagnostic(severity, code, message, location, line, column);
    }

    /** As AWS words it inside an InvalidDefinition message: {@code CODE: message at /location}. */
    public String awsText() {
        return code + ": " + message + (location == null ? "" : " at " + location);
    }
}
