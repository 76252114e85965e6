package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every answer must look like, whatever was asked: a status, a JSON body in the
 * protocol's content type, errors as AWS shapes them ({@code {"__type", "message"}} and the same
 * type in x-amzn-ErrorType), never a stack trace, and a 5xx only for the service's own trouble
 * (InternalFailure, ServiceUnavailable), never for a request that is merely malformed.
 */
final class AnswerShape {
    static final String AWS_JSON = "application/x-amz-json-1.0";
    static final String REST_JSON = "application/json";
    private static final Set<String> SERVER_ERRORS = Set.of("InternalFailure", "ServiceUnavailable");
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$]+(\\.[\\w$]+)+\\([\\w$]*\\.java:\\d+\\)");

    private AnswerShape() {
    }

    /** Checks the answer and returns its error type, or null for a success. */
    static String check(HttpCall call, Answer answer, String contentType) {
        String where = "answer " + answer + "\nto " + call;
        assertThat(answer.status()).as(where).isBetween(200, 599);
        // A stack frame ("at dev.statewright.X.y(X.java:12)"); user data echoed back may say "Exception:".
        assertThat(STACK_FRAME.matcher(answer.text()).find()).as("a stack trace in the " + where).isFalse();
        assertThat(answer.contentType()).as("content type of the " + where).isEqualTo(contentType);
        Optional<JsonNode> json = answer.json();
        assertThat(json).as("a JSON body in the " + where).isPresent();
        if (answer.status() < 400) {
            assertThat(json.get().isObject()).as("an object in the " + where).isTrue();
            return null;
        }
        JsonNode error = json.get();
        assertThat(error.path("__type").isTextual() && !error.path("__type").textValue().isBlank())
                .as("__type in the " + where).isTrue();
        assertThat(error.path("message").isTextual()).as("message in the " + where).isTrue();
        String type = error.get("__type").textValue();
        assertThat(answer.errorTypeHeader()).as("x-amzn-ErrorType of the " + where).isEqualTo(type);
        if (answer.status() >= 500) {
            assertThat(type).as("the type of a 5xx " + where).isIn(SERVER_ERRORS);
            assertThat(type).as("an internal failure (a bug of the service) as the " + where)
                    .isNotEqualTo("InternalFailure");
        } else {
            assertThat(type).as("a 4xx names no server error: " + where).isNotIn(SERVER_ERRORS);
        }
        return type;
    }
}
