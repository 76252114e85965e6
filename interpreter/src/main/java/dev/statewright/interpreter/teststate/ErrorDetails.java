package dev.statewright.interpreter.teststate;

/**
 * Which Retrier or Catcher handled a failure; null fields are absent.
 *
 * @param retryBackoffIntervalSeconds how long the retrier would wait before the next attempt
 */
public record ErrorDetails(Integer catchIndex, Integer retryIndex, Long retryBackoffIntervalSeconds) {
}
