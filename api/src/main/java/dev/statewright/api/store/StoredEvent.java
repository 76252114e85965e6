package dev.statewright.api.store;

/** One history event as stored: its id within the execution and its JSON text. */
public record StoredEvent(long id, String json) {
}
