package dev.statewright.api.store;

import java.nio.charset.StandardCharsets;

/**
 * One change to the store's index: a key of one of its maps set to a value (UTF-8 text), or
 * removed (value null). The write-ahead log holds these, so replaying the log rebuilds the index
 * exactly. The text is encoded once, by the thread that hands the batch in, and the same bytes go
 * to the log and to the index (or, for a chunk of events or journal entries, only to the log).
 */
record IndexChange(IndexMap map, String key, byte[] value) {

    /** The maps of the index; the ordinal is the map's number in the log, so never reorder them. */
    enum IndexMap {
        STATE_MACHINES, EXECUTIONS, EVENTS, JOURNAL, ACTIVITIES, DEFINITIONS, ALIASES, MAP_RUNS, MAP_RUN_CHILDREN, OUTBOX
    }

    static IndexChange put(IndexMap map, String key, String value) {
        return new IndexChange(map, key, value.getBytes(StandardCharsets.UTF_8));
    }

    static IndexChange put(IndexMap map, String key, byte[] utf8) {
        return new IndexChange(map, key, utf8);
    }

    static IndexChange remove(IndexMap map, String key) {
        return new IndexChange(map, key, null);
    }
}
