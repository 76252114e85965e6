package dev.statewright.api.metrics;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;

/** {@code GET /metrics}: the service's metrics in the Prometheus text format. */
public final class MetricsHandler implements HttpHandler {
    public static final String PATH = "/metrics";

    private final ServiceMetrics metrics;

    public MetricsHandler(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this); // the JVM's and the runtime's gauges are read here: off the I/O thread
            return;
        }
        byte[] body = metrics.scrape();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ServiceMetrics.CONTENT_TYPE);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
