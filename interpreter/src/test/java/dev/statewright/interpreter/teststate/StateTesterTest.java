package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateTesterTest {
    private static final TaskHandlers ECHO = TaskHandlers.builder()
            .resourcePrefix("", request -> CompletableFuture.completedFuture(Json.object().set("echo", request.input())))
            .build();
    private final StateTester tester = new StateTester(ECHO, EngineOptions.defaults());

    private TestStateResult test(String definition, String input, InspectionLevel level, TestStateMock mock,
                                 TestStateConfiguration configuration) {
        return tester.test(new TestStateRequest(Json.parse(definition), null, Json.parse(input), level, Map.of(), null,
                mock, configuration));
    }

    private TestStateResult debug(String definition, String input) {
        return test(definition, input, InspectionLevel.DEBUG, null, null);
    }

    private static final String MAP = "{\"Type\":\"Map\",\"ItemProcessor\":{\"StartAt\":\"Each\",\"States\":"
            + "{\"Each\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}";
    private static final String PARALLEL = "{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"A\",\"States\":"
            + "{\"A\":{\"Type\":\"Pass\",\"End\":true}}}],\"End\":true}";

    private String refusal(String definition, TestStateMock mock, TestStateConfiguration configuration) {
        try {
            test(definition, "[1]", InspectionLevel.INFO, mock, configuration);
        } catch (TestStateRejected rejected) {
            return rejected.errorType() + ": " + rejected.getMessage();
        }
        throw new AssertionError("TestState ran " + definition);
    }

    @Test
    void whatWouldWaitForTheWorldOrIgnoreItsMockIsRefusedBeforeItRuns() {
        TestStateMock.Result array = new TestStateMock.Result(Json.parse("[1, 2]"));
        assertThat(refusal(MAP, null, null)).startsWith("ValidationException").contains("only with a mock");
        assertThat(refusal(PARALLEL, null, null)).contains("only with a mock");
        assertThat(refusal("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:1:activity:pack\",\"End\":true}",
                null, null)).contains("worker or a callback");
        assertThat(refusal("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\","
                + "\"End\":true}", null, null)).contains("worker or a callback");
        assertThat(refusal("{\"Type\":\"Pass\",\"End\":true}", array, null))
                .isEqualTo("ValidationException: State type 'Pass' is not supported when a mock is specified");
        assertThat(refusal(MAP, new TestStateMock.Result(Json.parse("{\"a\":1}")), null)).endsWith("Mocked result must be an array.");
        assertThat(refusal(PARALLEL, array, null)).contains("one element per branch (1)");
        assertThat(refusal(MAP, array, new TestStateConfiguration(0, "Nowhere", 0, null))).contains("errorCausedByState");
        assertThat(test(MAP, "[1, 2]", InspectionLevel.INFO, array, new TestStateConfiguration(0, "Each", 0, null)).status())
                .isEqualTo(TestStatus.SUCCEEDED);
    }

    @Test
    void passSucceedsWithItsNextStateWhichNeedNotExist() {
        TestStateResult result = debug("{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$.a\"},\"ResultPath\":\"$.r\",\"Next\":\"Elsewhere\"}",
                "{\"a\":1}");
        assertThat(result.status()).isEqualTo(TestStatus.SUCCEEDED);
        assertThat(result.nextState()).isEqualTo("Elsewhere");
        assertThat(result.output()).isEqualTo(Json.parse("{\"a\":1,\"r\":{\"v\":1}}"));
        InspectionData data = result.inspectionData();
        assertThat(data.input()).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(data.afterInputPath()).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(data.afterParameters()).isEqualTo(Json.parse("{\"v\":1}"));
        assertThat(data.afterResultPath()).isEqualTo(Json.parse("{\"a\":1,\"r\":{\"v\":1}}"));
        assertThat(data.result()).isNull();
    }

    @Test
    void passWithResultShowsTheResultInsteadOfInputPathAndParameters() {
        InspectionData data = debug("{\"Type\":\"Pass\",\"Result\":{\"k\":2},\"End\":true}", "{}").inspectionData();
        assertThat(data.result()).isEqualTo(Json.parse("{\"k\":2}"));
        assertThat(data.afterInputPath()).isNull();
        assertThat(data.afterParameters()).isNull();
    }

    @Test
    void infoLevelGivesNoInspectionData() {
        TestStateResult result = test("{\"Type\":\"Succeed\"}", "{}", InspectionLevel.INFO, null, null);
        assertThat(result.status()).isEqualTo(TestStatus.SUCCEEDED);
        assertThat(result.inspectionData()).isNull();
    }

    @Test
    void choiceGivesTheTargetItChose() {
        TestStateResult result = debug("{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":5,"
                + "\"Next\":\"Big\"}],\"Default\":\"Small\"}", "{\"n\":9}");
        assertThat(result.nextState()).isEqualTo("Big");
        assertThat(result.inspectionData().afterInputPath()).isEqualTo(Json.parse("{\"n\":9}"));
    }

    @Test
    void failStateFailsWithItsErrorAndCause() {
        TestStateResult result = debug("{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"why\"}", "{}");
        assertThat(result.status()).isEqualTo(TestStatus.FAILED);
        assertThat(result.error()).isEqualTo("E");
        assertThat(result.cause()).isEqualTo("why");
    }

    @Test
    void unmockedTaskRunsThroughTheGivenHandlers() {
        TestStateResult result = debug("{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\",\"End\":true}",
                "{\"x\":1}");
        assertThat(result.output()).isEqualTo(Json.parse("{\"echo\":{\"x\":1}}"));
        assertThat(result.inspectionData().result()).isEqualTo(Json.parse("{\"echo\":{\"x\":1}}"));
    }

    @Test
    void mockedErrorIsCaughtWithTheCatcherIndex() {
        TestStateResult result = test("{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\",\"End\":true,"
                        + "\"Catch\":[{\"ErrorEquals\":[\"Other\"],\"Next\":\"A\"},{\"ErrorEquals\":[\"Boom\"],\"Next\":\"B\"}]}",
                "{}", InspectionLevel.DEBUG, new TestStateMock.Failure("Boom", "bad"), null);
        assertThat(result.status()).isEqualTo(TestStatus.CAUGHT_ERROR);
        assertThat(result.nextState()).isEqualTo("B");
        assertThat(result.error()).isEqualTo("Boom");
        assertThat(result.output()).isEqualTo(Json.parse("{\"Error\":\"Boom\",\"Cause\":\"bad\"}"));
        assertThat(result.inspectionData().errorDetails()).isEqualTo(new ErrorDetails(1, null, null));
    }

    @Test
    void retrierWithAttemptsLeftMakesItRetriableWithTheBackoffForItsRetryCount() {
        String task = "{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\",\"End\":true,"
                + "\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":2,\"BackoffRate\":3,\"MaxAttempts\":3}]}";
        TestStateResult retriable = test(task, "{}", InspectionLevel.DEBUG, new TestStateMock.Failure("Boom", "bad"),
                new TestStateConfiguration(2, null, 0, null));
        assertThat(retriable.status()).isEqualTo(TestStatus.RETRIABLE);
        assertThat(retriable.output()).isNull();
        assertThat(retriable.inspectionData().errorDetails()).isEqualTo(new ErrorDetails(null, 0, 18L));

        TestStateResult exhausted = test(task, "{}", InspectionLevel.DEBUG, new TestStateMock.Failure("Boom", "bad"),
                new TestStateConfiguration(3, null, 0, null));
        assertThat(exhausted.status()).isEqualTo(TestStatus.FAILED);
        assertThat(exhausted.inspectionData().errorDetails()).isEqualTo(new ErrorDetails(null, 0, null));
    }

    @Test
    void mockedMapResultReplacesItsIterationsAndShowsItsSettings() {
        String map = "{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":2,\"ToleratedFailureCount\":1,"
                + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Fail\",\"Error\":\"Never\"}}},\"End\":true}";
        TestStateResult result = test(map, "{\"items\":[1,2,3]}", InspectionLevel.DEBUG,
                new TestStateMock.Result(Json.parse("[7,8,9]")), null);
        assertThat(result.status()).isEqualTo(TestStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[7,8,9]"));
        assertThat(result.inspectionData().afterItemsPath()).isEqualTo(Json.parse("[1,2,3]"));
        assertThat(result.inspectionData().maxConcurrency()).isEqualTo(2);
        assertThat(result.inspectionData().toleratedFailureCount()).isEqualTo(1);
    }

    @Test
    void simulatedMapFailuresOverTheToleranceFailTheMap() {
        String map = "{\"Type\":\"Map\",\"ToleratedFailureCount\":1,"
                + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},\"End\":true}";
        TestStateResult within = test(map, "[1,2,3]", InspectionLevel.INFO, new TestStateMock.Result(Json.parse("[1,2,3]")),
                new TestStateConfiguration(0, null, 1, null));
        assertThat(within.status()).isEqualTo(TestStatus.SUCCEEDED);
        TestStateResult over = test(map, "[1,2,3]", InspectionLevel.INFO, new TestStateMock.Result(Json.parse("[1,2,3]")),
                new TestStateConfiguration(0, null, 2, null));
        assertThat(over.status()).isEqualTo(TestStatus.FAILED);
        assertThat(over.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void namedStateInsideAMapProcessorRunsAloneWithTheMachinesQueryLanguage() {
        String machine = "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemProcessor\":"
                + "{\"StartAt\":\"Inner\",\"States\":{\"Inner\":{\"Type\":\"Pass\",\"Output\":\"{% $states.input.v * 2 %}\","
                + "\"Next\":\"Last\"},\"Last\":{\"Type\":\"Succeed\"}}},\"End\":true}}}";
        TestStateResult result = tester.test(new TestStateRequest(Json.parse(machine), "Inner", Json.parse("{\"v\":4}"),
                InspectionLevel.DEBUG, Map.of(), null, null, null));
        assertThat(result.output()).isEqualTo(Json.parse("8"));
        assertThat(result.nextState()).isEqualTo("Last");
    }

    @Test
    void requestVariablesAndContextAreWhatTheStateSees() {
        JsonNode context = Json.parse("{\"Execution\":{\"Name\":\"given\"}}");
        TestStateResult result = tester.test(new TestStateRequest(
                Json.parse("{\"Type\":\"Pass\",\"Parameters\":{\"n.$\":\"$$.Execution.Name\",\"v.$\":\"$x\"},\"End\":true}"),
                null, Json.parse("{}"), InspectionLevel.DEBUG, Map.of("x", Json.parse("5")), context, null, null));
        assertThat(result.output()).isEqualTo(Json.parse("{\"n\":\"given\",\"v\":5}"));
        assertThat(result.inspectionData().variables()).isEqualTo(Json.parse("{\"x\":5}"));
    }

    @Test
    void invalidStateIsAnInvalidDefinitionAndAnUnknownNameAValidationError() {
        assertThatThrownBy(() -> debug("{\"Type\":\"Pass\",\"Bogus\":1,\"End\":true}", "{}"))
                .isInstanceOfSatisfying(TestStateRejected.class, e -> assertThat(e.errorType()).isEqualTo("InvalidDefinition"));
        assertThatThrownBy(() -> tester.test(new TestStateRequest(
                Json.parse("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}"), "Missing", Json.parse("{}"),
                InspectionLevel.INFO, Map.of(), null, null, null)))
                .isInstanceOfSatisfying(TestStateRejected.class, e -> assertThat(e.errorType()).isEqualTo("ValidationException"));
    }
}
