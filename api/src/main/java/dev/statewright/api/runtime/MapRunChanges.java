package dev.statewright.api.runtime;

import dev.statewright.api.store.MapRunRecord;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.MapRunListener;
import dev.statewright.interpreter.engine.MapRunProgress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Distributed Map runs of one execution that changed during a turn: each goes into the turn's
 * batch once, as it is at the turn's end, however many items started or ended meanwhile. So a Map
 * over 100,000 items writes one small record per turn, beside the history, never a count read back
 * from the history. While a replay rebuilds the execution, changes are not collected: the store
 * already holds the runs as the replayed turns left them.
 */
final class MapRunChanges implements MapRunListener {
    private final Map<String, Supplier<MapRunProgress>> changed = new LinkedHashMap<>();
    private boolean replaying;

    @Override
    public void changed(String mapRunArn, Supplier<MapRunProgress> progress) {
        if (!replaying) {
            changed.put(mapRunArn, progress);
        }
    }

    void replaying(boolean now) {
        replaying = now;
    }

    /** Puts every run that changed since the last call into {@code batch}, as it is now. */
    void writeTo(WriteBatch batch) {
        if (changed.isEmpty()) {
            return;
        }
        for (Supplier<MapRunProgress> progress : changed.values()) {
            batch.put(record(progress.get()));
        }
        changed.clear();
    }

    /** Forgets what changed (a turn that failed is not stored). */
    void clear() {
        changed.clear();
    }

    static MapRunRecord record(MapRunProgress run) {
        MapRunProgress.Counts c = run.counts();
        return new MapRunRecord(run.mapRunArn(), run.executionArn(), run.status(), run.startDate(), run.stopDate(),
                run.maxConcurrency(), run.toleratedFailureCount(), run.toleratedFailurePercentage(),
                new MapRunRecord.Counts(c.pending(), c.running(), c.succeeded(), c.failed(), c.aborted(), c.total()),
                null);
    }
}
