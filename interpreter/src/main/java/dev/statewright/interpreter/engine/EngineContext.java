package dev.statewright.interpreter.engine;

import java.util.random.RandomGenerator;

/** What every execution of one engine shares: its data flow, task handlers, randomness and limits. */
record EngineContext(
        DataFlowProcessor dataFlow,
        TaskHandlers taskHandlers,
        RandomGenerator random,
        int payloadLimitBytes,
        int maxHistoryEvents,
        String region) {
}
