package dev.statewright.api.integrations;

import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockConfigTest {
    private static final String CONFIG = """
            {"StateMachines": {"Orders": {"TestCases": {
               "Flaky": {"Charge": "FailTwiceThenCharge"},
               "Declined": {"Charge": "Declined"}}}},
             "MockedResponses": {
               "FailTwiceThenCharge": {"0-1": {"Throw": {"Error": "Bank.Busy", "Cause": "try again"}},
                                       "2": {"Return": {"charged": 42}}},
               "Declined": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}}}}
            """;
    private static final String MACHINE = """
            {"StartAt": "Charge", "States": {
              "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge",
                "Retry": [{"ErrorEquals": ["Bank.Busy"], "IntervalSeconds": 1, "MaxAttempts": 3}], "Next": "Ship"},
              "Ship": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship", "End": true}}}
            """;
    private static final TaskHandlers REAL = TaskHandlers.builder().resourcePrefix("arn:aws:lambda:",
            request -> CompletableFuture.completedFuture(Json.object().put("real", request.stateName()))).build();

    private static ExecutionResult run(String testCase) {
        TaskHandlers handlers = MockConfig.parse(CONFIG).handlers("Orders", testCase, REAL);
        return new Engine(handlers).run(DefinitionParser.parse(MACHINE), Json.parse("{}"));
    }

    @Test
    void mockedStatesAnswerInInvocationOrderAndTheOthersRunNormally() {
        ExecutionResult result = run("Flaky");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("{\"real\": \"Ship\"}"));
        assertThat(result.history().stream().map(HistoryEvent::type).filter(t -> t.startsWith("LambdaFunction")))
                .containsExactly("LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed",
                        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                        "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded");
    }

    @Test
    void aThrowFailsTheTaskWithItsErrorAndCauseAndTheLastResponseRepeats() {
        ExecutionResult result = run("Declined");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("Card.Declined");
        assertThat(result.cause()).isEqualTo("no funds");
    }

    @Test
    void mistakesInTheConfigurationAreNamed() {
        assertThatThrownBy(() -> MockConfig.parse("{"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {"T": {"S": "Missing"}}}}, "MockedResponses": {}}
                """)).hasMessageContaining("'Missing' is not defined");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses": {"R": {"first": {"Return": 1}}}}
                """)).hasMessageContaining("'first' is not an invocation number or range");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}}
                """)).hasMessageContaining("leaves invocations without a response");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses": {"R": {"0": {"Answer": 1}}}}
                """)).hasMessageContaining("needs Return or Throw");
        assertThatThrownBy(() -> MockConfig.parse(CONFIG).handlers("Orders", "NoSuchCase", REAL))
                .hasMessageContaining("No test case 'NoSuchCase'");
    }
}
