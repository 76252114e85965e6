package dev.statewright.cli;

import dev.statewright.api.ObservabilityConfig;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where execution logs go and where status-change events are sent ({@code serve}). */
final class ObservabilityOptions {
    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Write execution logs (for machines whose loggingConfiguration is not OFF) to one file per"
                    + " log group in DIR, as JSON lines in CloudWatch Logs' shape; without it they go to standard output.")
    Path logDirectory;

    @Option(names = "--events-webhook", paramLabel = "URL",
            description = "POST every execution status change (EventBridge's 'Step Functions Execution Status Change'"
                    + " event) to URL, at least once, retried until a 2xx answer (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--events-amqp", paramLabel = "URI",
            description = "Publish every status change to an AMQP 0-9-1 broker such as RabbitMQ"
                    + " (amqp://user:password@host:5672/vhost), with publisher confirms.")
    String amqp;

    @Option(names = "--events-amqp-exchange", paramLabel = "NAME",
            description = "The exchange events are published to; it must exist (default: the default exchange).")
    String amqpExchange = "";

    @Option(names = "--events-amqp-routing-key", paramLabel = "KEY",
            description = "The routing key of every event (default: ${DEFAULT-VALUE}).")
    String amqpRoutingKey = "statewright.execution-status";

    @Option(names = "--events-eventbridge", paramLabel = "BUS",
            description = "Send every status change to event bus BUS through events:PutEvents, at the endpoint the"
                    + " integrations use for eventbridge (--endpoint eventbridge=URL or EVENTBRIDGE_ENDPOINT).")
    String eventBridge;

    /** The options as the service's configuration; IllegalArgumentException for a URL or URI that is none. */
    ObservabilityConfig resolve() {
        List<URI> urls = new ArrayList<>();
        for (String webhook : webhooks) {
            URI url = URI.create(webhook.trim());
            if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
                throw new IllegalArgumentException("--events-webhook takes an http(s) URL, not '" + webhook + "'");
            }
            urls.add(url);
        }
        ObservabilityConfig config = ObservabilityConfig.NONE.withLogDirectory(logDirectory).withWebhooks(urls)
                .withEventBridge(eventBridge);
        if (amqp != null) {
            URI uri = URI.create(amqp.trim());
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("--events-amqp takes an amqp:// or amqps:// URI, not '" + amqp + "'");
            }
            config = config.withAmqp(new ObservabilityConfig.Amqp(uri, amqpExchange, amqpRoutingKey));
        }
        return config;
    }
}
