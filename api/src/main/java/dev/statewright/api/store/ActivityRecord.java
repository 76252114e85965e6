package dev.statewright.api.store;

import java.time.Instant;
import java.util.Map;

/**
 * An activity: a named queue of tasks that workers take with GetActivityTask. Its
 * {@code encryptionConfiguration} is the JSON text CreateActivity was given, or null when none was.
 */
public record ActivityRecord(String arn, String name, Instant creationDate, Map<String, String> tags,
                             String encryptionConfiguration) {
    public ActivityRecord {
        tags = Map.copyOf(tags);
    }

    /** An activity created without an encryption configuration (AWS's default key applies). */
    public ActivityRecord(String arn, String name, Instant creationDate, Map<String, String> tags) {
        this(arn, name, creationDate, tags, null);
    }
}
