package dev.statewright.interpreter.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions AWS adds to JSONata ($partition, $range, $hash, $random, $uuid, $parse; $eval
 * refused), each run through a real JSONata state, and States.QueryEvaluationError: its causes in
 * AWS's words, its EvaluationFailed event, and catching it. Also what {@code $states} holds and
 * how Output defaults and JSON null behave.
 */
class JsonataFunctionsTest {

    private static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:echo";
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final Engine engine = new Engine(TaskHandlers.builder()
            .resource(ECHO, request -> CompletableFuture.completedFuture(request.input()))
            .build());

    // ---------------------------------------------------------------- helpers

    private ExecutionResult run(String definition, String input) {
        return engine.run(DefinitionParser.parse(definition), Json.parse(input));
    }

    /** A JSONata machine of one Pass state named S whose Output is the given JSON value. */
    private ExecutionResult passOutput(String outputJson, String input) {
        return run("""
                {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": %s, "End": true}}}
                """.formatted(outputJson), input);
    }

    /** Evaluates one expression as the Output of a Pass state and returns the execution's output. */
    private JsonNode eval(String expression) {
        return succeeded(passOutput(Json.write(Json.NODES.textNode("{% " + expression + " %}")), "{}"));
    }

    /** Runs one expression as Output field {@code x} of a Pass state S and returns the failed execution. */
    private ExecutionResult failing(String expression) {
        ExecutionResult result = passOutput("{\"x\": " + Json.write(Json.NODES.textNode("{% " + expression + " %}")) + "}",
                "{}");
        assertThat(result.status()).as("status (output %s)", result.output()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(result.cause()).doesNotContain("JSonataException");
        return result;
    }

    private static JsonNode succeeded(ExecutionResult result) {
        assertThat(result.status()).as("status (error %s: %s)", result.error(), result.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output();
    }

    /** AWS's prefix for a state S entered at event #2, the first state of a machine. */
    private static String prefix(String state, int eventId) {
        return "An error occurred while executing the state '" + state + "' (entered at the event id #" + eventId + "). ";
    }

    private static String about(String expression, String field) {
        return "The JSONata expression '" + expression + "' specified for the field '" + field + "' ";
    }

    private static List<String> types(ExecutionResult result) {
        return result.history().stream().map(HistoryEvent::type).toList();
    }

    private static HistoryEvent only(ExecutionResult result, String type) {
        List<HistoryEvent> events = result.history().stream().filter(event -> event.type().equals(type)).toList();
        assertThat(events).as("events of type %s", type).hasSize(1);
        return events.get(0);
    }

    private static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    // ================================================================ the functions AWS adds

    @Nested
    class Partition {

        @Test
        void splitsAnArrayIntoChunksWithAShorterLastChunk() {
            assertThat(eval("$partition([1, 2, 3, 4, 5, 6, 7], 3)")).isEqualTo(Json.parse("[[1, 2, 3], [4, 5, 6], [7]]"));
        }

        @Test
        void chunksOfEqualSizeAndOneChunkLargerThanTheArray() {
            assertThat(eval("$partition(['a', 'b', 'c', 'd'], 2)")).isEqualTo(Json.parse("[[\"a\", \"b\"], [\"c\", \"d\"]]"));
            assertThat(eval("$partition([0], 1)")).isEqualTo(Json.parse("[[0]]"));
            assertThat(eval("$partition([0, 1], 5)")).isEqualTo(Json.parse("[[0, 1]]"));
        }

        @Test
        void readsItsArgumentsFromTheInput() {
            ExecutionResult result = passOutput("\"{% $partition($states.input.items, $states.input.size) %}\"",
                    "{\"items\": [{\"k\": 1}, {\"k\": 2}, {\"k\": 3}], \"size\": 2}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("[[{\"k\": 1}, {\"k\": 2}], [{\"k\": 3}]]"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "1.5"})
        void aChunkSizeThatIsNotAPositiveIntegerIsAnError(String size) {
            String expression = "$partition([1, 2, 3], " + size + ")";
            ExecutionResult result = failing(expression);
            assertThat(result.cause()).startsWith(prefix("S", 2) + about(expression, "Output/x")
                    + "threw an error during evaluation. ");
        }
    }

    @Nested
    class Range {

        @Test
        void ascendingWithTheEndIncludedWhenAStepLandsOnIt() {
            assertThat(eval("$range(0, 10, 2)")).isEqualTo(Json.parse("[0, 2, 4, 6, 8, 10]"));
            assertThat(eval("$range(0, 10, 3)")).isEqualTo(Json.parse("[0, 3, 6, 9]"));
        }

        @Test
        void descendingWithANegativeStep() {
            assertThat(eval("$range(10, 0, -3)")).isEqualTo(Json.parse("[10, 7, 4, 1]"));
            assertThat(eval("$range(3, -3, -2)")).isEqualTo(Json.parse("[3, 1, -1, -3]"));
        }

        @Test
        void aSingleItemComesOutUnwrappedAsAwsGivesIt() {
            assertThat(eval("$range(1, 9, 9)")).isEqualTo(Json.parse("1"));
        }

        @Test
        void aStepOfZeroIsAnError() {
            ExecutionResult result = failing("$range(1, 5, 0)");
            assertThat(result.cause()).startsWith(prefix("S", 2) + about("$range(1, 5, 0)", "Output/x")
                    + "threw an error during evaluation. ");
        }
    }

    @Nested
    class Hash {

        private static final String TEXT = "The quick brown fox jumps over the lazy dog \u00e9\u00e8";

        @ParameterizedTest
        @ValueSource(strings = {"MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"})
        void givesTheLowerCaseHexDigestOfTheUtf8Text(String algorithm) throws Exception {
            ExecutionResult result = passOutput("\"{% $hash($states.input.text, $states.input.algorithm) %}\"",
                    Json.write(Json.object().put("text", TEXT).put("algorithm", algorithm)));
            assertThat(succeeded(result).textValue()).isEqualTo(hex(algorithm, TEXT));
        }

        @Test
        void knownDigestOfAFixedString() throws Exception {
            assertThat(eval("$hash('hello world', 'SHA-256')").textValue()).isEqualTo(hex("SHA-256", "hello world"))
                    .isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        }

        @ParameterizedTest
        @ValueSource(strings = {"'SHA-999'", "'sha-256'", "1"})
        void anUnknownAlgorithmIsAnError(String algorithm) {
            String expression = "$hash('x', " + algorithm + ")";
            ExecutionResult result = failing(expression);
            assertThat(result.cause()).startsWith(prefix("S", 2) + about(expression, "Output/x")
                    + "threw an error during evaluation. ");
        }
    }

    @Nested
    class RandomAndUuid {

        @Test
        void randomIsANumberFromZeroUpToOne() {
            JsonNode values = eval("[$random(), $random(), $random(), $random(), $random()]");
            assertThat(values).hasSize(5).allSatisfy(value -> {
                assertThat(value.isNumber()).isTrue();
                assertThat(value.doubleValue()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            });
        }

        @Test
        void aSeedGivesTheSameNumberEveryTime() {
            JsonNode values = eval("[$random(42), $random(42), $random(7)]");
            assertThat(values.get(0).doubleValue()).isEqualTo(values.get(1).doubleValue())
                    .isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            assertThat(values.get(2).doubleValue()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            assertThat(eval("$random(42)").doubleValue()).isEqualTo(values.get(0).doubleValue());
        }

        @Test
        void uuidIsAVersionFourUuidAndNewEachCall() {
            JsonNode values = eval("[$uuid(), $uuid()]");
            assertThat(values.get(0).textValue()).matches(UUID_V4);
            assertThat(values.get(1).textValue()).matches(UUID_V4);
            assertThat(values.get(0)).isNotEqualTo(values.get(1));
        }
    }

    @Nested
    class Parse {

        @Test
        void parsesJsonTextIntoAValue() {
            ExecutionResult result = passOutput("\"{% $parse($states.input.text) %}\"",
                    Json.write(Json.object().put("text", "{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\", \"e\": 1.5}")));
            assertThat(succeeded(result)).isEqualTo(Json.parse("{\"a\": [1, 2, {\"b\": null}], \"c\": \"d\", \"e\": 1.5}"));
        }

        @Test
        void parsesScalars() {
            assertThat(eval("$parse('true')")).isEqualTo(Json.parse("true"));
            assertThat(eval("$parse('\"text\"')")).isEqualTo(Json.parse("\"text\""));
            assertThat(eval("$parse('12')")).isEqualTo(Json.parse("12"));
        }

        @Test
        void invalidJsonTextIsAnError() {
            ExecutionResult result = failing("$parse('{not json')");
            assertThat(result.cause()).startsWith(prefix("S", 2) + about("$parse('{not json')", "Output/x")
                    + "threw an error during evaluation. ");
        }
    }

    @Test
    void evalIsRefused() {
        ExecutionResult result = failing("$eval('1 + 1')");
        assertThat(result.cause()).startsWith(prefix("S", 2) + about("$eval('1 + 1')", "Output/x")
                + "threw an error during evaluation. ");
        assertThat(result.output()).isNull();
    }

    @Test
    void standardJsonataFunctionsStillWork() {
        assertThat(eval("{'sum': $sum([1, 2, 3]), 'upper': $uppercase('a'), 'joined': $join(['a', 'b'], '-')}"))
                .isEqualTo(Json.parse("{\"sum\": 6, \"upper\": \"A\", \"joined\": \"a-b\"}"));
    }

    // ================================================================ States.QueryEvaluationError

    @Nested
    class QueryEvaluationErrors {

        @Test
        void anExpressionThatReturnsNothing() {
            ExecutionResult result = failing("$states.input.missing");
            assertThat(result.cause()).isEqualTo(prefix("S", 2) + about("$states.input.missing", "Output/x")
                    + "returned nothing (undefined).");
        }

        @Test
        void aTopLevelOutputThatReturnsNothingNamesTheFieldOutput() {
            ExecutionResult result = passOutput("\"{% $states.input.missing %}\"", "{}");
            assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(result.cause()).isEqualTo(prefix("S", 2) + about("$states.input.missing", "Output")
                    + "returned nothing (undefined).");
        }

        @Test
        void anExpressionInsideAnArrayNamesItsIndex() {
            ExecutionResult result = passOutput("{\"list\": [1, \"{% $nothing %}\"]}", "{}");
            assertThat(result.cause()).isEqualTo(prefix("S", 2) + about("$nothing", "Output/list/1")
                    + "returned nothing (undefined).");
        }

        @Test
        void aFunctionIsAnUnsupportedResultType() {
            ExecutionResult result = failing("$sum");
            assertThat(result.cause()).isEqualTo(prefix("S", 2) + about("$sum", "Output/x")
                    + "returned an unsupported result type.");
        }

        @Test
        void aRuntimeErrorIsReportedWithItsJsonataCode() {
            ExecutionResult result = failing("1 + 'a'");
            assertThat(result.cause()).startsWith(prefix("S", 2) + about("1 + 'a'", "Output/x")
                    + "threw an error during evaluation. ");
            assertThat(result.cause().substring((prefix("S", 2) + about("1 + 'a'", "Output/x")).length()))
                    .matches("threw an error during evaluation\\. T\\d{4}: .+");
        }

        @Test
        void callingAFunctionThatDoesNotExistIsT1006AsAwsWordsIt() {
            ExecutionResult result = failing("$randomSeeded(1)");
            assertThat(result.cause()).isEqualTo(prefix("S", 2) + about("$randomSeeded(1)", "Output/x")
                    + "threw an error during evaluation. T1006: Attempted to invoke a non-function");
        }

        @Test
        void itemsThatAreNotAnArray() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "M", "States": {
                      "M": {"Type": "Map", "Items": "{% 1 %}",
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "End": true}}},
                            "End": true}}}
                    """, "{}");
            assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(result.cause()).isEqualTo(prefix("M", 2) + about("1", "Items")
                    + "returned an unexpected result type. Expected 'array', but was 'number' for value: 1");
            assertThat(types(result)).containsExactly("ExecutionStarted", "MapStateEntered", "EvaluationFailed",
                    "MapStateFailed", "ExecutionFailed");
        }

        @Test
        void aChoiceConditionThatIsNotABoolean() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
                      "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.flag %}", "Next": "D"}],
                            "Default": "D"},
                      "D": {"Type": "Succeed"}}}
                    """, "{\"flag\": \"yes\"}");
            assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(result.cause()).isEqualTo(prefix("C", 2) + about("$states.input.flag", "Condition")
                    + "returned an unexpected result type. Expected 'boolean', but was 'string' for value: \"yes\"");
        }

        @Test
        void evaluationFailedComesBetweenStateEnteredAndExecutionFailed() {
            ExecutionResult result = failing("$states.input.missing");
            assertThat(types(result)).containsExactly("ExecutionStarted", "PassStateEntered", "EvaluationFailed",
                    "ExecutionFailed");
            HistoryEvent failed = only(result, "EvaluationFailed");
            assertThat(failed.details().path("error").asText()).isEqualTo("States.QueryEvaluationError");
            assertThat(failed.details().path("cause").asText()).isEqualTo(result.cause());
            assertThat(failed.details().path("state").asText()).isEqualTo("S");
            assertThat(failed.details().path("location").asText()).startsWith("Output");
            assertThat(failed.previousEventId()).isEqualTo(2);
            assertThat(failed.toAwsJson().has("evaluationFailedEventDetails")).isTrue();
        }

        @Test
        void aTaskCatchesAnArgumentsFailureByItsName() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "ECHO", "Arguments": {"v": "{% $states.input.missing %}"},
                            "Catch": [{"ErrorEquals": ["States.Timeout", "MyError"], "Next": "Wrong"},
                                      {"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Handled"}],
                            "End": true},
                      "Wrong": {"Type": "Fail", "Error": "WrongCatcher"},
                      "Handled": {"Type": "Pass", "End": true}}}
                    """.replace("ECHO", ECHO), "{}");
            JsonNode output = succeeded(result);
            assertThat(output.path("Error").asText()).isEqualTo("States.QueryEvaluationError");
            assertThat(output.path("Cause").asText()).isEqualTo(prefix("T", 2)
                    + about("$states.input.missing", "Arguments/v") + "returned nothing (undefined).");
            assertThat(types(result)).containsSubsequence("TaskStateEntered", "EvaluationFailed", "TaskStateExited",
                    "PassStateEntered", "ExecutionSucceeded");
            assertThat(types(result)).doesNotContain("TaskScheduled");
        }

        @Test
        void aTaskCatchesAnOutputFailureWithStatesAll() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "ECHO", "Output": {"v": "{% $states.result.missing %}"},
                            "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput.Error %}",
                                       "Next": "Handled"}],
                            "End": true},
                      "Handled": {"Type": "Pass", "End": true}}}
                    """.replace("ECHO", ECHO), "{\"a\": 1}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("\"States.QueryEvaluationError\""));
        }

        @Test
        void aMapCatchesAnItemsFailureWithStatesAll() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "M", "States": {
                      "M": {"Type": "Map", "Items": "{% $states.input.notAnArray %}",
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "End": true}}},
                            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                            "End": true},
                      "Handled": {"Type": "Pass", "End": true}}}
                    """, "{\"notAnArray\": {\"k\": 1}}");
            JsonNode output = succeeded(result);
            assertThat(output.path("Error").asText()).isEqualTo("States.QueryEvaluationError");
            assertThat(output.path("Cause").asText()).isEqualTo(prefix("M", 2)
                    + about("$states.input.notAnArray", "Items")
                    + "returned an unexpected result type. Expected 'array', but was 'object' for value: {\"k\":1}");
            assertThat(types(result)).containsSubsequence("MapStateEntered", "EvaluationFailed", "MapStateFailed",
                    "MapStateExited", "PassStateEntered");
        }

        @Test
        void aRunawayExpressionEndsWithAnErrorInsteadOfRunningForever() {
            ExecutionResult result = failing("($loop := function($n) { $loop($n + 1) }; $loop(0))");
            assertThat(result.cause()).endsWith("threw an error during evaluation. "
                    + JsonataExpression.TOO_MANY_STEPS);
        }

        @Test
        void tooDeepARecursionIsAnErrorAndTheExpressionStillWorksAfterwards() {
            var machine = DefinitionParser.parse("""
                    {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass",
                      "Output": "{% ($depth := function($n) { $n = 0 ? 0 : 1 + $depth($n - 1) }; $depth($states.input.n)) %}",
                      "End": true}}}
                    """);
            ExecutionResult deep = engine.run(machine, Json.parse("{\"n\": 1000000}"));
            assertThat(deep.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(deep.cause()).endsWith("threw an error during evaluation. " + JsonataExpression.STACK_OVERFLOW);

            assertThat(succeeded(engine.run(machine, Json.parse("{\"n\": 50}")))).isEqualTo(Json.parse("50"));
        }

        @Test
        void aPassStateFailureCannotBeCaughtAndFailsTheExecution() {
            ExecutionResult result = failing("$nothing");
            assertThat(result.cause()).endsWith("returned nothing (undefined).");
        }
    }

    // ================================================================ $states, Output and null

    @Nested
    class StatesVariableAndOutput {

        @Test
        void statesContextHoldsTheExecutionAndState() {
            ExecutionResult result = engine.run(DefinitionParser.parse("""
                            {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": {
                              "name": "{% $states.context.Execution.Name %}",
                              "state": "{% $states.context.State.Name %}",
                              "machine": "{% $states.context.StateMachine.Name %}",
                              "input": "{% $states.context.Execution.Input %}"}, "End": true}}}
                            """), Json.parse("{\"k\": 1}"),
                    Engine.RunSettings.defaults().withNames("machine-1", "run-1"));
            assertThat(succeeded(result)).isEqualTo(Json.parse("""
                    {"name": "run-1", "state": "S", "machine": "machine-1", "input": {"k": 1}}"""));
        }

        @Test
        void statesInputIsTheStateInputNotItsArguments() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "ECHO", "Arguments": {"doubled": "{% $states.input.x * 2 %}"},
                            "Output": {"input": "{% $states.input %}", "result": "{% $states.result %}"}, "End": true}}}
                    """.replace("ECHO", ECHO), "{\"x\": 4}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("{\"input\": {\"x\": 4}, \"result\": {\"doubled\": 8}}"));
        }

        @Test
        void taskOutputDefaultsToTheResult() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "ECHO", "Arguments": {"made": "{% $states.input.x %}"}, "End": true}}}
                    """.replace("ECHO", ECHO), "{\"x\": \"y\", \"other\": 1}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("{\"made\": \"y\"}"));
        }

        @Test
        void taskWithoutArgumentsGetsTheInput() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "ECHO", "End": true}}}
                    """.replace("ECHO", ECHO), "{\"x\": [1, 2.5]}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("{\"x\": [1, 2.5]}"));
        }

        @Test
        void passOutputDefaultsToTheInput() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Assign": {"a": 1}, "End": true}}}
                    """, "{\"keep\": [1, {\"me\": true}]}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("{\"keep\": [1, {\"me\": true}]}"));
        }

        @Test
        void anOutputFieldThatIsNullStaysNull() {
            ExecutionResult result = passOutput("""
                    {"literal": null, "expression": "{% null %}", "fromInput": "{% $states.input.nothing %}",
                     "nested": "{% {'inner': $states.input.nothing} %}"}""", "{\"nothing\": null}");
            assertThat(succeeded(result)).isEqualTo(Json.parse("""
                    {"literal": null, "expression": null, "fromInput": null, "nested": {"inner": null}}"""));
        }

        @Test
        void anOutputThatIsNullIsJsonNull() {
            ExecutionResult result = passOutput("\"{% null %}\"", "{}");
            assertThat(succeeded(result).isNull()).isTrue();
        }

        @Test
        void undefinedMembersOfAConstructedObjectAreLeftOut() {
            assertThat(eval("{'a': 1, 'b': $states.input.missing}")).isEqualTo(Json.parse("{\"a\": 1}"));
        }

        @Test
        void numbersComeOutAsJavaScriptPrintsThem() {
            assertThat(Json.write(eval("[6 / 2, 1 / 4, 0.1 + 0.2, -7, 2 * 1e15, $power(2, 60), 1e20]")))
                    .isEqualTo("[3,0.25,0.30000000000000004,-7,2000000000000000,1152921504606846976,100000000000000000000]");
        }

        @Test
        void numbersPassedThroughEqualTheNumbersReadFromJson() {
            String input = "{\"small\": 1, \"big\": 12345678901234, \"decimal\": 2.5, \"list\": [0, -3, 0.125]}";
            ExecutionResult result = passOutput("\"{% $states.input %}\"", input);
            assertThat(succeeded(result)).isEqualTo(Json.parse(input));
        }
    }
}
