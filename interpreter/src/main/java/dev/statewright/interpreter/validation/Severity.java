package dev.statewright.interpreter.validation;

/** How serious a diagnostic is: an ERROR makes the definition invalid, a WARNING does not. */
public enum Severity {
    ERROR,
    WARNING
}
