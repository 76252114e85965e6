package dev.statewright.api.store;

/**
 * A message waiting to leave the service (an execution's status change for the event sinks),
 * written in the same batch as the change it tells of, so it exists exactly when the change is
 * durable. It stays until its sender removes it: one still here after a restart is sent again.
 *
 * @param key  orders the entries: an execution's entries sort in the order they were written
 *             ({@link #key(String, long)})
 * @param json the message, final when written (a resend sends the same bytes)
 */
public record OutboxEntry(String key, String json) {

    /** The key of an execution's entry for its event {@code eventId}: the ARN, then the id, zero-padded. */
    public static String key(String executionArn, long eventId) {
        return executionArn + IndexLayout.KEY_SEPARATOR + String.format("%019d", eventId);
    }

    /** The execution an entry belongs to (its key's first part). */
    public String executionArn() {
        return key.substring(0, key.indexOf(IndexLayout.KEY_SEPARATOR));
    }

    /** The event id an entry's key names (its second part). */
    public long eventId() {
        return eventIdOf(key);
    }

    /** The execution a key names. */
    public static String executionArnOf(String key) {
        return key.substring(0, key.indexOf(IndexLayout.KEY_SEPARATOR));
    }

    /** The event id a key names. */
    public static long eventIdOf(String key) {
        return Long.parseLong(key.substring(key.indexOf(IndexLayout.KEY_SEPARATOR) + 1));
    }
}
