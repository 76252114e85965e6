package dev.statewright.api.store;

import java.util.List;

/** A page of an execution's Map Runs, newest first, and where the next page begins (null at the end). */
public record MapRunPage(List<MapRunRecord> mapRuns, String nextCursor) {
}
