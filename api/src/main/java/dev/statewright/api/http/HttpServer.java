package dev.statewright.api.http;

import dev.statewright.api.console.ConsoleAssets;
import dev.statewright.api.integrations.CallbackRegistry;
import dev.statewright.api.service.Activities;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.interpreter.teststate.StateTester;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The service's HTTP front: AWS's JSON protocol on {@code POST /} (recognised by its
 * X-Amz-Target header), the REST API beside it, and the web console for browsers ({@code GET /}
 * asking for HTML, {@code /console/...}), on one Undertow listener.
 */
public final class HttpServer implements AutoCloseable {
    private final Undertow undertow;

    /**
     * @param allowedHosts Host names accepted besides this machine's own and IP addresses
     *                     ({@link HostNames}); {@code "*"} accepts any
     */
    public HttpServer(StepFunctions service, Activities activities, CallbackRegistry callbacks, StateTester tester,
                      String host, int port, List<String> allowedHosts) {
        AwsJsonHandler aws = new AwsJsonHandler(new AwsOperations(service, activities, callbacks, tester));
        RoutingHandler rest = new RestHandlers(service, callbacks).routes();
        ConsoleAssets console = new ConsoleAssets();
        HttpHandler routes = exchange -> {
            boolean get = exchange.getRequestMethod().equals(Methods.GET);
            if (AwsJsonHandler.isAwsRequest(exchange)) {
                aws.handleRequest(exchange);
            } else if (get && (exchange.getRequestPath().startsWith(ConsoleAssets.PREFIX)
                    || "/".equals(exchange.getRequestPath()) && ConsoleAssets.wantsPage(exchange))) {
                console.handleRequest(exchange); // the web console, for browsers
            } else if ("/".equals(exchange.getRequestPath()) && get) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send("Statewright is running. AWS Step Functions API: POST / with"
                        + " X-Amz-Target; REST API: /state-machines, /executions/{id}, /validate; web console: open this address"
                        + " in a browser\n");
            } else {
                rest.handleRequest(exchange);
            }
        };
        // Every request passes the guard first, the AWS protocol's included.
        HttpHandler root = new BrowserGuard(new HostNames(host, allowedHosts), routes);
        this.undertow = Undertow.builder().addHttpListener(port, host).setHandler(root)
                // Undertow's default (2 MiB) would refuse a body before any handler sees it, with a bare
                // 400; bodies up to this are read, and Exchanges answers those over 1 MiB with AWS's error.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Exchanges.MAX_DRAINED_BYTES)
                .build();
    }

    public void start() {
        undertow.start();
    }

    /** The port actually bound (useful when asked for port 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
