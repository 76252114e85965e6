package dev.statewright.api.http;

import dev.statewright.api.service.ServiceException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.URI;

/**
 * Keeps other web sites out of every part of the service: the AWS protocol, the REST API and the
 * console. A page the user happens to visit could otherwise start executions with a plain form
 * post (cross-site request forgery), or, by pointing a name of its own at 127.0.0.1 (DNS
 * rebinding), read every input and output, create state machines and, through the HTTP Task,
 * make the service fetch any URL. So a request is refused when its Host is a name that may not
 * be this machine's ({@link HostNames}), and when its browser says it comes from another site.
 * Tools such as curl and the AWS SDKs send no Origin nor Sec-Fetch-Site and are not affected.
 */
final class BrowserGuard implements HttpHandler {
    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");
    private static final HttpString ORIGIN = new HttpString("Origin");

    private final HostNames hostNames;
    private final HttpHandler next;

    BrowserGuard(HostNames hostNames, HttpHandler next) {
        this.hostNames = hostNames;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String refusal = refusal(exchange);
        if (refusal == null) {
            next.handleRequest(exchange);
        } else if (AwsJsonHandler.isAwsRequest(exchange)) {
            Exchanges.sendError(exchange, AwsJsonHandler.CONTENT_TYPE, new ServiceException("AccessDeniedException", refusal, 403));
        } else {
            Exchanges.sendError(exchange, "application/json", new ServiceException("Forbidden", refusal, 403));
        }
    }

    /** Null when the request may go on, else why it is refused and what to do instead. */
    private String refusal(HttpServerExchange exchange) {
        String host = HostNames.nameOf(exchange.getRequestHeaders().getFirst(Headers.HOST));
        if (host != null && !hostNames.accepts(host)) {
            return "Requests for the host name '" + host + "' are refused: a web page could reach this service under a"
                    + " name of its own (DNS rebinding). Use 127.0.0.1, localhost or the address given to --host, or start"
                    + " the service with --allowed-host " + host + " to accept this name";
        }
        String site = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            return crossSite("Sec-Fetch-Site: " + site);
        }
        String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
        if ("null".equals(origin)) {
            return "Requests with 'Origin: null' (from a sandboxed page, a local file or a redirect) are refused: call the"
                    + " service from a tool, an SDK or its own web console";
        }
        if (origin != null && !sameHostAndPort(origin, exchange)) {
            return crossSite("Origin: " + origin);
        }
        return null;
    }

    private static String crossSite(String header) {
        return "Requests from other web sites are refused (" + header + "): call the service from a tool, an SDK or its"
                + " own web console";
    }

    private static boolean sameHostAndPort(String origin, HttpServerExchange exchange) {
        try {
            URI uri = URI.create(origin);
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
