package dev.statewright.api.store;

import dev.statewright.interpreter.model.StateMachineType;

import java.time.Instant;
import java.util.Map;

/**
 * A state machine as stored: its current definition and settings. Immutable; an update stores a
 * new record with a new revision id.
 */
public record StateMachineRecord(String arn, String name, StateMachineType type, String definition, String roleArn,
                                 Instant creationDate, Instant updateDate, String revisionId,
                                 Map<String, String> tags) {
    public StateMachineRecord {
        tags = Map.copyOf(tags);
    }

    public StateMachineRecord withTags(Map<String, String> newTags) {
        return new StateMachineRecord(arn, name, type, definition, roleArn, creationDate, updateDate, revisionId, newTags);
    }
}
