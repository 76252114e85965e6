package dev.statewright.api.store;

import dev.statewright.interpreter.model.StateMachineType;

import java.time.Instant;
import java.util.Map;

/**
 * A state machine as stored, or one of its published versions. The machine itself ({@code version}
 * 0, an unqualified ARN) holds its current definition and settings and the highest version number
 * it has published ({@code lastVersion}, never reused, as AWS never reuses one); a version
 * ({@code version} N, ARN {@code ...:stateMachine:name:N}) is an immutable copy of the machine as it
 * was published, with its description. Immutable: an update stores a new record with a new
 * revision id.
 */
public record StateMachineRecord(String arn, String name, StateMachineType type, String definition, String roleArn,
                                 Instant creationDate, Instant updateDate, String revisionId,
                                 Map<String, String> tags, MachineSettings settings, int version, int lastVersion,
                                 String description) {
    public StateMachineRecord {
        tags = Map.copyOf(tags);
        settings = settings != null ? settings : MachineSettings.NONE;
    }

    /** A machine with no versions and the default settings. */
    public StateMachineRecord(String arn, String name, StateMachineType type, String definition, String roleArn,
                              Instant creationDate, Instant updateDate, String revisionId, Map<String, String> tags) {
        this(arn, name, type, definition, roleArn, creationDate, updateDate, revisionId, tags, MachineSettings.NONE, 0,
                0, null);
    }

    public boolean isVersion() {
        return version > 0;
    }

    /** The ARN of the machine itself: a version's without its number. */
    public String machineArn() {
        return isVersion() ? arn.substring(0, arn.lastIndexOf(':')) : arn;
    }

    public StateMachineRecord withTags(Map<String, String> newTags) {
        return new StateMachineRecord(arn, name, type, definition, roleArn, creationDate, updateDate, revisionId, newTags,
                settings, version, lastVersion, description);
    }

    /** The machine after a version was published from it. */
    public StateMachineRecord withLastVersion(int number) {
        return new StateMachineRecord(arn, name, type, definition, roleArn, creationDate, updateDate, revisionId, tags,
                settings, version, number, description);
    }

    /** Version {@code number} of this machine as it is now: a copy under the qualified ARN, without tags. */
    public StateMachineRecord asVersion(int number, Instant published, String versionDescription) {
        return new StateMachineRecord(arn + ":" + number, name, type, definition, roleArn, published, published,
                revisionId, Map.of(), settings, number, 0, versionDescription);
    }
}
