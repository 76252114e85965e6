package dev.statewright.interpreter.model;

/** The two kinds of state machine AWS offers; EXPRESS ones may not wait for activities or callbacks. */
public enum StateMachineType {
    STANDARD,
    EXPRESS
}
