package dev.statewright.api.properties;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Sends calls to a service as raw HTTP/1.1 with the JDK's client (which sends the service's own
 * Host, 127.0.0.1:port). An answer that does not come within the limit, or a connection the
 * service drops without answering, fails the property: both are what "never a hang, always an
 * answer" rules out.
 */
final class Wire {
    /** SendTask* waits up to 2 s for a task to take a well-formed token it does not know yet; anything else answers at once. */
    static final Duration LIMIT = Duration.ofSeconds(8);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Wire(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer send(HttpCall call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + call.pathAndQuery())).timeout(LIMIT)
                .method(call.method(), call.body().length == 0 && !"POST".equals(call.method())
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(request::header);
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null), response.body(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (HttpTimeoutException e) {
            throw new AssertionError("No answer within " + LIMIT.toSeconds() + " s to " + call);
        } catch (IOException e) {
            throw new AssertionError("The connection failed without an answer (" + e + ") to " + call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for an answer to " + call, e);
        }
    }
}
