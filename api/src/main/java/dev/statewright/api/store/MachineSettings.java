package dev.statewright.api.store;

/**
 * The settings of a state machine that AWS keeps beside its definition, each as the JSON text of
 * AWS's structure ({@code loggingConfiguration}, {@code tracingConfiguration},
 * {@code encryptionConfiguration}), or null when it was never set and AWS's default applies.
 */
public record MachineSettings(String loggingConfiguration, String tracingConfiguration,
                              String encryptionConfiguration) {
    public static final MachineSettings NONE = new MachineSettings(null, null, null);

    /** These settings with each one given (non-null) replacing the one held. */
    public MachineSettings updatedWith(MachineSettings given) {
        return new MachineSettings(
                given.loggingConfiguration != null ? given.loggingConfiguration : loggingConfiguration,
                given.tracingConfiguration != null ? given.tracingConfiguration : tracingConfiguration,
                given.encryptionConfiguration != null ? given.encryptionConfiguration : encryptionConfiguration);
    }
}
