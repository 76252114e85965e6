package dev.statewright.api.console;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Serves the web console's files (HTML, CSS, JavaScript of our own, in the api jar under
 * {@code console/}): {@code GET /} gives the page to browsers, {@code GET /console/FILE} the rest.
 * Nothing is fetched from elsewhere, so the console works offline.
 */
public final class ConsoleAssets implements HttpHandler {
    public static final String PREFIX = "/console/";
    /** One plain file name: no slashes or dot-dot, so a request cannot leave the console's folder. */
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg)");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");

    /** The console's files, read once; a name not among them is a 404 and is not remembered. */
    private static final java.util.List<String> FILES = java.util.List.of("index.html", "app.js", "dom.js", "graph.js",
            "console.css");

    private final Map<String, byte[]> files = new java.util.HashMap<>();

    public ConsoleAssets() {
        for (String name : FILES) {
            files.put(name, read(name).orElseThrow(() -> new IllegalStateException(
                    "The console file " + name + " is missing from the jar")));
        }
    }

    /** Whether a GET to {@code /} comes from a browser (which asks for HTML) rather than a tool. */
    public static boolean wantsPage(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        String name = path.equals("/") ? "index.html" : path.substring(PREFIX.length());
        Optional<byte[]> file = FILE_NAME.matcher(name).matches() ? Optional.ofNullable(files.get(name)) : Optional.empty();
        if (file.isEmpty()) {
            exchange.setStatusCode(404);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send("No such console file: " + name + "\n");
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        // The page shows user data; forbid anything but our own scripts and styles from running.
        exchange.getResponseHeaders().put(Headers.CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
        exchange.getResponseSender().send(ByteBuffer.wrap(file.get()));
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
