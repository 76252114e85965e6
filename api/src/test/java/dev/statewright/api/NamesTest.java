package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's naming rules for state machines and executions, at the wire: names are JSON-escaped in
 * the request body, so characters no SDK would send (a lone surrogate) arrive as they are.
 */
class NamesTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";
    /** As written in JSON: whitespace beyond ASCII, lone surrogates, noncharacters, and the path segments . and .. */
    private static final List<String> REFUSED = List.of(
            "no\\u00a0break", "en\\u2002space", "hair\\u200aspace", "line\\u2028separator", "para\\u2029graph",
            "ideographic\\u3000space", "next\\u0085line", "ogham\\u1680mark", "narrow\\u202fspace", "math\\u205fspace",
            "tab\\tname", "lone\\ud800high", "lone\\udc00low", "\\udc00\\ud800", "end\\ud83d",
            "nonchar\\ufffe", "nonchar\\uffff", "last\\udbff\\udfff", ".", "..",
            "a b", "a/b", "a:b", "a*b", "a\\u007fb", "a\\u009fb", "");
    /** Names AWS takes: dots inside a name, letters of any script, characters outside the BMP. */
    private static final List<String> ACCEPTED = List.of(
            "with.dots", "...", ".hidden", "trailing.", "\\u00fcn\\u00efc\\u00f6d\\u00e9", "\\u540d\\u524d", "emoji\\ud83d\\ude00");

    private static StatewrightService service;
    private static int port;

    @BeforeAll
    static void startService() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), TaskHandlers.none());
        port = service.port();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    /** A JSON escape of a high surrogate not followed by a low one, or a low one not after a high one. */
    private static final java.util.regex.Pattern LONE_SURROGATE = java.util.regex.Pattern.compile(
            "(?i)\\\\ud[89ab][0-9a-f]{2}(?!\\\\ud[c-f])|(?<!\\\\ud[89ab][0-9a-f]{2})\\\\ud[c-f][0-9a-f]{2}");

    private static RawHttp.Response call(String operation, String body) throws IOException {
        return RawHttp.aws(port, "127.0.0.1:" + port, operation, body);
    }

    private static RawHttp.Response createStateMachine(String jsonName) throws IOException {
        return call("CreateStateMachine", "{\"roleArn\": \"arn:aws:iam::123456789012:role/r\", \"name\": \"" + jsonName + "\", \"definition\": "
                + Json.write(Json.NODES.textNode(PASS)) + "}");
    }

    private static void assertInvalidName(RawHttp.Response response, String name) {
        assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(400);
        JsonNode error = Json.parse(response.body());
        if (LONE_SURROGATE.matcher(name).find()) {
            // Refused with the whole request, before any name is read: a body that is no Unicode text.
            assertThat(error.path("__type").asText()).as(name).isEqualTo("SerializationException");
            assertThat(error.path("message").asText()).contains("half of a surrogate pair alone");
            return;
        }
        assertThat(error.path("__type").asText()).as(name).isEqualTo("InvalidName");
        assertThat(error.path("message").asText()).startsWith("Invalid Name: ");
    }

    @Test
    void stateMachineNamesAwsForbidsAreInvalidNames() throws IOException {
        for (String name : REFUSED) {
            assertInvalidName(createStateMachine(name), name);
        }
    }

    @Test
    void executionNamesAwsForbidsAreInvalidNames() throws IOException {
        String machine = "names-" + UUID.randomUUID().toString().substring(0, 8);
        RawHttp.Response created = createStateMachine(machine);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String arn = Json.parse(created.body()).path("stateMachineArn").asText();
        for (String name : REFUSED) {
            assertInvalidName(call("StartExecution", "{\"stateMachineArn\": \"" + arn + "\", \"name\": \"" + name + "\"}"), name);
        }
    }

    @Test
    void namesAwsAllowsAreAcceptedAndResolve() throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        for (String name : ACCEPTED) {
            RawHttp.Response created = createStateMachine(name + suffix);
            assertThat(created.status()).as(name + ": " + created.body()).isEqualTo(200);
            String arn = Json.parse(created.body()).path("stateMachineArn").asText();
            RawHttp.Response started = call("StartExecution", "{\"stateMachineArn\": \"" + arn + "\", \"name\": \"" + name + "\"}");
            assertThat(started.status()).as(name + ": " + started.body()).isEqualTo(200);
            String execution = Json.parse(started.body()).path("executionArn").asText();
            assertThat(call("DescribeExecution", "{\"executionArn\": " + Json.write(Json.NODES.textNode(execution)) + "}")
                    .status()).as(name).isEqualTo(200);
        }
    }

    @Test
    void theRefusalShowsCharactersThatCannotBePrintedAsEscapes() throws IOException {
        String message = Json.parse(createStateMachine("not\\ufffecharacter").body()).path("message").asText();
        assertThat(message).isEqualTo("Invalid Name: 'not\\ufffecharacter'");
        assertThat(Json.parse(createStateMachine("no\\u00a0break").body()).path("message").asText())
                .isEqualTo("Invalid Name: 'no\\u00a0break'");
    }
}
