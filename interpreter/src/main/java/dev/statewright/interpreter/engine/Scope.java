package dev.statewright.interpreter.engine;

/**
 * Something running that may be cut short: a branch, or a Parallel or Map state's set of
 * branches. Work scheduled earlier checks its scope before it acts, so a stopped execution, an
 * aborted iteration or a superseded retry attempt leaves no trace in the history.
 */
interface Scope {
    boolean isActive();
}
