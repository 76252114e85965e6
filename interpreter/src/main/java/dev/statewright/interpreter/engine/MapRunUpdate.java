package dev.statewright.interpreter.engine;

/**
 * New settings for a running Distributed Map (UpdateMapRun): each one given (non-null) replaces
 * the one the run has; the others stay.
 */
public record MapRunUpdate(Integer maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage) {
}
