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
    void aThrowFailsTheTaskWithItsErrorAndCause() {
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
                """, "mocks.json")).hasMessage("mocks.json: test case 'T' of 'M': state 'S': the mocked response 'Missing'"
                + " is not defined in MockedResponses (there are none)");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses": {"R": {"first": {"Return": 1}}}}
                """)).hasMessageContaining("'first' is not an invocation number or range");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses": {"R": {"0": {"Return": 1}, "2": {"Return": 2}}}}
                """)).hasMessageContaining("'R': invocation 1 has no response");
        assertThatThrownBy(() -> MockConfig.parse("""
                {"MockedResponses": {"R": {"0": {"Answer": 1}}}}
                """)).hasMessageContaining("needs Return or Throw");
        assertThatThrownBy(() -> MockConfig.parse(CONFIG).handlers("Orders", "NoSuchCase", REAL))
                .hasMessageContaining("no test case 'NoSuchCase' for the state machine 'Orders' (there are: Flaky, Declined)");
    }
    @Test
    void aCallPastTheLastResponseFailsTheExecutionAsStepFunctionsLocalDoes() {
        String config = """
                {"StateMachines": {"Orders": {"TestCases": {"Busy": {"Charge": "BusyOnce"}}}},
                 "MockedResponses": {"BusyOnce": {"0": {"Throw": {"Error": "Bank.Busy", "Cause": "try again"}}}}}
                """;
        ExecutionResult result = new Engine(MockConfig.parse(config, "mocks.json").handlers("Orders", "Busy", REAL))
                .run(DefinitionParser.parse(MACHINE), Json.parse("{}"));
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).as("not caught, not retried: the test itself is wrong").isEqualTo("States.Runtime");
        assertThat(result.cause()).endsWith("mocks.json: test case 'Busy': the state 'Charge' was called 2 times,"
                + " but the mocked response 'BusyOnce' defines 1 (invocations 0-0)");
    }

    @Test
    void aFailureOfAStateTheTestCaseDoesNotMockNamesTheStateAndTheTestCase() {
        TaskHandlers failing = TaskHandlers.builder().resourcePrefix("arn:aws:lambda:", request ->
                CompletableFuture.failedFuture(new dev.statewright.interpreter.StatesException("States.TaskFailed",
                        "no Lambda endpoint"))).build();
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"Orders": {"TestCases": {"Paid": {"Charge": "Ok"}}}},
                 "MockedResponses": {"Ok": {"0": {"Return": {"charged": 1}}}}}
                """, "mocks.json");
        ExecutionResult result = new Engine(config.handlers("Orders", "Paid", failing))
                .run(DefinitionParser.parse(MACHINE), Json.parse("{}"));
        assertThat(result.error()).isEqualTo("States.TaskFailed");
        assertThat(result.cause()).isEqualTo("no Lambda endpoint (the state 'Ship' is not mocked by the test case"
                + " 'Paid' of mocks.json, so it made the real call)");
    }

    @Test
    void problemsAgainstTheMachineNameFileTestCaseAndState() {
        String machine = """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Call",
                  "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "f"}, "End": true}}}}}}
                """;
        MockConfig config = MockConfig.parse("""
                {"StateMachines": {"M": {"TestCases": {
                   "Good": {"Call": "WithPayload"}, "Nested": {"Call": "Bare"}, "Typo": {"Cal": "WithPayload"},
                   "Map": {"Fan": "WithPayload"}}}},
                 "MockedResponses": {"WithPayload": {"0": {"Return": {"StatusCode": 200, "Payload": 1}}},
                                     "Bare": {"0-1": {"Throw": {"Error": "E"}}, "2": {"Return": {"answer": 1}}}}}
                """, "mocks.json");
        var parsed = DefinitionParser.parse(machine);
        assertThat(config.problems("M", "Good", parsed)).isEmpty();
        assertThat(config.problems("M", null, parsed)).containsExactly(
                "mocks.json: test case 'Nested' of 'M': state 'Call': the mocked response 'Bare' (invocation 2) does not"
                        + " fit arn:aws:states:::lambda:invoke: its Return needs a Payload (the function's answer), as"
                        + " Lambda's Invoke answers {\"StatusCode\": 200, \"Payload\": ...}",
                "mocks.json: test case 'Typo' of 'M': state 'Cal': there is no such state in the state machine"
                        + " (there are: Call)",
                "mocks.json: test case 'Map' of 'M': state 'Fan': is a Map state; only Task states can be mocked");
        assertThat(config.testCases().get("M").keySet()).containsExactly("Good", "Nested", "Typo", "Map");
    }
}
