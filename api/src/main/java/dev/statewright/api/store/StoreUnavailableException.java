package dev.statewright.api.store;

/**
 * The store cannot take writes or answer reads for now (a full disk, an I/O error, its index being
 * rebuilt after one). Nothing acknowledged is lost; the request that meets this was not carried out
 * and may be sent again once the cause is gone: the store recovers by itself.
 */
public final class StoreUnavailableException extends IllegalStateException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
