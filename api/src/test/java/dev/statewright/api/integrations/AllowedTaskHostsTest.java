package dev.statewright.api.integrations;

import com.sun.net.httpserver.HttpServer;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.auth.SecuritySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --allow-task-host}: the HTTP Task and the Lambda endpoint reach only the hosts listed, so a
 * workflow cannot make the service call an address of its choosing.
 */
class AllowedTaskHostsTest {
    private static HttpServer target;
    private static StatewrightService service;
    private static SfnClient sfn;
    private static int targetPort;

    @BeforeAll
    static void start() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/ok", exchange -> {
            byte[] body = "{\"reached\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.createContext("/elsewhere", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + targetPort + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        target.start();
        targetPort = target.getAddress().getPort();
        // Only the name localhost may be called: the same server as 127.0.0.1 is another host.
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withLambdaEndpoint(URI.create("http://127.0.0.1:" + targetPort))
                .withSecurity(SecuritySettings.none().withAllowedTaskHosts(List.of("LOCALHOST"))));
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
        target.stop(0);
    }

    @Test
    void anHttpTaskReachesAnAllowedHost() {
        DescribeExecutionResponse ended = run("allowed", http("http://localhost:" + targetPort + "/ok"));
        assertThat(ended.statusAsString()).as(ended.cause()).isEqualTo("SUCCEEDED");
        assertThat(ended.output()).contains("\"reached\":true");
    }

    @Test
    void anHttpTaskToAnotherHostFailsNamingTheHostAndTheOption() {
        DescribeExecutionResponse ended = run("refused", http("http://127.0.0.1:" + targetPort + "/ok"));
        assertThat(ended.statusAsString()).isEqualTo("FAILED");
        assertThat(ended.error()).isEqualTo("States.TaskFailed");
        assertThat(ended.cause()).contains("'127.0.0.1'", "--allow-task-host 127.0.0.1", "allowed: localhost");
    }

    @Test
    void aRedirectIsNotFollowedToAnotherHost() {
        DescribeExecutionResponse ended = run("redirected", http("http://localhost:" + targetPort + "/elsewhere"));
        assertThat(ended.statusAsString()).isEqualTo("FAILED");
        assertThat(ended.error()).isEqualTo("States.Http.StatusCode.302");
    }

    @Test
    void aLambdaEndpointOnAnotherHostIsNotCalled() {
        DescribeExecutionResponse ended = run("lambda", "{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\","
                + " \"Parameters\": {\"FunctionName\": \"f\"}, \"End\": true}");
        assertThat(ended.statusAsString()).isEqualTo("FAILED");
        assertThat(ended.error()).isEqualTo("States.TaskFailed");
        assertThat(ended.cause()).contains("Lambda endpoint", "--allow-task-host 127.0.0.1");
    }

    private static String http(String endpoint) {
        return "{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::http:invoke\", \"Parameters\": {\"ApiEndpoint\": \""
                + endpoint + "\", \"Method\": \"GET\"}, \"End\": true}";
    }

    private static DescribeExecutionResponse run(String name, String state) {
        String machine = sfn.createStateMachine(b -> b.name(name).roleArn("arn:aws:iam::123456789012:role/r")
                .definition("{\"StartAt\": \"Call\", \"States\": {\"Call\": " + state + "}}")).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        return SfnTestClients.awaitEnd(sfn, execution);
    }
}
