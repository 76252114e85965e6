package dev.statewright.api;

/**
 * The service could not start. Its message names the step that failed and what it worked on (the
 * data directory, the address to listen on); the cause says why.
 */
public final class ServiceStartException extends RuntimeException {
    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
