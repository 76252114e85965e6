package dev.statewright.interpreter;

/**
 * A task that missed its heartbeat. AWS records it as States.Timeout (its recordings show that
 * name), yet a Retry or Catch may single it out with States.HeartbeatTimeout, which matches
 * nothing else.
 */
public final class HeartbeatTimeout extends StatesException {
    public HeartbeatTimeout() {
        super(StatesErrors.TIMEOUT, null);
    }
}
