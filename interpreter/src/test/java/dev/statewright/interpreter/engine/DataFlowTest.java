package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSONPath data flow of states: InputPath, Parameters, ResultSelector, ResultPath and
 * OutputPath, the payload size limit, and how Succeed and Fail states produce their outcome.
 */
class DataFlowTest {

    private static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:echo";
    private static final int LIMIT = 256 * 1024;

    private final Engine engine = new Engine(TaskHandlers.none());
    private final Engine echoEngine = new Engine(TaskHandlers.builder()
            .resource(ECHO, request -> CompletableFuture.completedFuture(request.input()))
            .build());

    // ---------------------------------------------------------------- helpers

    private ExecutionResult run(String definition, String input) {
        return run(engine, definition, input);
    }

    private static ExecutionResult run(Engine engine, String definition, String input) {
        return engine.run(DefinitionParser.parse(definition), Json.parse(input));
    }

    /** A machine of one Pass state named P with the given fields. */
    private static String pass(String fields) {
        return """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", %s "End": true}}}"""
                .formatted(fields.isBlank() ? "" : fields + ",");
    }

    private static JsonNode succeeded(ExecutionResult result) {
        assertThat(result.status()).as("status (error %s: %s)", result.error(), result.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output();
    }

    private static void assertFailed(ExecutionResult result, String error) {
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo(error);
        assertThat(result.output()).isNull();
    }

    private static String runtimePrefix(String state, int eventId) {
        return "An error occurred while executing the state '" + state + "' (entered at the event id #" + eventId + "). ";
    }

    private static List<String> eventTypes(ExecutionResult result) {
        return result.history().stream().map(HistoryEvent::type).toList();
    }

    private static HistoryEvent firstEvent(ExecutionResult result, String type) {
        return result.history().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }

    private static String jsonString(String raw) {
        return Json.write(Json.NODES.textNode(raw));
    }

    // ---------------------------------------------------------------- InputPath

    @Test
    void inputPathSelectsThePartOfTheInputTheStateWorksOn() {
        ExecutionResult result = run(pass("\"InputPath\": \"$.order.items[1]\""),
                "{\"order\": {\"items\": [{\"id\": 1}, {\"id\": 2}]}, \"other\": true}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"id\": 2}"));
    }

    @Test
    void inputPathDollarPassesTheWholeInput() {
        assertThat(succeeded(run(pass("\"InputPath\": \"$\""), "{\"a\": [1, 2]}")))
                .isEqualTo(Json.parse("{\"a\": [1, 2]}"));
    }

    @Test
    void inputPathNullGivesAnEmptyObject() {
        assertThat(succeeded(run(pass("\"InputPath\": null"), "{\"a\": 1}"))).isEqualTo(Json.parse("{}"));
    }

