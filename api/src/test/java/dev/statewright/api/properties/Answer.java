package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.properties.Shown;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What the service answered to one call. */
record Answer(int status, String contentType, String errorTypeHeader, byte[] body, long millis) {

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON, if it is exactly one JSON value. */
    Optional<JsonNode> json() {
        try {
            JsonNode node = dev.statewright.interpreter.json.Json.STRICT.readTree(text());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return status + " (" + contentType + ", x-amzn-ErrorType " + errorTypeHeader + ", " + millis + " ms): "
                + Shown.elided(text());
    }
}
