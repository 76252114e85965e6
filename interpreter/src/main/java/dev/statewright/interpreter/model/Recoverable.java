package dev.statewright.interpreter.model;

import java.util.List;

/** A state that may carry Retry and Catch rules: Task, Parallel and Map. */
public sealed interface Recoverable permits TaskState, ParallelState, MapState {
    List<Retrier> retry();

    List<Catcher> catchers();
}
