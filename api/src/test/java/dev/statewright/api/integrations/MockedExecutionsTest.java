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

}
