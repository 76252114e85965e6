package dev.statewright.interpreter.teststate;

/** How much TestState reports: INFO the outcome, DEBUG the data flow too, TRACE also HTTP requests and responses. */
public enum InspectionLevel {
    INFO, DEBUG, TRACE
}
