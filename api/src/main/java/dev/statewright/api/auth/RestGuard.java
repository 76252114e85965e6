package dev.statewright.api.auth;

import dev.statewright.api.service.ServiceException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Lets through to the REST API (and so to the console's data) only a caller with a known key:
 * {@code Authorization: Bearer ACCESS_KEY_ID:SECRET_ACCESS_KEY} (tools, curl), or the session
 * cookie the login gives a browser ({@link SessionCookies}). Anything else is a 401.
 */
public final class RestGuard implements HttpHandler {
    private static final String BEARER = "Bearer ";

    private final AccessKeys keys;
    private final SessionCookies sessions;
    private final SignatureGuard.Refusal refusal;
    private final HttpHandler next;

    public RestGuard(AccessKeys keys, SessionCookies sessions, SignatureGuard.Refusal refusal, HttpHandler next) {
        this.keys = keys;
        this.sessions = sessions;
        this.refusal = refusal;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization != null) {
            if (bearer(authorization).isPresent()) {
                next.handleRequest(exchange);
            } else {
                refuse(exchange, "The Authorization header is not 'Bearer ACCESS_KEY_ID:SECRET_ACCESS_KEY' with a key of the"
                        + " service's credentials file");
            }
            return;
        }
        Cookie cookie = exchange.getRequestCookie(SessionCookies.NAME);
        if (cookie != null && sessions.verify(cookie.getValue()).isPresent()) {
            next.handleRequest(exchange);
            return;
        }
        refuse(exchange, cookie != null ? "The session has expired or its key is no longer known: log in again"
                : "Authentication is required: send 'Authorization: Bearer ACCESS_KEY_ID:SECRET_ACCESS_KEY', or log in to"
                        + " the web console");
    }

    /** The key a bearer token names, when its secret is right. */
    private Optional<AccessKey> bearer(String authorization) {
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        int colon = token.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return verify(keys, token.substring(0, colon), token.substring(colon + 1));
    }

    /** The key with this id, when {@code secret} is its secret (compared in constant time). */
    static Optional<AccessKey> verify(AccessKeys keys, String id, String secret) {
        return keys.find(id).filter(key -> MessageDigest.isEqual(key.secret().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8)));
    }

    private void refuse(HttpServerExchange exchange, String message) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"statewright\"");
        refusal.send(exchange, new ServiceException("UnauthorizedException", message, 401));
    }
}
