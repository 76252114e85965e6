package dev.statewright.interpreter.engine;

import java.util.function.Supplier;

/**
 * Hears, on the execution's loop, that a Distributed Map's run changed: it started, an item
 * started or ended, its settings changed, it ended. It is told often (once per item that starts
 * or ends), so it is handed a way to take a snapshot rather than one: a listener that stores the
 * run once per batch takes it once, when the batch is written.
 */
@FunctionalInterface
public interface MapRunListener {
    MapRunListener NONE = (mapRunArn, progress) -> {
    };

    void changed(String mapRunArn, Supplier<MapRunProgress> progress);

    /** A child execution of the run started or ended (one that starts and ends in one turn is told twice). */
    default void childChanged(MapRunChild child) {
    }
}
