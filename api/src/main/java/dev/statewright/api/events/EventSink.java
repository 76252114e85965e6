package dev.statewright.api.events;

import java.util.concurrent.CompletionStage;

/** Where status-change events go: a webhook, an AMQP broker, an EventBridge-compatible endpoint. */
public interface EventSink extends AutoCloseable {

    /** A short name for logs and metrics ({@code webhook http://...}). */
    String name();

    /**
     * Sends one event; the stage completes once the receiver has it (a 2xx answer, a publisher
     * confirm, a PutEvents entry accepted) and fails otherwise. Must not block the caller.
     */
    CompletionStage<Void> send(String eventId, String eventJson);

    @Override
    default void close() {
    }
}
