package dev.statewright.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.SfnTestClients;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Execution input nested deeper than 512 levels is refused by StartExecution at once with AWS's
 * InvalidExecutionInput, and nothing of it reaches the store: after a SIGKILL the service starts
 * and lists its executions as quickly as ever. 512 levels are taken and run.
 */
class DeepInputTest {
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> JVM = List.of("-Xmx256m");

    @TempDir
    Path data;

    @Test
    void inputDeeperThan512LevelsIsRefusedAtOnceAndTheServiceRestartsAndListsAfterIt() throws Exception {
        int port = ServiceProcess.freePort();
        String machine;
        String accepted;
        try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, JVM);
             SfnClient sfn = SfnTestClients.clientWithoutRetries(port, Duration.ofSeconds(5))) {
            machine = sfn.createStateMachine(b -> b.name("pass").definition(PASS).roleArn("arn:aws:iam::123456789012:role/t"))
                    .stateMachineArn();

            assertRefused(sfn, machine, "deep-999", 999);
            assertRefused(sfn, machine, "deep-513", 513);
            HttpResponse<String> raw = awsCall(port, "StartExecution", Json.object().put("stateMachineArn", machine)
                    .put("name", "deep-raw").put("input", nested(999)).toString());
            assertThat(raw.statusCode()).isEqualTo(400);
            assertThat(raw.headers().firstValue("x-amzn-ErrorType")).contains("InvalidExecutionInput");
            JsonNode error = Json.parse(raw.body());
            assertThat(error.get("__type").asText()).isEqualTo("InvalidExecutionInput");
            assertThat(error.get("message").asText()).contains("512");

            String input = nested(512);
            accepted = sfn.startExecution(b -> b.stateMachineArn(machine).name("deep-512").input(input)).executionArn();
            assertThat(SfnTestClients.awaitEnd(sfn, accepted).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            service.kill();
        }

        long restarting = System.nanoTime();
        try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, JVM);
             SfnClient sfn = SfnTestClients.clientWithoutRetries(port, Duration.ofSeconds(5))) {
            long startedMillis = (System.nanoTime() - restarting) / 1_000_000;
            long listing = System.nanoTime();
            HttpResponse<String> rest = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/executions"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            long restMillis = (System.nanoTime() - listing) / 1_000_000;
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
            assertThat(rest.body()).contains("deep-512").doesNotContain("deep-999").doesNotContain("deep-513");

            listing = System.nanoTime();
            List<ExecutionListItem> listed = sfn.listExecutions(b -> b.stateMachineArn(machine)).executions();
            long awsMillis = (System.nanoTime() - listing) / 1_000_000;
            assertThat(listed).extracting(ExecutionListItem::name).containsExactly("deep-512");
            assertThat(sfn.describeExecution(b -> b.executionArn(accepted)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(startedMillis + restMillis + awsMillis).as("restart and both listings, ms").isLessThan(15_000);
            System.out.printf("DeepInputTest: restarted in %d ms; GET /executions %d ms; ListExecutions %d ms%n",
                    startedMillis, restMillis, awsMillis);
            service.stop();
        }
    }

    private static void assertRefused(SfnClient sfn, String machine, String name, int depth) {
        String input = nested(depth);
        long sent = System.nanoTime();
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)))
                .as("%d levels", depth)
                .isInstanceOfSatisfying(InvalidExecutionInputException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidExecutionInput");
                });
        long millis = (System.nanoTime() - sent) / 1_000_000;
        assertThat(millis).as("refusal of %d levels, ms", depth).isLessThan(1000);
        System.out.printf("DeepInputTest: %d levels refused in %d ms%n", depth, millis);
    }

    /** JSON nested {@code depth} levels: objects and arrays by turns, a number at the bottom. */
    static String nested(int depth) {
        StringBuilder json = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            json.append(level % 2 == 0 ? "{\"d\":" : "[");
        }
        json.append('0');
        for (int level = depth - 1; level >= 0; level--) {
            json.append(level % 2 == 0 ? '}' : ']');
        }
        return json.toString();
    }

    private static HttpResponse<String> awsCall(int port, String operation, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AWSStepFunctions." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
