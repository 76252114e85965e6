package dev.statewright.api.store;

/**
 * How an execution was started, beyond its machine and input: the version it runs when it was
 * started through a version or an alias ARN (else null), the alias (else null), and the X-Ray
 * trace header the caller passed (else null).
 */
public record StartDetails(String stateMachineVersionArn, String stateMachineAliasArn, String traceHeader) {
    public static final StartDetails NONE = new StartDetails(null, null, null);
}
