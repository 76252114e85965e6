package dev.statewright.api.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** POSTs each event as JSON to a URL; any 2xx answer is delivery, anything else is retried. */
final class WebhookSink implements EventSink {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    WebhookSink(URI url) {
        this.url = url;
    }

    @Override
    public String name() {
        return "webhook " + url;
    }

    @Override
    public CompletionStage<Void> send(String eventId, String eventJson) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Statewright-Event-Id", eventId)
                .POST(HttpRequest.BodyPublishers.ofString(eventJson)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenCompose(response ->
                response.statusCode() / 100 == 2 ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(new IllegalStateException(url + " answered " + response.statusCode())));
    }
}
