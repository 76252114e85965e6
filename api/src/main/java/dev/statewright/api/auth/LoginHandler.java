package dev.statewright.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.interpreter.json.Json;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The console's login and logout: {@code POST /login} with {@code {"accessKeyId", "secretAccessKey"}}
 * sets the session cookie (HttpOnly, SameSite=Strict, and Secure over HTTPS, so no script and no
 * other site can use it); {@code POST /logout} clears it.
 */
public final class LoginHandler implements HttpHandler {
    public static final String LOGIN = "/login";
    public static final String LOGOUT = "/logout";
    private static final int MAX_BODY = 16 * 1024;

    private final AccessKeys keys;
    private final SessionCookies sessions;
    private final SignatureGuard.Refusal refusal;

    public LoginHandler(AccessKeys keys, SessionCookies sessions, SignatureGuard.Refusal refusal) {
        this.keys = keys;
        this.sessions = sessions;
        this.refusal = refusal;
    }

    public static boolean handles(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        return exchange.getRequestMethod().equals(Methods.POST) && (path.equals(LOGIN) || path.equals(LOGOUT));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.getRequestPath().equals(LOGOUT)) {
            setCookie(exchange, "", 0);
            answer(exchange, Json.object().put("loggedOut", true));
            return;
        }
        // Read to the end but keep at most MAX_BODY: anyone may post here, before any key is proven.
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        long[] received = {0};
        exchange.getRequestReceiver().receivePartialBytes((ex, bytes, last) -> {
            received[0] += bytes.length;
            if (received[0] <= MAX_BODY) {
                body.write(bytes, 0, bytes.length);
            }
            if (last) {
                login(ex, body.toByteArray(), received[0] > MAX_BODY);
            }
        }, (ex, failure) -> refusal.send(ex, new ServiceException("InternalFailure", "Could not read the request", 500)));
    }

    private void login(HttpServerExchange exchange, byte[] bytes, boolean tooLarge) {
        Optional<AccessKey> key;
        try {
            if (tooLarge) {
                throw new ServiceException("ValidationException", "A login is a small JSON object", 413);
            }
            JsonNode body = Json.parse(new String(bytes, StandardCharsets.UTF_8));
            String id = body.path("accessKeyId").asText("");
            String secret = body.path("secretAccessKey").asText("");
            if (id.isEmpty() || secret.isEmpty()) {
                throw ServiceException.validation("Give accessKeyId and secretAccessKey");
            }
            key = RestGuard.verify(keys, id, secret);
        } catch (ServiceException e) {
            refusal.send(exchange, e);
            return;
        } catch (RuntimeException e) {
            refusal.send(exchange, ServiceException.validation("The login must be a JSON object with accessKeyId and"
                    + " secretAccessKey"));
            return;
        }
        if (key.isEmpty()) {
            refusal.send(exchange, new ServiceException("UnauthorizedException",
                    "Unknown access key, or not its secret", 401));
            return;
        }
        setCookie(exchange, sessions.issue(key.get()), SessionCookies.lifetimeSeconds());
        answer(exchange, Json.object().put("accessKeyId", key.get().id()));
    }

    private static void setCookie(HttpServerExchange exchange, String value, long maxAgeSeconds) {
        exchange.getResponseHeaders().add(Headers.SET_COOKIE, SessionCookies.NAME + "=" + value + "; Path=/; Max-Age="
                + maxAgeSeconds + "; HttpOnly; SameSite=Strict" + (exchange.isSecure() ? "; Secure" : ""));
    }

    private static void answer(HttpServerExchange exchange, JsonNode json) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(Json.write(json), StandardCharsets.UTF_8);
    }
}
