package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.model.Retrier;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** How long to wait before a retry: IntervalSeconds times BackoffRate per earlier retry, capped, maybe jittered. */
final class RetryDelay {
    private RetryDelay() {
    }

    static Duration of(Retrier retrier, int retriesSoFar, RandomGenerator random) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), retriesSoFar);
        if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
        }
        if (retrier.jitterStrategy() == Retrier.JitterStrategy.FULL) {
            seconds = random.nextDouble() * seconds;
        }
        return Duration.ofMillis((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2.0));
    }
}
