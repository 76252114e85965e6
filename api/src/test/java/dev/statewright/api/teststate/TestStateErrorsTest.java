package dev.statewright.api.teststate;

import dev.statewright.api.SfnTestClients;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TestStateRequest;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;


import static org.assertj.core.api.Assertions.assertThat;

/** TestState refuses what it cannot run with AWS's errors, never a stack trace. */
class TestStateErrorsTest {
    private static StatewrightService service;
    private static SfnClient client;

    @BeforeAll
    static void startService() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0));
        client = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stopService() {
        client.close();
        service.close();
    }

    private static String errorCode(TestStateRequest request) {
        try {
            client.testState(request);
            return "none";
        } catch (SfnException e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    @Test
    void definitionThatIsNotJsonIsAnInvalidDefinition() {
        assertThat(errorCode(TestStateRequest.builder().definition("{nope").build())).isEqualTo("InvalidDefinition");
    }

    @Test
    void stateThatDoesNotValidateIsAnInvalidDefinition() {
        assertThat(errorCode(TestStateRequest.builder().definition("{\"Type\":\"Wait\",\"End\":true}").build()))
                .isEqualTo("InvalidDefinition");
    }

    @Test
    void unknownStateNameAndInspectionLevelAreValidationErrors() {
        assertThat(errorCode(TestStateRequest.builder().stateName("Nope")
                .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}").build()))
                .isEqualTo("ValidationException");
        assertThat(errorCode(TestStateRequest.builder().definition("{\"Type\":\"Succeed\"}").inspectionLevel("LOUD").build()))
                .isEqualTo("ValidationException");
    }

    @Test
    void mocksThatCannotBeUsedAreValidationErrors() {
        String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"End\":true}";
        assertThat(errorCode(TestStateRequest.builder().definition(task).revealSecrets(true)
                .mock(m -> m.result("{}")).build())).isEqualTo("ValidationException");
        assertThat(errorCode(TestStateRequest.builder().definition(task).mock(m -> m.result("{not json")).build()))
                .isEqualTo("ValidationException");
        assertThat(errorCode(TestStateRequest.builder().definition("{\"Type\":\"Pass\",\"End\":true}")
                .mock(m -> m.result("{}")).build())).isEqualTo("ValidationException");
        assertThat(errorCode(TestStateRequest.builder().definition(
                "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"End\":true}")
                .build())).as("a callback without a mock would wait for ever").isEqualTo("ValidationException");
    }

    @Test
    void answersInAwsShapeWithJsonTexts() {
        TestStateResponse response = client.testState(TestStateRequest.builder().inspectionLevel("DEBUG")
                .definition("{\"Type\":\"Pass\",\"Result\":{\"a\":1},\"Next\":\"B\"}").input("{}").build());
        assertThat(response.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(response.output())).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(response.nextState()).isEqualTo("B");
        assertThat(Json.parse(response.inspectionData().result())).isEqualTo(Json.parse("{\"a\":1}"));
    }
}
