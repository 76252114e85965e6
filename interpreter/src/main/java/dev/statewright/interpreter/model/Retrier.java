package dev.statewright.interpreter.model;

import java.util.List;

/** One Retry rule. Defaults as AWS: interval 1 s, 3 attempts, backoff 2.0, no cap, no jitter. */
public record Retrier(
        List<String> errorEquals,
        int intervalSeconds,
        int maxAttempts,
        double backoffRate,
        Integer maxDelaySeconds,
        JitterStrategy jitterStrategy) {

    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }

    public enum JitterStrategy { NONE, FULL }
}
