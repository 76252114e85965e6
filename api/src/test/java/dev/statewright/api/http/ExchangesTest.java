package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.statewright.interpreter.json.Json;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request gets an answer, even when the operation's result cannot be written or the
 * operation breaks its own contract: an InternalFailure in AWS's shape, never a request left
 * hanging. Served by Undertow with handlers that answer through {@link Exchanges}, as the
 * service's do.
 */
class ExchangesTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** Deeper than Jackson writes (1,000 levels): what an execution's input nested in an answer can become. */
    private static final int TOO_DEEP = 1_100;

    private static Undertow server;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void startServer() {
        HttpHandler routes = Handlers.routing()
                .get("/unwritable", exchange -> Exchanges.answer(exchange, AwsJsonHandler.CONTENT_TYPE, 200,
                        () -> CompletableFuture.completedFuture(nested(TOO_DEEP))))
                .get("/unwritable-on-io-thread", exchange -> Exchanges.answer(exchange, AwsJsonHandler.CONTENT_TYPE, 200, true,
                        () -> CompletableFuture.completedFuture(nested(TOO_DEEP))))
                .get("/unwritable-later", exchange -> Exchanges.answer(exchange, AwsJsonHandler.CONTENT_TYPE, 200,
                        () -> CompletableFuture.supplyAsync(() -> nested(TOO_DEEP),
                                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))))
                .get("/no-future", exchange -> Exchanges.answer(exchange, AwsJsonHandler.CONTENT_TYPE, 200, () -> null))
                .get("/fine", exchange -> Exchanges.answer(exchange, AwsJsonHandler.CONTENT_TYPE, 200,
                        () -> CompletableFuture.completedFuture(Json.object().put("ok", true))));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(routes).build();
        server.start();
        base = "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static JsonNode nested(int depth) {
        JsonNode node = Json.object().put("deep", true);
        for (int i = 1; i < depth; i++) {
            ArrayNode outer = Json.NODES.arrayNode();
            outer.add(node);
            node = outer;
        }
        return node;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(PATIENCE).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException hung) {
            throw new AssertionError("no answer to " + path + " within " + PATIENCE.toSeconds() + " s", hung);
        }
    }

    private static void assertInternalFailure(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(AwsJsonHandler.CONTENT_TYPE);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("InternalFailure");
        JsonNode error = Json.parse(response.body());
        assertThat(error.path("__type").asText()).isEqualTo("InternalFailure");
        assertThat(error.path("message").asText()).contains("could not be written").doesNotContain("\tat ");
    }

    @Test
    void aResultThatCannotBeWrittenIsAnInternalFailure() throws Exception {
        assertInternalFailure(get("/unwritable"));
        assertInternalFailure(get("/unwritable-on-io-thread"));
        assertInternalFailure(get("/unwritable-later"));
        assertThat(get("/fine").statusCode()).as("the connection's next requests are answered").isEqualTo(200);
    }

    @Test
    void anOperationThatGivesNoFutureIsAnInternalFailure() throws Exception {
        HttpResponse<String> response = get("/no-future");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Json.parse(response.body()).path("__type").asText()).isEqualTo("InternalFailure");
    }
}
