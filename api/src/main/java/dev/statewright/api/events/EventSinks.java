package dev.statewright.api.events;

import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;

import java.net.URI;

/** The kinds of sink, made from the service's configuration. */
public final class EventSinks {
    private EventSinks() {
    }

    public static EventSink webhook(URI url) {
        return new WebhookSink(url);
    }

    public static EventSink amqp(URI uri, String exchange, String routingKey) {
        return new AmqpSink(uri, exchange, routingKey);
    }

    public static EventSink eventBridge(AwsSdkTaskHandler sdk, String eventBus) {
        return new EventBridgeSink(sdk, eventBus);
    }
}
