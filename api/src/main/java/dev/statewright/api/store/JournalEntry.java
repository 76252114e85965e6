package dev.statewright.api.store;

/**
 * One input an execution's loop took in, in order: the start, a timer that fired, a task's
 * outcome, a heartbeat, a stop. Replaying the inputs in order, at their times, through the same
 * deterministic engine rebuilds the execution exactly, history events included.
 *
 * @param sequence  the input's position in the execution's journal, from 0
 * @param timeNanos the loop's clock when the input was taken, in nanoseconds since the epoch
 * @param json      the input itself, as JSON text (kind and fields)
 */
public record JournalEntry(long sequence, long timeNanos, String json) {
}
