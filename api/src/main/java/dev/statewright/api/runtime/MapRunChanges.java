package dev.statewright.api.runtime;

import dev.statewright.api.store.MapRunChildRecord;
import dev.statewright.api.store.MapRunRecord;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.MapRunChild;
import dev.statewright.interpreter.engine.MapRunListener;
import dev.statewright.interpreter.engine.MapRunProgress;
import dev.statewright.interpreter.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Distributed Map runs of one execution that changed during a turn: each goes into the turn's
 * batch once, as it is at the turn's end, however many items started or ended meanwhile. So a Map
 * over 100,000 items writes one small record per turn, beside the history, never a count read back
 * from the history. So too the runs' child executions: each that started or ended in the turn is
 * written once, as it last was (one that started and ended in the turn, ended). While a replay
 * rebuilds the execution, changes are not collected: the store already holds the runs and their
 * children as the replayed turns left them.
 */
final class MapRunChanges implements MapRunListener {
    private final Map<String, Supplier<MapRunProgress>> changed = new LinkedHashMap<>();
    private final Map<String, MapRunChild> changedChildren = new LinkedHashMap<>();
    private boolean replaying;

    @Override
    public void changed(String mapRunArn, Supplier<MapRunProgress> progress) {
        if (!replaying) {
            changed.put(mapRunArn, progress);
        }
    }

    @Override
    public void childChanged(MapRunChild child) {
        if (!replaying) {
            changedChildren.put(child.executionArn(), child);
        }
    }

    void replaying(boolean now) {
        replaying = now;
    }

    /** Puts every run that changed since the last call into {@code batch}, as it is now. */
    void writeTo(WriteBatch batch) {
        for (Supplier<MapRunProgress> progress : changed.values()) {
            batch.put(record(progress.get()));
        }
        changed.clear();
        for (MapRunChild child : changedChildren.values()) {
            batch.put(record(child));
        }
        changedChildren.clear();
    }

    /** Forgets what changed (a turn that failed is not stored). */
    void clear() {
        changed.clear();
        changedChildren.clear();
    }

    static MapRunChildRecord record(MapRunChild child) {
        return new MapRunChildRecord(child.executionArn(), child.name(), child.mapRunArn(), child.stateMachineArn(),
                child.index(), child.redriveCount(), child.status(), child.startDate(), child.stopDate(),
                child.input() == null ? null : Json.write(child.input()),
                child.output() == null ? null : Json.write(child.output()), child.error(), child.cause());
    }

    static MapRunRecord record(MapRunProgress run) {
        MapRunProgress.Counts c = run.counts();
        return new MapRunRecord(run.mapRunArn(), run.executionArn(), run.status(), run.startDate(), run.stopDate(),
                run.maxConcurrency(), run.toleratedFailureCount(), run.toleratedFailurePercentage(),
                new MapRunRecord.Counts(c.pending(), c.running(), c.succeeded(), c.failed(), c.aborted(), c.total()),
                null);
    }
}