    @Test
    void inputPathNullFeedsAnEmptyObjectToParameters() {
        ExecutionResult result = run(pass("\"InputPath\": null, \"Parameters\": {\"Arg\": \"x\", \"FromInput.$\": \"$\"}"),
                "{\"InputValue\": 0}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"Arg\": \"x\", \"FromInput\": {}}"));
    }

    @Test
    void inputPathThatSelectsNothingFailsWithRuntimeError() {
        ExecutionResult result = run(pass("\"InputPath\": \"$.missing\""), "{\"a\": 1}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).startsWith(runtimePrefix("P", 2)).contains("'$.missing'");
    }

    // ---------------------------------------------------------------- Parameters

    @Test
    void parametersBuildANewInputFromPathsNestedObjectsAndArrays() {
        String definition = pass("""
                "Parameters": {
                  "constant": "c",
                  "number": 3,
                  "name.$": "$.user.name",
                  "tags.$": "$.tags",
                  "whole.$": "$.user",
                  "nested": {"id.$": "$.user.id", "fixed": true, "deeper": {"first.$": "$.tags[0]"}},
                  "list": [{"second.$": "$.tags[1]"}, "plain", 2, [{"id.$": "$.user.id"}]]
                }""");
        ExecutionResult result = run(definition, "{\"user\": {\"name\": \"Ana\", \"id\": 7}, \"tags\": [\"a\", \"b\"]}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("""
                {
                  "constant": "c",
                  "number": 3,
                  "name": "Ana",
                  "tags": ["a", "b"],
                  "whole": {"name": "Ana", "id": 7},
                  "nested": {"id": 7, "fixed": true, "deeper": {"first": "a"}},
                  "list": [{"second": "b"}, "plain", 2, [{"id": 7}]]
                }"""));
    }

    @Test
    void parametersReadTheContextObject() {
        String definition = """
                {"StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Result": {"replaced": true}, "Next": "Second"},
                  "Second": {"Type": "Pass", "InputPath": "$.replaced", "Parameters": {
                    "original.$": "$$.Execution.Input",
                    "originalField.$": "$$.Execution.Input.a",
                    "state.$": "$$.State.Name",
                    "fromInput.$": "$"
                  }, "End": true}
                }}""";
        ExecutionResult result = run(definition, "{\"a\": 1, \"b\": [true]}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("""
                {"original": {"a": 1, "b": [true]}, "originalField": 1, "state": "Second", "fromInput": true}"""));
    }

    @Test
    void parametersAreAppliedAfterInputPath() {
        ExecutionResult result = run(pass("\"InputPath\": \"$.inner\", \"Parameters\": {\"v.$\": \"$.v\"}"),
                "{\"v\": \"outer\", \"inner\": {\"v\": \"inner\"}}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"v\": \"inner\"}"));
    }

    @Test
    void parametersPathThatSelectsNothingFailsWithRuntimeError() {
        ExecutionResult result = run(pass("\"Parameters\": {\"value.$\": \"$.missing\"}"), "{\"a\": 1}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).isEqualTo(runtimePrefix("P", 2)
                + "The JSONPath '$.missing' specified for the field 'value.$' could not be found in the input '{\"a\":1}'");
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "PassStateEntered", "ExecutionFailed");
    }

    @Test
    void parametersPathInsideANestedObjectThatSelectsNothingFailsWithRuntimeError() {
        ExecutionResult result = run(pass("\"Parameters\": {\"outer\": {\"inner.$\": \"$.a.b\"}}"), "{\"a\": {}}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).startsWith(runtimePrefix("P", 2))
                .contains("'$.a.b'", "'inner.$'", "could not be found in the input");
    }

    @Test
    void parametersContextPathThatSelectsNothingFailsWithRuntimeError() {
        ExecutionResult result = run(pass("\"Parameters\": {\"x.$\": \"$$.Execution.NoSuchField\"}"), "{}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).startsWith(runtimePrefix("P", 2))
                .contains("specified for the field 'x.$' could not be found in the");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"$.items[*]", "$.items[*].id", "$..id", "$.items[?(@.id > 1)]"})
    void indefinitePathOnMissingDataGivesAnEmptyArray(String path) {
        ExecutionResult result = run(pass("\"Parameters\": {\"ids.$\": " + jsonString(path) + "}"), "{\"other\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"ids\": []}"));
    }

    @Test
    void indefinitePathSelectsEveryMatch() {
        ExecutionResult result = run(pass("\"Parameters\": {\"ids.$\": \"$.items[*].id\", \"big.$\": \"$.items[?(@.id > 1)].id\"}"),
                "{\"items\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"ids\": [1, 2, 3], \"big\": [2, 3]}"));
    }

    // ---------------------------------------------------------------- Pass Result

    @Test
    void passResultReplacesTheInput() {
        assertThat(succeeded(run(pass("\"Result\": {\"b\": 2}"), "{\"a\": 1}"))).isEqualTo(Json.parse("{\"b\": 2}"));
    }

    @Test
    void passResultIsUsedLiterallyWithoutEvaluatingPathKeys() {
        assertThat(succeeded(run(pass("\"Result\": {\"x.$\": \"$.a\"}"), "{\"a\": 1}")))
                .isEqualTo(Json.parse("{\"x.$\": \"$.a\"}"));
    }

    @Test
    void passWithoutResultOrParametersPassesItsInputThrough() {
        assertThat(succeeded(run(pass(""), "[1, \"two\", null]"))).isEqualTo(Json.parse("[1, \"two\", null]"));
    }

    // ---------------------------------------------------------------- ResultPath

    @Test
    void resultPathMergesTheResultIntoTheInput() {
        ExecutionResult result = run(pass("\"Result\": {\"r\": true}, \"ResultPath\": \"$.x\""), "{\"a\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"a\": 1, \"x\": {\"r\": true}}"));
    }

    @Test
    void resultPathOverwritesAnExistingField() {
        ExecutionResult result = run(pass("\"Result\": \"new\", \"ResultPath\": \"$.x\""), "{\"x\": {\"old\": 1}, \"y\": 2}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"x\": \"new\", \"y\": 2}"));
    }

    @Test
    void nestedResultPathCreatesTheMissingObjects() {
        ExecutionResult result = run(pass("\"Result\": 5, \"ResultPath\": \"$.a.b.c\""), "{\"keep\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"keep\": 1, \"a\": {\"b\": {\"c\": 5}}}"));
    }

    @Test
    void nestedResultPathKeepsTheSiblingsAlongThePath() {
        ExecutionResult result = run(pass("\"Result\": 5, \"ResultPath\": \"$.a.b\""), "{\"a\": {\"c\": 2}, \"d\": 3}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"a\": {\"c\": 2, \"b\": 5}, \"d\": 3}"));
    }

    @Test
    void resultPathNullKeepsTheInput() {
        ExecutionResult result = run(pass("\"Result\": {\"r\": true}, \"ResultPath\": null"), "{\"a\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"a\": 1}"));
    }

    @Test
    void resultPathDollarReplacesTheInput() {
        ExecutionResult result = run(pass("\"Result\": [1, 2], \"ResultPath\": \"$\""), "{\"a\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("[1, 2]"));
    }

    @Test
    void resultPathCombinesWithTheRawInputNotTheInputPathSelection() {
        ExecutionResult result = run(pass("\"InputPath\": \"$.a\", \"ResultPath\": \"$.r\""),
                "{\"a\": {\"b\": 1}, \"c\": 2}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"a\": {\"b\": 1}, \"c\": 2, \"r\": {\"b\": 1}}"));
    }

    @Test
    void resultPathDoesNotChangeTheInputSeenInHistory() {
        ExecutionResult result = run(pass("\"Result\": 1, \"ResultPath\": \"$.x\""), "{\"a\": 1}");
        succeeded(result);
        assertThat(firstEvent(result, "PassStateEntered").details().get("input")).isEqualTo(Json.parse("{\"a\": 1}"));
        assertThat(firstEvent(result, "PassStateExited").details().get("output"))
                .isEqualTo(Json.parse("{\"a\": 1, \"x\": 1}"));
    }

    @ParameterizedTest(name = "input {0}, ResultPath {1}")
    @CsvSource(delimiter = '|', value = {
            "[1, 2]         | $.x",
            "\"text\"       | $.x",
            "42             | $.x",
            "true           | $.x",
            "{\"a\": \"s\"} | $.a.b",
            "{\"a\": [1]}   | $.a.b"})
    void resultPathOnANonObjectFailsWithResultPathMatchFailure(String input, String path) {
        ExecutionResult result = run(pass("\"Result\": 1, \"ResultPath\": " + jsonString(path)), input);
        assertFailed(result, "States.ResultPathMatchFailure");
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "PassStateEntered", "ExecutionFailed");
    }

    @Test
    void resultPathMatchFailureOfATaskCanBeCaught() {
        String definition = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "%s", "ResultPath": "$.x",
                        "Catch": [{"ErrorEquals": ["States.ResultPathMatchFailure"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "Parameters": {"error.$": "$.Error"}, "End": true}
                }}""".formatted(ECHO);
        ExecutionResult result = run(echoEngine, definition, "[1, 2]");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"error\": \"States.ResultPathMatchFailure\"}"));
    }

    // ---------------------------------------------------------------- OutputPath

    @Test
    void outputPathSelectsThePartOfTheResultThatIsPassedOn() {
        ExecutionResult result = run(pass("\"Result\": {\"v\": 1}, \"ResultPath\": \"$.r\", \"OutputPath\": \"$.r.v\""),
                "{\"a\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("1"));
    }

    @Test
    void outputPathNullGivesAnEmptyObject() {
        assertThat(succeeded(run(pass("\"OutputPath\": null"), "{\"a\": 1}"))).isEqualTo(Json.parse("{}"));
    }

    @Test
    void outputPathThatSelectsNothingFailsWithRuntimeError() {
        ExecutionResult result = run(pass("\"OutputPath\": \"$.x\""), "{\"a\": 1}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).isEqualTo(runtimePrefix("P", 2) + "Invalid path '$.x' : No results for path: $['x']");
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "PassStateEntered", "ExecutionFailed");
    }

    @Test
    void runtimeCauseNamesTheStateAndItsEnteredEvent() {
        String definition = """
                {"StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Next": "Second"},
                  "Second": {"Type": "Pass", "OutputPath": "$.x", "End": true}
                }}""";
        ExecutionResult result = run(definition, "{}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).isEqualTo(
                "An error occurred while executing the state 'Second' (entered at the event id #4). "
                        + "Invalid path '$.x' : No results for path: $['x']");
    }

    @Test
    void runtimeErrorsAreNotCaught() {
        String definition = """
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "%s", "OutputPath": "$.missing",
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Succeed"}
                }}""".formatted(ECHO);
        ExecutionResult result = run(echoEngine, definition, "{\"a\": 1}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).startsWith(runtimePrefix("T", 2));
    }

    // ---------------------------------------------------------------- Task: Parameters, ResultSelector

    @Test
    void taskResultSelectorShapesTheResultBeforeResultPath() {
        String definition = """
                {"StartAt": "T", "States": {"T": {
                  "Type": "Task", "Resource": "%s",
                  "Parameters": {"payload": {"n.$": "$.n"}, "extra": "x"},
                  "ResultSelector": {"n.$": "$.payload.n", "fixed": "k", "state.$": "$$.State.Name", "all.$": "$"},
                  "ResultPath": "$.res",
                  "End": true
                }}}""".formatted(ECHO);
        ExecutionResult result = run(echoEngine, definition, "{\"n\": 5, \"keep\": true}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("""
                {"n": 5, "keep": true, "res": {"n": 5, "fixed": "k", "state": "T",
                  "all": {"payload": {"n": 5}, "extra": "x"}}}"""));
        assertThat(firstEvent(result, "LambdaFunctionScheduled").details().get("input"))
                .isEqualTo(Json.parse("{\"payload\": {\"n\": 5}, \"extra\": \"x\"}"));
        assertThat(firstEvent(result, "LambdaFunctionSucceeded").details().get("output"))
                .isEqualTo(Json.parse("{\"payload\": {\"n\": 5}, \"extra\": \"x\"}"));
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void taskDataFlowAppliesInputPathParametersResultSelectorResultPathAndOutputPathInOrder() {
        String definition = """
                {"StartAt": "T", "States": {"T": {
                  "Type": "Task", "Resource": "%s",
                  "InputPath": "$.request",
                  "Parameters": {"value.$": "$.value"},
                  "ResultSelector": {"echoed.$": "$.value"},
                  "ResultPath": "$.request.response",
                  "OutputPath": "$.request",
                  "End": true
                }}}""".formatted(ECHO);
        ExecutionResult result = run(echoEngine, definition, "{\"request\": {\"value\": \"v\"}, \"noise\": 1}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"value\": \"v\", \"response\": {\"echoed\": \"v\"}}"));
    }

    @Test
    void taskWithoutResultPathReplacesTheInputWithTheResult() {
        String definition = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"only": 1}, "End": true}}}""".formatted(ECHO);
        assertThat(succeeded(run(echoEngine, definition, "{\"a\": 1}"))).isEqualTo(Json.parse("{\"only\": 1}"));
    }

    @Test
    void taskResultSelectorPathThatSelectsNothingFailsWithRuntimeError() {
        String definition = """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s",
                  "ResultSelector": {"x.$": "$.nope"}, "End": true}}}""".formatted(ECHO);
        ExecutionResult result = run(echoEngine, definition, "{\"a\": 1}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).startsWith(runtimePrefix("T", 2))
                .contains("'$.nope'", "'x.$'", "could not be found in the input");
    }

    // ---------------------------------------------------------------- payload size limit

    @Test
    void passProducingMoreThan256KiBFailsWithDataLimitExceeded() {
        ExecutionResult result = run(pass("\"Result\": " + jsonString("x".repeat(300 * 1024))), "{}");
        assertFailed(result, "States.DataLimitExceeded");
        assertThat(result.cause()).isEqualTo(
                "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.");
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "PassStateEntered", "ExecutionFailed");
    }

    @Test
    void outputOfExactly256KiBIsAllowedAndOneByteMoreIsNot() {
        // The output is a JSON string: its characters plus two quotes.
        ExecutionResult atLimit = run(pass("\"Result\": " + jsonString("x".repeat(LIMIT - 2))), "{}");
        assertThat(succeeded(atLimit).textValue()).hasSize(LIMIT - 2);
        ExecutionResult overLimit = run(pass("\"Result\": " + jsonString("x".repeat(LIMIT - 1))), "{}");
        assertFailed(overLimit, "States.DataLimitExceeded");
    }

    @Test
    void payloadLimitCountsUtf8BytesNotCharacters() {
        // 140,000 characters of two bytes each: under the limit in characters, over it in bytes.
        ExecutionResult result = run(pass("\"Result\": " + jsonString("é".repeat(140_000))), "{}");
        assertFailed(result, "States.DataLimitExceeded");
    }

    @Test
    void largeResultDiscardedByResultPathNullIsWithinTheLimit() {
        ExecutionResult result = run(pass("\"Result\": " + jsonString("x".repeat(300 * 1024)) + ", \"ResultPath\": null"),
                "{\"small\": true}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"small\": true}"));
    }

    // ---------------------------------------------------------------- Succeed

    @Test
    void succeedPassesItsInputOn() {
        String definition = "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Succeed\"}}}";
        ExecutionResult result = run(definition, "{\"a\": [1]}");
        assertThat(succeeded(result)).isEqualTo(Json.parse("{\"a\": [1]}"));
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "SucceedStateEntered",
                "SucceedStateExited", "ExecutionSucceeded");
    }

    @Test
    void succeedAppliesInputPathAndOutputPath() {
        String definition = """
                {"StartAt": "S", "States": {"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}}""";
        assertThat(succeeded(run(definition, "{\"a\": {\"b\": {\"c\": 1}}, \"b\": 0}"))).isEqualTo(Json.parse("{\"c\": 1}"));
    }

    @Test
    void succeedOutputPathThatSelectsNothingFailsWithRuntimeError() {
        String definition = "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Succeed\", \"OutputPath\": \"$.x\"}}}";
        ExecutionResult result = run(definition, "{}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).isEqualTo(runtimePrefix("S", 2) + "Invalid path '$.x' : No results for path: $['x']");
    }

    // ---------------------------------------------------------------- Fail

    @Test
    void failStateEndsTheExecutionWithItsErrorAndCause() {
        String definition = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "SomeFailure",
                  "Cause": "This state machine raises a 'SomeFailure' failure."}}}""";
        ExecutionResult result = run(definition, "{}");
        assertFailed(result, "SomeFailure");
        assertThat(result.cause()).isEqualTo("This state machine raises a 'SomeFailure' failure.");
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
        HistoryEvent failed = firstEvent(result, "ExecutionFailed");
        assertThat(failed.details().get("error").asText()).isEqualTo("SomeFailure");
        assertThat(failed.details().get("cause").asText()).isEqualTo("This state machine raises a 'SomeFailure' failure.");
    }

    @Test
    void failStateWithoutErrorOrCauseFailsWithNeither() {
        ExecutionResult result = run("{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\"}}}", "{}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isNull();
        assertThat(result.cause()).isNull();
    }

    @Test
    void failStateReadsErrorPathAndCausePathFromItsInput() {
        String definition = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "ErrorPath": "$.failure.code",
                  "CausePath": "$.failure.message"}}}""";
        ExecutionResult result = run(definition, "{\"failure\": {\"code\": \"E42\", \"message\": \"went wrong\"}}");
        assertFailed(result, "E42");
        assertThat(result.cause()).isEqualTo("went wrong");
    }

    @Test
    void failStateCausePathCanBeAnIntrinsicFormat() {
        String definition = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail",
                  "ErrorPath": "States.Format('{}', $.Error)",
                  "CausePath": "States.Format('Item {} failed with code {}: {}', $.item, $.code, $.Cause)"}}}""";
        ExecutionResult result = run(definition,
                "{\"Error\": \"error string\", \"Cause\": \"cause string\", \"item\": \"widget\", \"code\": 42}");
        assertFailed(result, "error string");
        assertThat(result.cause()).isEqualTo("Item widget failed with code 42: cause string");
    }

    @Test
    void failStateErrorPathThatSelectsNothingFailsWithRuntimeError() {
        String definition = """
                {"StartAt": "First", "States": {
                  "First": {"Type": "Pass", "Next": "F"},
                  "F": {"Type": "Fail", "ErrorPath": "$.ErrorX", "Cause": "c"}
                }}""";
        ExecutionResult result = run(definition, "{\"Error\": \"e\"}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).isEqualTo(runtimePrefix("F", 4)
                + "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\":\"e\"}'");
    }

    @Test
    void failStateCausePathThatSelectsNothingFailsWithRuntimeError() {
        String definition = """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "CausePath": "$.NoSuchCausePath"}}}""";
        ExecutionResult result = run(definition, "{}");
        assertFailed(result, "States.Runtime");
        assertThat(result.cause()).isEqualTo(runtimePrefix("F", 2)
                + "The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{}'");
    }
}
