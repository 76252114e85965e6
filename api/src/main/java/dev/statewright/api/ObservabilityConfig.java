package dev.statewright.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What the service tells the outside world besides its API: execution logs (per state machine,
 * by its loggingConfiguration) and status-change events.
 *
 * @param logDirectory where each log group's file goes; null writes execution logs to standard output
 * @param webhooks     URLs each status-change event is POSTed to
 * @param amqp         the AMQP 0-9-1 broker events are published to, or null
 * @param eventBridge  an event bus to send events to through events:PutEvents (at the endpoint the
 *                     integrations use for eventbridge), or null
 */
public record ObservabilityConfig(Path logDirectory, List<URI> webhooks, Amqp amqp, String eventBridge) {
    public static final ObservabilityConfig NONE = new ObservabilityConfig(null, List.of(), null, null);

    public ObservabilityConfig {
        webhooks = List.copyOf(webhooks);
    }

    /**
     * @param uri        {@code amqp://user:password@host:port/vhost}
     * @param exchange   the exchange events are published to ("" for the default exchange)
     * @param routingKey the routing key of every event
     */
    public record Amqp(URI uri, String exchange, String routingKey) {
    }

    /** Whether any status-change sink is set: only then does the outbox keep events. */
    public boolean sendsEvents() {
        return !webhooks.isEmpty() || amqp != null || eventBridge != null;
    }

    public ObservabilityConfig withLogDirectory(Path directory) {
        return new ObservabilityConfig(directory, webhooks, amqp, eventBridge);
    }

    public ObservabilityConfig withWebhooks(List<URI> urls) {
        return new ObservabilityConfig(logDirectory, urls, amqp, eventBridge);
    }

    public ObservabilityConfig withAmqp(Amqp broker) {
        return new ObservabilityConfig(logDirectory, webhooks, broker, eventBridge);
    }

    public ObservabilityConfig withEventBridge(String eventBusName) {
        return new ObservabilityConfig(logDirectory, webhooks, amqp, eventBusName);
    }
}
