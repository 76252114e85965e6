package dev.statewright.api.http;

import dev.statewright.api.auth.AccessKeys;
import dev.statewright.api.auth.LoginHandler;
import dev.statewright.api.auth.RestGuard;
import dev.statewright.api.auth.SessionCookies;
import dev.statewright.api.auth.SignatureGuard;
import dev.statewright.api.auth.SignatureVerifier;
import dev.statewright.api.console.ConsoleAssets;
import dev.statewright.api.integrations.CallbackRegistry;
import dev.statewright.api.service.Activities;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.interpreter.teststate.StateTester;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import org.xnio.Options;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.time.Duration;
import java.util.List;

/**
 * The service's HTTP front: AWS's JSON protocol on {@code POST /} (recognised by its
 * X-Amz-Target header), the REST API beside it, and the web console for browsers ({@code GET /}
 * asking for HTML, {@code /console/...}), on one Undertow listener.
 */
public final class HttpServer implements AutoCloseable {
    /** Undertow's own default, set here because the connection limit is shared among them. */
    private static final int IO_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private final Undertow undertow;

    /**
     * @param allowedHosts Host names accepted besides this machine's own and IP addresses
     *                     ({@link HostNames}); {@code "*"} accepts any
     * @param limits       timeouts of slow and idle connections, and how many may be open
     * @param access       who may call, or null to trust every caller
     * @param tls          the server's certificate and key for HTTPS (HTTP/2 offered too), or null for plain HTTP
     */
    public HttpServer(StepFunctions service, Activities activities, CallbackRegistry callbacks, StateTester tester,
                      String host, int port, List<String> allowedHosts, ConnectionLimits limits, Access access,
                      SSLContext tls, HttpHandler metrics) {
        HttpHandler aws = new AwsJsonHandler(new AwsOperations(service, activities, callbacks, tester));
        HttpHandler rest = new RestHandlers(service, callbacks).routes();
        HttpHandler login = null;
        if (access != null) {
            // The AWS protocol is signed (SigV4), the REST API carries a key's token or the console's session.
            SignatureGuard.Refusal awsRefusal = (exchange, error) -> Exchanges.sendError(exchange, AwsJsonHandler.CONTENT_TYPE, error);
            SignatureGuard.Refusal restRefusal = (exchange, error) -> Exchanges.sendError(exchange, "application/json", error);
            SessionCookies sessions = new SessionCookies(access.keys(), InstantSource.system());
            aws = new SignatureGuard(new SignatureVerifier(access.keys(), access.region(), InstantSource.system()),
                    Exchanges.MAX_REQUEST_BYTES, awsRefusal, aws);
            rest = new RestGuard(access.keys(), sessions, restRefusal, rest);
            login = new LoginHandler(access.keys(), sessions, restRefusal);
            if (metrics != null) {
                metrics = new RestGuard(access.keys(), sessions, restRefusal, metrics); // a scraper sends the bearer token
            }
        }
        HttpHandler scrape = metrics;
        HttpHandler signedAws = aws;
        HttpHandler guardedRest = rest;
        HttpHandler loginHandler = login;
        ConsoleAssets console = new ConsoleAssets();
        HttpHandler routes = exchange -> {
            boolean get = exchange.getRequestMethod().equals(Methods.GET);
            if (AwsJsonHandler.isAwsRequest(exchange)) {
                signedAws.handleRequest(exchange);
            } else if (get && (exchange.getRequestPath().startsWith(ConsoleAssets.PREFIX)
                    || "/".equals(exchange.getRequestPath()) && ConsoleAssets.wantsPage(exchange))) {
                console.handleRequest(exchange); // the web console's code, for browsers: it holds no data
            } else if (loginHandler != null && LoginHandler.handles(exchange)) {
                loginHandler.handleRequest(exchange);
            } else if (get && scrape != null && "/metrics".equals(exchange.getRequestPath())) {
                scrape.handleRequest(exchange); // Prometheus's scrape
            } else if ("/".equals(exchange.getRequestPath()) && get) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send("Statewright is running. AWS Step Functions API: POST / with"
                        + " X-Amz-Target; REST API: /state-machines, /executions/{id}, /validate; web console: open this address"
                        + " in a browser\n");
            } else {
                guardedRest.handleRequest(exchange);
            }
        };
        // Every request passes the guard first, the AWS protocol's included.
        HttpHandler root = new BrowserGuard(new HostNames(host, allowedHosts), routes);
        Undertow.Builder builder = Undertow.builder().setIoThreads(IO_THREADS).setHandler(root)
                // Undertow's default (2 MiB) would refuse a body before any handler sees it, with a bare
                // 400; bodies up to this are read, and Exchanges answers those over 1 MiB with AWS's error.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Exchanges.MAX_DRAINED_BYTES);
        if (tls == null) {
            builder.addHttpListener(port, host);
        } else {
            // HTTP/2 is offered through ALPN; clients that do not ask for it get HTTP/1.1.
            builder.addHttpsListener(port, host, tls).setServerOption(UndertowOptions.ENABLE_HTTP2, true);
        }
        this.undertow = withLimits(builder, limits).build();
    }

    /** Who may call: the keys of the credentials file, and the region a signature must be scoped to. */
    public record Access(AccessKeys keys, String region) {
    }

    /**
     * Undertow's parse and no-request timeouts run only while no request is being handled. The
     * idle timeout reaches HTTP/1.1 connections as XNIO's read and write timeouts, which count
     * only while Undertow waits to read or write, so a long poll whose request was read and whose
     * answer is not ready yet is not cut. XNIO shares the connection limit among the I/O threads,
     * each stopping to accept at its share, so every thread gets one at least.
     */
    private static Undertow.Builder withLimits(Undertow.Builder builder, ConnectionLimits limits) {
        int idle = millis(limits.idleTimeout());
        int connections = Math.max(limits.maxConnections(), IO_THREADS);
        return builder
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.requestParseTimeout()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.noRequestTimeout()))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, idle)
                .setSocketOption(Options.READ_TIMEOUT, idle)
                .setSocketOption(Options.WRITE_TIMEOUT, idle)
                // Equal marks: accepting resumes as soon as one connection closes.
                .setSocketOption(Options.CONNECTION_HIGH_WATER, connections)
                .setSocketOption(Options.CONNECTION_LOW_WATER, connections);
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
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
