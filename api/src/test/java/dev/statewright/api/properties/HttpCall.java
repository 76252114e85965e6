package dev.statewright.api.properties;

import dev.statewright.interpreter.properties.Shown;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP request as it goes on the wire: method, path with query, headers and the body's exact
 * bytes (text with lone surrogates becomes what UTF-8 makes of it, as any client sends it).
 */
record HttpCall(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The body as the service reads it. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + Shown.elided(pathAndQuery) + " " + headers + " body(" + body.length + " bytes): "
                + Shown.elided(bodyText());
    }
}
