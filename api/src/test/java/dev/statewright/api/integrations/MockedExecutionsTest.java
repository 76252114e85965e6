package dev.statewright.api.integrations;

import dev.statewright.api.SfnTestClients;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.statewright.api.SfnTestClients.awaitEnd;

/** Step Functions Local's mock test cases, chosen with stateMachineArn#TestCase, through the AWS API. */
class MockedExecutionsTest {
    @TempDir
    Path dir;

    @Test
    void anExecutionStartedWithATestCaseGetsItsMockedResponses() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines": {"Checkout": {"TestCases": {"Paid": {"Charge": "ChargeOk"}}}},
                 "MockedResponses": {"ChargeOk": {"0": {"Return": {"receipt": "r-1"}}}}}
                """);
        try (StatewrightService service = StatewrightService.start(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(null).withWaitTimeScale(0).withMockConfig(config));
             SfnClient sfn = SfnTestClients.client(service.port())) {
            String machine = sfn.createStateMachine(b -> b.name("Checkout").roleArn("arn:aws:iam::123456789012:role/r")
                    .definition("""
                            {"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
                              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "End": true}}}
                            """)).stateMachineArn();

            String mocked = sfn.startExecution(b -> b.stateMachineArn(machine + "#Paid")).executionArn();
            assertThat(awaitEnd(sfn, mocked).output()).isEqualTo(Json.write(Json.parse("{\"receipt\": \"r-1\"}")));

            String unmocked = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
            DescribeExecutionResponse real = awaitEnd(sfn, unmocked);
            assertThat(real.error()).as("without a test case the task runs for real").isEqualTo("States.TaskFailed");
            assertThat(real.cause()).contains("--lambda-endpoint");

            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine + "#NoSuchCase")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("NoSuchCase");
        }
    }

    @Test
    void aTestCaseIsCheckedAgainstTheMachineAtStartAndCanBeChosenOverRest() throws Exception {
        Path config = Files.writeString(dir.resolve("mocks.json"), """
                {"StateMachines": {"Checkout": {"TestCases": {"Paid": {"Charge": "ChargeOk"}, "Typo": {"Chrage": "ChargeOk"}}}},
                 "MockedResponses": {"ChargeOk": {"0": {"Return": {"receipt": "r-1"}}}}}
                """);
        try (StatewrightService service = StatewrightService.start(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(null).withWaitTimeScale(0).withMockConfig(config));
             SfnClient sfn = SfnTestClients.client(service.port())) {
            String machine = sfn.createStateMachine(b -> b.name("Checkout").roleArn("arn:aws:iam::123456789012:role/r")
                    .definition("""
                            {"StartAt": "Charge", "States": {"Charge": {"Type": "Task",
                              "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "End": true}}}
                            """)).stateMachineArn();
            assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine + "#Typo")))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining(config + ": test case 'Typo' of 'Checkout': state 'Chrage': there is no such"
                            + " state in the state machine (there are: Charge)");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                    + "/state-machines/Checkout/test-cases")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(Json.parse(listed.body())).as("what the console's picker offers")
                    .isEqualTo(Json.parse("{\"testCases\": [\"Paid\", \"Typo\"]}"));
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                    + "/state-machines/Checkout/executions?name=rest-paid&testCase=Paid"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            assertThat(Json.parse(started.body()).path("testCase").asText()).isEqualTo("Paid");
            String arn = Json.parse(started.body()).path("executionArn").asText();
            assertThat(awaitEnd(sfn, arn).output()).isEqualTo(Json.write(Json.parse("{\"receipt\": \"r-1\"}")));
        }
    }
}
