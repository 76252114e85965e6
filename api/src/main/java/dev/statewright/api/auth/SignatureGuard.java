package dev.statewright.api.auth;

import dev.statewright.api.service.ServiceException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets through to the AWS protocol's handler only requests signed with a known access key
 * ({@link SignatureVerifier}). The body is part of the signature, so it is read whole first; the
 * handler behind finds it attached to the exchange ({@link #BODY}) instead of reading it again.
 */
public final class SignatureGuard implements HttpHandler {
    /** The body this guard read and checked, for the handler behind it. */
    public static final AttachmentKey<byte[]> BODY = AttachmentKey.create(byte[].class);

    /** How a refusal is written (AWS's JSON error shape, by the HTTP layer). */
    @FunctionalInterface
    public interface Refusal {
        void send(HttpServerExchange exchange, ServiceException error);
    }

    private final SignatureVerifier verifier;
    private final int maxBodyBytes;
    private final Refusal refusal;
    private final HttpHandler next;

    public SignatureGuard(SignatureVerifier verifier, int maxBodyBytes, Refusal refusal, HttpHandler next) {
        this.verifier = verifier;
        this.maxBodyBytes = maxBodyBytes;
        this.refusal = refusal;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long[] received = {0};
        exchange.getRequestReceiver().receivePartialBytes((ex, bytes, last) -> {
            received[0] += bytes.length;
            if (received[0] <= maxBodyBytes) {
                body.write(bytes, 0, bytes.length);
            }
            if (last) {
                check(ex, body.toByteArray(), received[0] > maxBodyBytes);
            }
        }, (ex, failure) -> refusal.send(ex, new ServiceException("InternalFailure", "Could not read the request", 500)));
    }

    private void check(HttpServerExchange exchange, byte[] body, boolean tooLarge) {
        try {
            if (tooLarge) {
                // Refused unread by anyone: a signature over a body this size is not worth checking.
                throw new ServiceException("ValidationException", "The request is larger than the limit of " + maxBodyBytes
                        + " bytes", 413);
            }
            verifier.verify(received(exchange, body));
        } catch (ServiceException e) {
            refusal.send(exchange, e);
            return;
        }
        exchange.putAttachment(BODY, body);
        try {
            next.handleRequest(exchange);
        } catch (Exception e) {
            refusal.send(exchange, new ServiceException("InternalFailure", "The request failed inside Statewright: "
                    + e.getClass().getSimpleName(), 500));
        }
    }

    private static ReceivedRequest received(HttpServerExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), new ArrayList<>(values));
        }
        String uri = exchange.getRequestURI();
        // An absolute-form request line (proxies) carries scheme and authority before the path.
        if (exchange.isHostIncludedInRequestURI()) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        return new ReceivedRequest(exchange.getRequestMethod().toString(), exchange.getRequestScheme(), uri,
                exchange.getQueryString(), headers, body);
    }
}
