package dev.statewright.bench;

/** The most memory a process used during a timed run; NaN where it cannot be known (the peer's heap). */
public record MemoryPeaks(double heapMiB, double rssMiB) {
}
