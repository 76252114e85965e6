package dev.statewright.bench;

/**
 * One timed run: a machine in a mode with some clients, for some seconds.
 *
 * @param statesPerExecution states entered by one execution (Map iterations and Parallel branches included)
 */
public record Measurement(String machine, String mode, int clients, long executions, double seconds,
                          int statesPerExecution, double p50Ms, double p99Ms, MemoryPeaks memory) {

    public double executionsPerSecond() {
        return executions / seconds;
    }

    public double statesPerSecond() {
        return executionsPerSecond() * statesPerExecution;
    }
}
