package dev.statewright.api.store;

import java.time.Instant;
import java.util.Map;

/** An activity: a named queue of tasks that workers take with GetActivityTask. */
public record ActivityRecord(String arn, String name, Instant creationDate, Map<String, String> tags) {
    public ActivityRecord {
        tags = Map.copyOf(tags);
    }
}
