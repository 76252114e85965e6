package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.auth.SignatureGuard;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.StoreDamagedException;
import dev.statewright.api.store.StoreUnavailableException;
import dev.statewright.interpreter.CompletionFailures;
import dev.statewright.interpreter.json.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;
import org.xnio.IoUtils;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Reading bodies and writing JSON answers without blocking Undertow's I/O threads. */
final class Exchanges {
    static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /**
     * The most of one request body Undertow reads at all (its MAX_ENTITY_SIZE): an oversized body
     * up to this is read to its end and answered; beyond it Undertow cuts the connection.
     */
    static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(Exchanges.class.getName());

    private Exchanges() {
    }

    /**
     * Reads the whole body, then calls {@code then} with it; a body over 1 MiB is answered with an
     * error instead. Undertow's own limit (setMaxEntitySize) is not used for this: it stops reading
     * mid-body and closes the connection, so a client still sending (a chunked body, or one of a
     * few MiB) sees a reset or a bare 400 and never the reason. Here the body is read to its end,
     * keeping at most the limit, and the answer comes once it is all in.
     */
    static void readBody(HttpServerExchange exchange, String contentType, Consumer<byte[]> then) {
        byte[] checked = exchange.getAttachment(SignatureGuard.BODY);
        if (checked != null) {
            then.accept(checked); // read whole already, to check its signature
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long[] received = {0};
        exchange.getRequestReceiver().receivePartialBytes((ex, bytes, last) -> {
            received[0] += bytes.length;
            if (received[0] <= MAX_REQUEST_BYTES) {
                body.write(bytes, 0, bytes.length);
            }
            if (!last) {
                return;
            }
            if (received[0] > MAX_REQUEST_BYTES) {
                sendError(ex, contentType, new ServiceException("ValidationException",
                        "The request is larger than the limit of " + MAX_REQUEST_BYTES + " bytes", 413));
            } else {
                then.accept(body.toByteArray());
            }
        }, (ex, failure) -> sendError(ex, contentType,
                new ServiceException("InternalFailure", "Could not read the request", 500)));
    }

    /**
     * Runs an operation and answers with its result, or its error in AWS's shape. The operation
     * runs on a worker thread, not the I/O thread, because some wait for the store (a state
     * machine's change is durable before the answer); the exchange stays open while an
     * execution's start waits for its commit.
     */
    static void answer(HttpServerExchange exchange, String contentType, int status,
                       Supplier<CompletableFuture<JsonNode>> operation) {
        answer(exchange, contentType, status, false, operation);
    }

    /** @param onIoThread the operation never waits, so it runs where the request was read */
    static void answer(HttpServerExchange exchange, String contentType, int status, boolean onIoThread,
                       Supplier<CompletableFuture<JsonNode>> operation) {
        Runnable run = () -> {
            CompletableFuture<JsonNode> outcome = start(operation);
            // The answer is written on the connection's I/O thread, not on whichever thread completed
            // the operation: often the store's committer, which must not spend its time on responses.
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> outcome.whenCompleteAsync(
                    (json, failure) -> respond(exchange, contentType, status, json, failure), exchange.getIoThread()));
        };
        if (onIoThread) {
            exchange.dispatch(SameThreadExecutor.INSTANCE, run);
        } else {
            exchange.dispatch(run);
        }
    }

    /** The operation's future; what it throws, or a missing future, is a failed one. */
    private static CompletableFuture<JsonNode> start(Supplier<CompletableFuture<JsonNode>> operation) {
        try {
            return Objects.requireNonNull(operation.get(), "the operation gave no future");
        } catch (RuntimeException | StackOverflowError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Writes the result or the error. A completion stage swallows what its callback throws, so a
     * failure here (a result Jackson refuses to write, nested deeper than it allows, or a bug)
     * would leave the request without an answer for ever: it becomes an InternalFailure instead.
     */
    private static void respond(HttpServerExchange exchange, String contentType, int status, JsonNode json,
                                Throwable failure) {
        try {
            if (failure == null) {
                sendJson(exchange, contentType, status, json);
            } else {
                sendError(exchange, contentType, failure);
            }
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.SEVERE, "The answer to " + exchange.getRequestMethod() + " " + exchange.getRequestPath()
                    + " could not be written", e);
            if (exchange.isResponseStarted()) {
                IoUtils.safeClose(exchange.getConnection()); // too late for another answer: at least not a hang
            } else {
                sendError(exchange, contentType, new ServiceException("InternalFailure", "The answer could not be written"
                        + " inside Statewright: " + e.getClass().getSimpleName(), 500));
            }
        }
    }

    static void sendJson(HttpServerExchange exchange, String contentType, int status, JsonNode json) {
        String body = Json.write(json); // first: if it cannot be written, nothing of the answer is set yet
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    static void sendError(HttpServerExchange exchange, String contentType, Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        ServiceException error;
        if (cause instanceof ServiceException service) {
            error = service;
        } else if (cause instanceof StoreUnavailableException unavailable) {
            // Not done, and safe to send again: the SDKs retry a 503 by themselves.
            error = new ServiceException("ServiceUnavailable", unavailable.getMessage(), 503);
        } else if (cause instanceof StoreDamagedException damaged) {
            LOG.log(Level.SEVERE, "The store is damaged", damaged);
            error = new ServiceException("InternalFailure", damaged.getMessage(), 500);
        } else {
            // A bug of ours: logged here, and never a stack trace to the caller.
            LOG.log(Level.SEVERE, "Request failed", cause);
            error = new ServiceException("InternalFailure", "The request failed inside Statewright: "
                    + cause.getClass().getSimpleName(), 500);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(new io.undertow.util.HttpString("x-amzn-ErrorType"), error.type());
        exchange.setStatusCode(error.httpStatus());
        exchange.getResponseSender().send(Json.write(Json.object().put("__type", error.type())
                .put("message", error.getMessage())), StandardCharsets.UTF_8);
    }
}
