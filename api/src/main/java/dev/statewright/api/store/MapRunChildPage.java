package dev.statewright.api.store;

import java.util.List;

/** A page of a Map Run's child executions, highest index first, and where the next page begins (null at the end). */
public record MapRunChildPage(List<MapRunChildRecord.Summary> children, String nextCursor) {
}
