package dev.statewright.interpreter.model;

/** One state of a state machine. The engine decides what each kind does; these are plain data. */
public sealed interface State
        permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState {

    String name();

    /** The {@code Type} as written in ASL, such as {@code Pass}; also the prefix of its history events. */
    String type();

    /** Where the data goes in and out of the state. */
    DataFlow dataFlow();

    /** The next state, or null where the state ends its branch (End, or a terminal type). */
    String next();
}
