package dev.statewright.api.http;

import dev.statewright.api.service.ServiceException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.net.URI;
import java.util.Locale;

/**
 * Keeps other web sites out of the REST API and the console. A page the user happens to visit
 * could otherwise start or stop executions with a plain form post (cross-site request forgery),
 * or, by pointing its own name at 127.0.0.1 (DNS rebinding), read every input and output. So a
 * request is refused when its browser says it comes from another site, and when it names a
 * host that is neither this machine nor the address the service was started on (unless it
 * listens on every interface, which says it is meant to be reached by any name). Tools such as
 * curl send neither header and are not affected; AWS's protocol needs a custom header, which a
 * cross-site page cannot send, and is not guarded here.
 */
final class BrowserGuard {
    private static final HttpString SEC_FETCH_SITE = new HttpString("Sec-Fetch-Site");
    private static final HttpString ORIGIN = new HttpString("Origin");

    private final String configuredHost;

    BrowserGuard(String configuredHost) {
        this.configuredHost = configuredHost.toLowerCase(Locale.ROOT);
    }

    /** Null when the request may go on, else the refusal to send. */
    ServiceException refusal(HttpServerExchange exchange) {
        String host = hostName(exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.HOST));
        if (host != null && !isThisMachine(host)) {
            return new ServiceException("Forbidden", "Requests for the host '" + host + "' are refused: open the service"
                    + " at the address it listens on (127.0.0.1, localhost or --host)", 403);
        }
        String site = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if (site != null && (site.equals("cross-site") || site.equals("same-site"))) {
            return crossSite();
        }
        String origin = exchange.getRequestHeaders().getFirst(ORIGIN);
        if (origin != null && !origin.equals("null") && !sameHostAndPort(origin, exchange)) {
            return crossSite();
        }
        return null;
    }

    private boolean isThisMachine(String host) {
        if (configuredHost.equals("0.0.0.0") || configuredHost.equals("::") || configuredHost.equals("[::]")) {
            return true; // started to be reached from anywhere, by whatever name
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.equals(configuredHost)
                || host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }

    private static boolean sameHostAndPort(String origin, HttpServerExchange exchange) {
        try {
            URI uri = URI.create(origin);
            String host = exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.HOST);
            return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ServiceException crossSite() {
        return new ServiceException("Forbidden", "Requests from other web sites are refused", 403);
    }

    /** The host of a Host header, without its port; null when there is none. */
    private static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 ? host.substring(0, colon) : host;
    }
}
