package dev.statewright.api.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one label may take, capped: the first {@code max} distinct values are kept as they
 * are and every later one is reported as {@value #OTHER}, so a service that runs thousands of
 * state machines (or calls thousands of Lambda ARNs) cannot grow the metrics without bound.
 */
final class BoundedLabel {
    static final String OTHER = "other";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    BoundedLabel(int max) {
        this.max = max;
    }

    String of(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        if (kept.contains(value)) {
            return value;
        }
        synchronized (this) {
            if (kept.size() < max) {
                kept.add(value);
                return value;
            }
        }
        return OTHER;
    }
}
