package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP Task against a local endpoint: request shapes in, AWS's result and errors out. */
class HttpTaskTest {
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = Json.write(Json.object().put("method", exchange.getRequestMethod())
                    .put("query", exchange.getRequestURI().getRawQuery()).put("body", body)
                    .put("contentType", exchange.getRequestHeaders().getFirst("Content-Type"))
                    .put("token", exchange.getRequestHeaders().getFirst("X-Token")));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.createContext("/missing", exchange -> {
            byte[] bytes = "no such thing".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static ExecutionResult call(String parameters) {
        String machine = """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                  "Parameters": %s, "End": true}}}
                """.formatted(parameters);
        return new Engine(TaskIntegrations.handlers(null, "us-east-1", "123456789012"))
                .run(DefinitionParser.parse(machine), Json.parse("{}"));
    }

    @Test
    void aGetWithQueryParametersAndHeadersGivesStatusHeadersAndTheParsedBody() {
        ExecutionResult result = call("""
                {"ApiEndpoint": "%s/echo", "Method": "GET", "Headers": {"X-Token": "t-1"},
                 "QueryParameters": {"q": "a b", "tag": ["x", "y"]}}
                """.formatted(base));
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = result.output();
        assertThat(output.get("StatusCode").asText()).isEqualTo("200");
        assertThat(output.get("StatusText").asText()).isEqualTo("OK");
        assertThat(output.get("ResponseBody").get("method").asText()).isEqualTo("GET");
        assertThat(output.get("ResponseBody").get("query").asText()).isEqualTo("q=a+b&tag=x&tag=y");
        assertThat(output.get("ResponseBody").get("token").asText()).isEqualTo("t-1");
        assertThat(output.get("Headers").get("content-type").get(0).asText()).isEqualTo("application/json");
    }

    @Test
    void aPostSendsItsRequestBodyAsJsonOrUrlEncoded() {
        JsonNode json = call("""
                {"ApiEndpoint": "%s/echo", "Method": "POST", "RequestBody": {"order": 7}}
                """.formatted(base)).output().get("ResponseBody");
        assertThat(json.get("body").asText()).isEqualTo("{\"order\":7}");
        assertThat(json.get("contentType").asText()).isEqualTo("application/json");

        JsonNode form = call("""
                {"ApiEndpoint": "%s/echo", "Method": "POST", "RequestBody": {"name": "a&b", "ids": [1, 2]},
                 "Transform": {"RequestBodyEncoding": "URL_ENCODED"}}
                """.formatted(base)).output().get("ResponseBody");
        assertThat(form.get("body").asText()).isEqualTo("name=a%26b&ids=1&ids=2");
        assertThat(form.get("contentType").asText()).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void anAnswerOutside2xxFailsWithItsStatusCode() {
        ExecutionResult result = call("""
                {"ApiEndpoint": "%s/missing", "Method": "GET"}
                """.formatted(base));
        assertThat(result.error()).isEqualTo("States.Http.StatusCode.404");
        JsonNode cause = Json.parse(result.cause());
        assertThat(cause.get("StatusCode").asText()).isEqualTo("404");
        assertThat(cause.get("ResponseBody").asText()).isEqualTo("no such thing");
    }

    @Test
    void anEndpointThatCannotBeReachedIsASocketError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ExecutionResult result = call("""
                {"ApiEndpoint": "http://127.0.0.1:%d/x", "Method": "GET"}
                """.formatted(closed));
        assertThat(result.error()).isEqualTo("States.Http.Socket");
        assertThat(result.cause()).contains("127.0.0.1:" + closed);
    }

    @Test
    void aMissingMethodIsRefused() {
        ExecutionResult result = call("""
                {"ApiEndpoint": "%s/echo"}
                """.formatted(base));
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("Method");
    }
}
