package dev.statewright.api.runtime;

import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.Store;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An execution's journal read from the store a page at a time as its replay goes, so a long
 * journal (thousands of task outcomes) is never in memory whole.
 */
final class JournalReader {
    private static final int PAGE = 256;

    private final Store store;
    private final String executionArn;
    private long read;

    JournalReader(Store store, String executionArn) {
        this.store = store;
        this.executionArn = executionArn;
    }

    /** The journal's inputs at their journaled times, in order. */
    Iterator<ServiceExecutionLoop.TimedInput> timedInputs() {
        return new Iterator<>() {
            private List<JournalEntry> page = List.of();
            private int next;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                page = store.journal(executionArn, read, PAGE);
                next = 0;
                exhausted = page.size() < PAGE;
                return !page.isEmpty();
            }

            @Override
            public ServiceExecutionLoop.TimedInput next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                JournalEntry entry = page.get(next++);
                read = entry.sequence() + 1;
                return new ServiceExecutionLoop.TimedInput(LoopInput.fromJson(entry.json()),
                        Instant.ofEpochSecond(Math.floorDiv(entry.timeNanos(), 1_000_000_000L),
                                Math.floorMod(entry.timeNanos(), 1_000_000_000L)));
            }
        };
    }

    /** How many entries the journal held, once the replay has read them all: the next entry's sequence. */
    long read() {
        return read;
    }
}
