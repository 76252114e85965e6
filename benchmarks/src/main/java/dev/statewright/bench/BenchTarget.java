package dev.statewright.bench;

/**
 * What a mode times: an engine or a service that runs machines. Memory peaks are those of the
 * process that runs the executions.
 */
public interface BenchTarget extends AutoCloseable {
    String mode();

    /** Makes the machine ready to run (a service creates it) and gives a driver for its executions. */
    ExecutionDriver prepare(BenchMachine machine) throws Exception;

    /** Starts counting peaks afresh; by default those of this JVM, which runs the executions. */
    default void resetPeaks() throws Exception {
        ProcessMemory.resetPeaks();
    }

    default MemoryPeaks peaks() throws Exception {
        return ProcessMemory.peaks();
    }

    /** What else the last timed run showed, in words (empty: nothing). */
    default String remarks() {
        return "";
    }

    @Override
    void close() throws Exception;
}
