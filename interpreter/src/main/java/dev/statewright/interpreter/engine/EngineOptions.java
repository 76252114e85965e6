package dev.statewright.interpreter.engine;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Settings of an engine.
 *
 * @param region            the AWS region named in ARNs
 * @param account           the AWS account id named in ARNs
 * @param payloadLimitBytes the largest state output allowed (AWS: 256 KiB)
 * @param maxHistoryEvents  the most events an execution may record (AWS: 25,000); a runaway
 *                          execution fails when it reaches them
 * @param randomSource      randomness for States.MathRandom, States.UUID and retry jitter; tests
 *                          pass a seeded one
 */
public record EngineOptions(String region, String account, int payloadLimitBytes, int maxHistoryEvents,
                            Supplier<RandomGenerator> randomSource) {
    public static final int AWS_PAYLOAD_LIMIT_BYTES = 256 * 1024;
    public static final int AWS_MAX_HISTORY_EVENTS = 25_000;

    public static EngineOptions defaults() {
        return new EngineOptions("us-east-1", "123456789012", AWS_PAYLOAD_LIMIT_BYTES, AWS_MAX_HISTORY_EVENTS,
                SplittableRandom::new);
    }

    public EngineOptions withRandomSource(Supplier<RandomGenerator> source) {
        return new EngineOptions(region, account, payloadLimitBytes, maxHistoryEvents, source);
    }

    public EngineOptions withAccount(String newRegion, String newAccount) {
        return new EngineOptions(newRegion, newAccount, payloadLimitBytes, maxHistoryEvents, randomSource);
    }

    public EngineOptions withMaxHistoryEvents(int max) {
        return new EngineOptions(region, account, payloadLimitBytes, max, randomSource);
    }
}
