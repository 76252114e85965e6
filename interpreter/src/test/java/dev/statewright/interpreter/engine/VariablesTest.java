package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflow variables in both query languages: which value each kind of state assigns from, when
 * new values take effect (every expression of a state reads the values as they were when it was
 * entered), how Parallel branches and Map iterations see them, how later states read them, and
 * how the history shows them.
 */
class VariablesTest {

    private static final String RESULT = "arn:aws:lambda:us-east-1:123456789012:function:result";
    private static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:echo";
    private static final String BOOM = "arn:aws:lambda:us-east-1:123456789012:function:boom";

    private final Engine engine = new Engine(TaskHandlers.builder()
            .resource(RESULT, request -> CompletableFuture.completedFuture(Json.parse("{\"raw\": 5, \"other\": \"o\"}")))
            .resource(ECHO, request -> CompletableFuture.completedFuture(request.input()))
            .resource(BOOM, request -> CompletableFuture.failedFuture(new StatesException("Boom", "it broke")))
            .build());

    // ---------------------------------------------------------------- helpers

    private ExecutionResult run(String definition, String input) {
        return engine.run(DefinitionParser.parse(definition), Json.parse(input));
    }

    private static JsonNode succeeded(ExecutionResult result) {
        assertThat(result.status()).as("status (error %s: %s)", result.error(), result.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return result.output();
    }

    private static void assertOutput(ExecutionResult result, String expectedJson) {
        assertThat(succeeded(result)).isEqualTo(Json.parse(expectedJson));
    }

    private static String runtimePrefix(String state, int eventId) {
        return "An error occurred while executing the state '" + state + "' (entered at the event id #" + eventId + "). ";
    }

    /** The *StateExited events of a state, in history order. */
    private static List<HistoryEvent> exitsOf(ExecutionResult result, String state) {
        return result.history().stream()
                .filter(event -> event.type().endsWith("StateExited"))
                .filter(event -> event.details().path("name").asText().equals(state))
                .toList();
    }

    private static HistoryEvent exitOf(ExecutionResult result, String state) {
        List<HistoryEvent> exits = exitsOf(result, state);
        assertThat(exits).as("exits of %s", state).hasSize(1);
        return exits.get(0);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = object.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }

    // ================================================================ JSONPath: what Assign reads

    @Nested
    class JsonPathAssign {

        @Test
        void passAssignReadsTheResultFieldNotTheOutputAfterResultPath() {
            ExecutionResult result = run("""
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "Result": {"answer": 42}, "ResultPath": "$.r",
                            "Assign": {"fromResult.$": "$.answer", "whole.$": "$"}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"fromResult.$": "$fromResult", "whole.$": "$whole", "in.$": "$"},
                            "End": true}}}
                    """, "{\"orig\": 1}");
            assertOutput(result, """
                    {"fromResult": 42, "whole": {"answer": 42}, "in": {"orig": 1, "r": {"answer": 42}}}""");
        }

        @Test
        void passAssignReadsTheOutputOfParametersAfterInputPath() {
            ExecutionResult result = run("""
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "InputPath": "$.inner", "Parameters": {"p.$": "$.x", "constant": "c"},
                            "Assign": {"fromParams.$": "$.p", "all.$": "$"}, "ResultPath": "$.ignored", "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"fromParams.$": "$fromParams", "all.$": "$all"}, "End": true}}}
                    """, "{\"inner\": {\"x\": \"X\"}}");
            assertOutput(result, "{\"fromParams\": \"X\", \"all\": {\"p\": \"X\", \"constant\": \"c\"}}");
        }

        @Test
        void taskAssignReadsTheResultAfterResultSelectorAndBeforeResultPath() {
            ExecutionResult result = run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "%s", "ResultSelector": {"sel.$": "$.raw"},
                            "ResultPath": "$.taskResult", "OutputPath": "$.taskResult",
                            "Assign": {"selected.$": "$.sel", "whole.$": "$"}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"selected.$": "$selected", "whole.$": "$whole", "in.$": "$"},
                            "End": true}}}
                    """.formatted(RESULT), "{\"orig\": true}");
            assertOutput(result, "{\"selected\": 5, \"whole\": {\"sel\": 5}, \"in\": {\"sel\": 5}}");
        }

        @Test
        void taskAssignWithoutResultSelectorReadsTheRawResult() {
            ExecutionResult result = run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "%s", "ResultPath": null,
                            "Assign": {"raw.$": "$.raw"}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"raw.$": "$raw", "in.$": "$"}, "End": true}}}
                    """.formatted(RESULT), "{\"orig\": true}");
            assertOutput(result, "{\"raw\": 5, \"in\": {\"orig\": true}}");
        }

        @Test
        void assignReadsTheContextObject() {
            ExecutionResult result = engine.run(DefinitionParser.parse("""
                            {"StartAt": "A", "States": {
                              "A": {"Type": "Pass", "Assign": {"execution.$": "$$.Execution.Name", "state.$": "$$.State.Name",
                                                               "machine.$": "$$.StateMachine.Name"}, "Next": "B"},
                              "B": {"Type": "Pass", "Parameters": {"execution.$": "$execution", "state.$": "$state",
                                                                   "machine.$": "$machine"}, "End": true}}}
                            """), Json.parse("{}"),
                    Engine.RunSettings.defaults().withNames("my-machine", "run-42"));
            assertOutput(result, "{\"execution\": \"run-42\", \"state\": \"A\", \"machine\": \"my-machine\"}");
        }

        @Test
        void assignCanUseIntrinsicFunctionsAndLiterals() {
            ExecutionResult result = run("""
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "Assign": {"greeting.$": "States.Format('hi {}', $.name)", "n": 3,
                                                       "nested": {"list": [1, 2], "p.$": "$.name"}}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"g.$": "$greeting", "n.$": "$n", "nested.$": "$nested"}, "End": true}}}
                    """, "{\"name\": \"Ann\"}");
            assertOutput(result, "{\"g\": \"hi Ann\", \"n\": 3, \"nested\": {\"list\": [1, 2], \"p\": \"Ann\"}}");
        }

        @Test
        void choiceRuleAssignAppliesWhenItsRuleMatchesAndTheStateAssignOnDefault() {
            String definition = """
                    {"StartAt": "C", "States": {
                      "C": {"Type": "Choice",
                            "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Assign": {"path": "rule", "seen.$": "$.n"},
                                         "Next": "Done"}],
                            "Default": "Done", "Assign": {"path": "default"}},
                      "Done": {"Type": "Pass", "Parameters": {"path.$": "$path"}, "End": true}}}
                    """;
            ExecutionResult matched = run(definition, "{\"n\": 1}");
            assertOutput(matched, "{\"path\": \"rule\"}");
            assertThat(exitOf(matched, "C").details().get("assignedVariables"))
                    .isEqualTo(Json.parse("{\"path\": \"\\\"rule\\\"\", \"seen\": \"1\"}"));

            ExecutionResult defaulted = run(definition, "{\"n\": 2}");
            assertOutput(defaulted, "{\"path\": \"default\"}");
            assertThat(exitOf(defaulted, "C").details().get("assignedVariables"))
                    .isEqualTo(Json.parse("{\"path\": \"\\\"default\\\"\"}"));
        }

        @Test
        void choiceAssignReadsTheEffectiveInput() {
            ExecutionResult result = run("""
                    {"StartAt": "C", "States": {
                      "C": {"Type": "Choice", "InputPath": "$.inner",
                            "Choices": [{"Variable": "$.flag", "BooleanEquals": true, "Assign": {"got.$": "$"}, "Next": "Done"}],
                            "Default": "Done"},
                      "Done": {"Type": "Pass", "Parameters": {"got.$": "$got"}, "End": true}}}
                    """, "{\"inner\": {\"flag\": true}}");
            assertOutput(result, "{\"got\": {\"flag\": true}}");
        }

        @Test
        void waitAssignReadsTheInput() {
            ExecutionResult result = run("""
                    {"StartAt": "W", "States": {
                      "W": {"Type": "Wait", "Seconds": 5, "Assign": {"waited.$": "$.label"}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"waited.$": "$waited"}, "End": true}}}
                    """, "{\"label\": \"five seconds\"}");
            assertOutput(result, "{\"waited\": \"five seconds\"}");
        }

        @Test
        void mapAssignReadsTheResultAfterResultSelector() {
            ExecutionResult result = run("""
                    {"StartAt": "M", "States": {
                      "M": {"Type": "Map", "ItemsPath": "$.items",
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "End": true}}},
                            "ResultSelector": {"count.$": "States.ArrayLength($)", "all.$": "$"},
                            "Assign": {"count.$": "$.count", "all.$": "$.all"}, "ResultPath": null, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"count.$": "$count", "all.$": "$all"}, "End": true}}}
                    """, "{\"items\": [\"a\", \"b\", \"c\"]}");
            assertOutput(result, "{\"count\": 3, \"all\": [\"a\", \"b\", \"c\"]}");
        }

        @Test
        void parallelAssignReadsTheResult() {
            ExecutionResult result = run("""
                    {"StartAt": "P", "States": {
                      "P": {"Type": "Parallel", "ResultPath": "$.branches",
                            "Branches": [
                              {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Result": "one", "End": true}}},
                              {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "Result": "two", "End": true}}}],
                            "Assign": {"first.$": "$[0]", "second.$": "$[1]"}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"first.$": "$first", "second.$": "$second"}, "End": true}}}
                    """, "{}");
            assertOutput(result, "{\"first\": \"one\", \"second\": \"two\"}");
        }

        @Test
        void catcherAssignReadsTheErrorOutputAndTheStateAssignIsNotApplied() {
            ExecutionResult result = run("""
                    {"StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "%s", "Assign": {"succeeded": true},
                            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error",
                                       "Assign": {"caughtError.$": "$.Error", "caughtCause.$": "$.Cause"}, "Next": "After"}],
                            "End": true},
                      "After": {"Type": "Pass", "Parameters": {"e.$": "$caughtError", "c.$": "$caughtCause", "in.$": "$"},
                                "End": true}}}
                    """.formatted(BOOM), "{\"id\": 7}");
            assertOutput(result, """
                    {"e": "Boom", "c": "it broke", "in": {"id": 7, "error": {"Error": "Boom", "Cause": "it broke"}}}""");
            assertThat(fieldNames(exitOf(result, "T").details().get("assignedVariables")))
                    .containsExactly("caughtError", "caughtCause");
        }

        @Test
        void everyPathInAStateReadsTheValuesAsTheyWereAtEntry() {
            ExecutionResult result = run("""
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"a": 1, "b": 2}, "Next": "Swap"},
                      "Swap": {"Type": "Pass", "Parameters": {"aAtEntry.$": "$a", "bAtEntry.$": "$b"},
                               "Assign": {"a.$": "$b", "b.$": "$a"}, "Next": "Read"},
                      "Read": {"Type": "Pass", "Parameters": {"a.$": "$a", "b.$": "$b", "prev.$": "$"}, "End": true}}}
                    """, "{}");
            assertOutput(result, "{\"a\": 2, \"b\": 1, \"prev\": {\"aAtEntry\": 1, \"bAtEntry\": 2}}");
        }
    }

    // ================================================================ JSONPath: reading variables

    @Nested
    class JsonPathReferences {

        @Test
        void parametersReadAFieldOfAVariable() {
            ExecutionResult result = run("""
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"customer": {"name": "Ann", "tags": ["a", "b"]}}, "Next": "Use"},
                      "Use": {"Type": "Pass", "Parameters": {"name.$": "$customer.name", "tag.$": "$customer.tags[1]",
                                                             "notEvaluated": "$customer"}, "End": true}}}
                    """, "{}");
            assertOutput(result, "{\"name\": \"Ann\", \"tag\": \"b\", \"notEvaluated\": \"$customer\"}");
        }

        @Test
        void inputPathCanSelectAVariable() {
            ExecutionResult result = run("""
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"config": {"mode": "fast"}}, "Next": "Use"},
                      "Use": {"Type": "Pass", "InputPath": "$config", "End": true}}}
                    """, "{\"ignored\": true}");
            assertOutput(result, "{\"mode\": \"fast\"}");
        }

        @Test
        void itemsPathCanReadAVariable() {
            ExecutionResult result = run("""
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"items": [1, 2, 3]}, "Next": "M"},
                      "M": {"Type": "Map", "ItemsPath": "$items",
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": true}}},
                            "End": true}}}
                    """, "{\"items\": \"not these\"}");
            assertOutput(result, "[{\"v\": 1}, {\"v\": 2}, {\"v\": 3}]");
        }

        @Test
        void choiceVariableAndComparisonPathsCanReadVariables() {
            String definition = """
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"mode": "go", "limits": {"max": 3}}, "Next": "C"},
                      "C": {"Type": "Choice", "Choices": [
                              {"And": [{"Variable": "$mode", "StringEquals": "go"},
                                       {"Variable": "$.n", "NumericLessThanEqualsPath": "$limits.max"}],
                               "Next": "Yes"}],
                            "Default": "No"},
                      "Yes": {"Type": "Pass", "Result": "yes", "End": true},
                      "No": {"Type": "Pass", "Result": "no", "End": true}}}
                    """;
            assertOutput(run(definition, "{\"n\": 3}"), "\"yes\"");
            assertOutput(run(definition, "{\"n\": 4}"), "\"no\"");
        }

        @Test
        void aVariableNeverAssignedFailsWithStatesRuntimeNamingIt() {
            ExecutionResult result = run("""
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "Assign": {"known": 1}, "Next": "B"},
                      "B": {"Type": "Pass", "Parameters": {"x.$": "$unknown.field"}, "End": true}}}
                    """, "{}");
            assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(result.error()).isEqualTo("States.Runtime");
            assertThat(result.cause()).startsWith(runtimePrefix("B", 4)).contains("$unknown");
        }

        @Test
        void aVariableReadInAChoiceBeforeItIsAssignedFailsWithStatesRuntime() {
            ExecutionResult result = run("""
                    {"StartAt": "C", "States": {
                      "C": {"Type": "Choice", "Choices": [{"Variable": "$missing", "IsPresent": true, "Next": "D"}],
                            "Default": "D"},
                      "D": {"Type": "Succeed"}}}
                    """, "{}");
            assertThat(result.error()).isEqualTo("States.Runtime");
            assertThat(result.cause()).contains("$missing");
        }
    }

    // ================================================================ JSONata: Assign and evaluation order

    @Nested
    class JsonataAssign {

        @Test
        void assignSwapsBecauseEveryExpressionReadsTheValuesAtStateEntry() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"a": 1, "b": 2}, "Next": "Swap"},
                      "Swap": {"Type": "Pass", "Assign": {"a": "{% $b %}", "b": "{% $a %}"},
                               "Output": {"aAtEntry": "{% $a %}", "bAtEntry": "{% $b %}"}, "Next": "Read"},
                      "Read": {"Type": "Pass", "Output": {"a": "{% $a %}", "b": "{% $b %}", "prev": "{% $states.input %}"},
                               "End": true}}}
                    """, "{}");
            assertOutput(result, "{\"a\": 2, \"b\": 1, \"prev\": {\"aAtEntry\": 1, \"bAtEntry\": 2}}");
        }

        @Test
        void outputReadsTheOldValueOfAVariableTheSameStateAssigns() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"counter": 1}, "Next": "Inc"},
                      "Inc": {"Type": "Pass", "Assign": {"counter": "{% $counter + 1 %}"}, "Output": "{% $counter %}",
                              "Next": "Read"},
                      "Read": {"Type": "Pass", "Output": {"before": "{% $states.input %}", "after": "{% $counter %}"},
                               "End": true}}}
                    """, "{}");
            assertOutput(result, "{\"before\": 1, \"after\": 2}");
        }

        @Test
        void taskArgumentsOutputAndAssignReadEntryValuesAndAssignSeesResultAndInput() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"tag": "old"}, "Next": "T"},
                      "T": {"Type": "Task", "Resource": "ECHO",
                            "Arguments": {"id": "{% $states.input.id %}", "tag": "{% $tag %}"},
                            "Assign": {"tag": "new", "fromResult": "{% $states.result.tag %}",
                                       "fromInput": "{% $states.input %}"},
                            "Output": {"result": "{% $states.result %}", "tagAtEntry": "{% $tag %}"}, "Next": "Read"},
                      "Read": {"Type": "Pass",
                               "Output": {"tag": "{% $tag %}", "fromResult": "{% $fromResult %}",
                                          "fromInput": "{% $fromInput %}", "prev": "{% $states.input %}"},
                               "End": true}}}
                    """.replace("ECHO", ECHO), "{\"id\": 9}");
            assertOutput(result, """
                    {"tag": "new", "fromResult": "old", "fromInput": {"id": 9},
                     "prev": {"result": {"id": 9, "tag": "old"}, "tagAtEntry": "old"}}""");
        }

        @Test
        void choiceRuleAssignAndOutputApplyWhenTheRuleMatchesAndTheStatesOnDefault() {
            String definition = """
                    {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
                      "C": {"Type": "Choice",
                            "Choices": [{"Condition": "{% $states.input.n = 1 %}",
                                         "Assign": {"path": "rule", "n": "{% $states.input.n %}"},
                                         "Output": {"via": "rule"}, "Next": "Done"}],
                            "Default": "Done", "Assign": {"path": "default"}, "Output": {"via": "default"}},
                      "Done": {"Type": "Pass", "Output": {"path": "{% $path %}", "in": "{% $states.input %}"}, "End": true}}}
                    """;
            ExecutionResult matched = run(definition, "{\"n\": 1}");
            assertOutput(matched, "{\"path\": \"rule\", \"in\": {\"via\": \"rule\"}}");
            assertThat(exitOf(matched, "C").details().get("assignedVariables"))
                    .isEqualTo(Json.parse("{\"path\": \"\\\"rule\\\"\", \"n\": \"1\"}"));

            ExecutionResult defaulted = run(definition, "{\"n\": 2}");
            assertOutput(defaulted, "{\"path\": \"default\", \"in\": {\"via\": \"default\"}}");
        }

        @Test
        void choiceConditionReadsVariables() {
            String definition = """
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"limit": 3}, "Next": "C"},
                      "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n <= $limit %}", "Next": "Yes"}],
                            "Default": "No"},
                      "Yes": {"Type": "Pass", "Output": "yes", "End": true},
                      "No": {"Type": "Pass", "Output": "no", "End": true}}}
                    """;
            assertOutput(run(definition, "{\"n\": 3}"), "\"yes\"");
            assertOutput(run(definition, "{\"n\": 4}"), "\"no\"");
        }

        @Test
        void waitAssignReadsInputAndEntryValues() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"delay": 2}, "Next": "W"},
                      "W": {"Type": "Wait", "Seconds": "{% $delay %}",
                            "Assign": {"delay": "{% $delay * 10 %}", "label": "{% $states.input.label %}"},
                            "Output": {"delayAtEntry": "{% $delay %}"}, "Next": "Read"},
                      "Read": {"Type": "Pass", "Output": {"delay": "{% $delay %}", "label": "{% $label %}",
                                                          "prev": "{% $states.input %}"}, "End": true}}}
                    """, "{\"label\": \"L\"}");
            assertOutput(result, "{\"delay\": 20, \"label\": \"L\", \"prev\": {\"delayAtEntry\": 2}}");
        }

        @Test
        void parallelAssignSeesTheBranchResults() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
                      "P": {"Type": "Parallel",
                            "Branches": [
                              {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Output": 1, "End": true}}},
                              {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "Output": 2, "End": true}}}],
                            "Assign": {"total": "{% $sum($states.result) %}", "input": "{% $states.input %}"},
                            "Output": "{% $states.input %}", "Next": "Read"},
                      "Read": {"Type": "Pass", "Output": {"total": "{% $total %}", "input": "{% $input %}"}, "End": true}}}
                    """, "{\"k\": \"v\"}");
            assertOutput(result, "{\"total\": 3, \"input\": {\"k\": \"v\"}}");
        }

        @Test
        void catcherAssignSeesErrorOutputAndInputAndReplacesTheStateAssign() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
                      "T": {"Type": "Task", "Resource": "BOOM", "Assign": {"succeeded": true},
                            "Catch": [{"ErrorEquals": ["States.ALL"],
                                       "Assign": {"err": "{% $states.errorOutput.Error %}",
                                                  "inputId": "{% $states.input.id %}"},
                                       "Output": {"caught": "{% $states.errorOutput %}"}, "Next": "After"}],
                            "End": true},
                      "After": {"Type": "Pass", "Output": {"err": "{% $err %}", "inputId": "{% $inputId %}",
                                                            "in": "{% $states.input %}"}, "End": true}}}
                    """.replace("BOOM", BOOM), "{\"id\": 7}");
            assertOutput(result, """
                    {"err": "Boom", "inputId": 7, "in": {"caught": {"Error": "Boom", "Cause": "it broke"}}}""");
            assertThat(fieldNames(exitOf(result, "T").details().get("assignedVariables")))
                    .containsExactly("err", "inputId");
        }

        @Test
        void aVariableNeverAssignedReturnsNothingAndFailsTheState() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                      "A": {"Type": "Pass", "Assign": {"result": "{% $doesNotExist %}"}, "End": true}}}
                    """, "{}");
            assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
            assertThat(result.cause()).isEqualTo(runtimePrefix("A", 2) + "The JSONata expression '$doesNotExist' "
                    + "specified for the field 'Assign/result' returned nothing (undefined).");
        }

        @Test
        void variablesAssignedInOneQueryLanguageAreReadInTheOther() {
            ExecutionResult result = run("""
                    {"StartAt": "PathAssign", "States": {
                      "PathAssign": {"Type": "Pass", "Assign": {"fromPath.$": "$.x"}, "Next": "AtaAssign"},
                      "AtaAssign": {"QueryLanguage": "JSONata", "Type": "Pass",
                                    "Assign": {"fromAta": "{% $fromPath & '!' %}"}, "Next": "PathRead"},
                      "PathRead": {"Type": "Pass", "Parameters": {"fromPath.$": "$fromPath", "fromAta.$": "$fromAta"},
                                   "End": true}}}
                    """, "{\"x\": \"hi\"}");
            assertOutput(result, "{\"fromPath\": \"hi\", \"fromAta\": \"hi!\"}");
        }

        @Test
        void failAndSucceedStatesReadVariables() {
            String definition = """
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"code": "Order.Rejected", "step": "payment", "ok": false},
                               "Next": "C"},
                      "C": {"Type": "Choice", "Choices": [{"Condition": "{% $ok or $states.input.force %}", "Next": "Done"}],
                            "Default": "Failed"},
                      "Done": {"Type": "Succeed", "Output": {"step": "{% $step %}"}},
                      "Failed": {"Type": "Fail", "Error": "{% $code %}", "Cause": "{% 'failed at ' & $step %}"}}}
                    """;
            ExecutionResult failed = run(definition, "{\"force\": false}");
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.error()).isEqualTo("Order.Rejected");
            assertThat(failed.cause()).isEqualTo("failed at payment");
            assertOutput(run(definition, "{\"force\": true}"), "{\"step\": \"payment\"}");
        }

        @Test
        void mapSettingsReadVariables() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"limit": 1, "tolerated": 1, "bad": 2}, "Next": "M"},
                      "M": {"Type": "Map", "Items": "{% [1, 2, 3] %}", "MaxConcurrency": "{% $limit %}",
                            "ToleratedFailureCount": "{% $tolerated %}",
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "C",
                              "States": {
                                "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input = $bad %}", "Next": "F"}],
                                      "Default": "P"},
                                "F": {"Type": "Fail", "Error": "Bad", "Cause": "{% 'item ' & $string($bad) %}"},
                                "P": {"Type": "Pass", "Output": "{% $states.input * 10 %}", "End": true}}},
                            "End": true}}}
                    """, "{}");
            assertOutput(result, "[10, {\"Error\": \"Bad\", \"Cause\": \"item 2\"}, 30]");
        }

        @Test
        void numbersAJsonataStateAssignsEqualTheSameNumbersFromJsonInJsonPathIntrinsics() {
            ExecutionResult result = run("""
                    {"StartAt": "AtaAssign", "States": {
                      "AtaAssign": {"QueryLanguage": "JSONata", "Type": "Pass",
                                    "Assign": {"ints": "{% [1, 1 + 1] %}", "half": "{% 3 / 2 %}"}, "Next": "PathRead"},
                      "PathRead": {"Type": "Pass", "Parameters": {
                                     "hasOne.$": "States.ArrayContains($ints, 1)",
                                     "hasInputTwo.$": "States.ArrayContains($ints, $.two)",
                                     "hasHalf.$": "States.ArrayContains(States.Array($half), $.half)",
                                     "unique.$": "States.ArrayUnique(States.Array($ints[0], $.one))"},
                                   "End": true}}}
                    """, "{\"one\": 1, \"two\": 2, \"half\": 1.5}");
            assertOutput(result, "{\"hasOne\": true, \"hasInputTwo\": true, \"hasHalf\": true, \"unique\": [1]}");
        }
    }

    // ================================================================ scopes: Parallel branches and Map iterations

    @Nested
    class Scopes {

        @Test
        void jsonPathMapIterationsReadOuterVariablesAndTheirAssignmentsStayInside() {
            ExecutionResult result = run("""
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"x": "outer", "items": [1, 2, 3]}, "Next": "M"},
                      "M": {"Type": "Map", "ItemsPath": "$items", "MaxConcurrency": 1,
                            "ItemSelector": {"item.$": "$$.Map.Item.Value", "x.$": "$x"},
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "First",
                              "States": {
                                "First": {"Type": "Pass", "Parameters": {"item.$": "$.item", "selectorX.$": "$.x", "seen.$": "$x"},
                                          "Assign": {"x.$": "States.Format('inner-{}', $.item)", "innerOnly": true},
                                          "Next": "Second"},
                                "Second": {"Type": "Pass",
                                           "Parameters": {"selectorX.$": "$.selectorX", "seen.$": "$.seen", "after.$": "$x"},
                                           "End": true}}},
                            "Next": "After"},
                      "After": {"Type": "Pass", "Parameters": {"x.$": "$x", "results.$": "$"}, "End": true}}}
                    """, "{}");
            assertOutput(result, """
                    {"x": "outer", "results": [
                      {"selectorX": "outer", "seen": "outer", "after": "inner-1"},
                      {"selectorX": "outer", "seen": "outer", "after": "inner-2"},
                      {"selectorX": "outer", "seen": "outer", "after": "inner-3"}]}""");
        }

        @Test
        void aVariableAssignedOnlyInsideAMapIsNotDefinedAfterIt() {
            ExecutionResult result = run("""
                    {"StartAt": "M", "States": {
                      "M": {"Type": "Map", "ItemsPath": "$.items",
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "Assign": {"innerOnly": 1}, "End": true}}},
                            "Next": "After"},
                      "After": {"Type": "Pass", "Parameters": {"x.$": "$innerOnly"}, "End": true}}}
                    """, "{\"items\": [1]}");
            assertThat(result.error()).isEqualTo("States.Runtime");
            assertThat(result.cause()).contains("$innerOnly");
        }

        @Test
        void jsonPathParallelBranchesReadOuterVariablesAndDoNotSeeEachOthersAssignments() {
            ExecutionResult result = run("""
                    {"StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"x": "outer"}, "Next": "P"},
                      "P": {"Type": "Parallel", "Next": "After", "Branches": [
                        {"StartAt": "A1", "States": {
                          "A1": {"Type": "Pass", "Assign": {"x": "branch-a"}, "Next": "A2"},
                          "A2": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}},
                        {"StartAt": "B1", "States": {
                          "B1": {"Type": "Pass", "Next": "B2"},
                          "B2": {"Type": "Pass", "Next": "B3"},
                          "B3": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}}]},
                      "After": {"Type": "Pass", "Parameters": {"x.$": "$x", "branches.$": "$"}, "End": true}}}
                    """, "{}");
            assertOutput(result, "{\"x\": \"outer\", \"branches\": [{\"x\": \"branch-a\"}, {\"x\": \"outer\"}]}");
        }

        @Test
        void jsonataMapIterationsReadOuterVariablesAndTheirAssignmentsStayInside() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"items": [1, 2, 3], "factor": 10}, "Next": "M"},
                      "M": {"Type": "Map", "Items": "{% $items %}", "MaxConcurrency": 1,
                            "ItemSelector": {"value": "{% $states.context.Map.Item.Value %}",
                                             "index": "{% $states.context.Map.Item.Index %}", "factor": "{% $factor %}"},
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Mul",
                              "States": {
                                "Mul": {"Type": "Pass", "Assign": {"factor": "{% $states.input.value %}"},
                                        "Output": {"product": "{% $states.input.value * $factor %}",
                                                   "index": "{% $states.input.index %}"},
                                        "Next": "Read"},
                                "Read": {"Type": "Pass", "Output": {"product": "{% $states.input.product %}",
                                                                    "index": "{% $states.input.index %}",
                                                                    "factorInside": "{% $factor %}"},
                                         "End": true}}},
                            "Assign": {"total": "{% $sum($states.result.product) %}", "factorAtMap": "{% $factor %}"},
                            "Output": {"results": "{% $states.result %}"}, "Next": "After"},
                      "After": {"Type": "Pass", "Output": {"total": "{% $total %}", "factor": "{% $factor %}",
                                                           "factorAtMap": "{% $factorAtMap %}",
                                                           "results": "{% $states.input.results %}"}, "End": true}}}
                    """, "{}");
            assertOutput(result, """
                    {"total": 60, "factor": 10, "factorAtMap": 10, "results": [
                      {"product": 10, "index": 0, "factorInside": 1},
                      {"product": 20, "index": 1, "factorInside": 2},
                      {"product": 30, "index": 2, "factorInside": 3}]}""");
        }

        @Test
        void jsonataParallelBranchesReadOuterVariablesAndTheirAssignmentsStayInside() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "Init", "States": {
                      "Init": {"Type": "Pass", "Assign": {"x": "outer"}, "Next": "P"},
                      "P": {"Type": "Parallel", "Next": "After",
                            "Arguments": {"fromVariable": "{% $x %}"},
                            "Branches": [
                              {"StartAt": "A1", "States": {
                                "A1": {"Type": "Pass", "Assign": {"x": "branch-a"}, "Next": "A2"},
                                "A2": {"Type": "Pass", "Output": "{% $x %}", "End": true}}},
                              {"StartAt": "B1", "States": {
                                "B1": {"Type": "Pass", "Next": "B2"},
                                "B2": {"Type": "Pass", "Output": {"x": "{% $x %}", "in": "{% $states.input %}"},
                                       "End": true}}}],
                            "Assign": {"branches": "{% $states.result %}"}},
                      "After": {"Type": "Pass", "Output": {"x": "{% $x %}", "branches": "{% $branches %}"}, "End": true}}}
                    """, "{}");
            assertOutput(result, """
                    {"x": "outer", "branches": ["branch-a", {"x": "outer", "in": {"fromVariable": "outer"}}]}""");
        }
    }

    // ================================================================ history

    @Nested
    class HistoryDetails {

        @Test
        void stateExitedShowsAssignedVariablesAsJsonTextOnlyForStatesThatAssign() {
            ExecutionResult result = run("""
                    {"StartAt": "A", "States": {
                      "A": {"Type": "Pass", "Assign": {"s": "text", "n": 1.5, "o": {"k": [1, null]}, "b": true, "z": null},
                            "Next": "B"},
                      "B": {"Type": "Pass", "End": true}}}
                    """, "{}");
            succeeded(result);
            JsonNode details = exitOf(result, "A").details();
            assertThat(details.get("assignedVariables")).isEqualTo(Json.parse("""
                    {"s": "\\"text\\"", "n": "1.5", "o": "{\\"k\\":[1,null]}", "b": "true", "z": "null"}"""));
            assertThat(details.get("assignedVariablesDetails")).isEqualTo(Json.parse("{\"truncated\": false}"));
            assertThat(details.get("assignedVariables").get("s").isTextual()).isTrue();

            JsonNode unassigned = exitOf(result, "B").details();
            assertThat(unassigned.has("assignedVariables")).isFalse();
            assertThat(unassigned.has("assignedVariablesDetails")).isFalse();
            assertThat(result.history()).filteredOn(event -> event.type().endsWith("StateEntered"))
                    .allSatisfy(event -> assertThat(event.details().has("assignedVariables")).isFalse());
        }

        @Test
        void jsonataStateExitedShowsTheEvaluatedValues() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                      "A": {"Type": "Pass", "Assign": {"sum": "{% 1 + 2 %}", "list": "{% [$states.input.x, 'y'] %}"},
                            "End": true}}}
                    """, "{\"x\": \"x\"}");
            succeeded(result);
            assertThat(exitOf(result, "A").details().get("assignedVariables"))
                    .isEqualTo(Json.parse("{\"sum\": \"3\", \"list\": \"[\\\"x\\\",\\\"y\\\"]\"}"));
        }

        @Test
        void theAwsRenderingKeepsAssignedVariablesAsTextValues() {
            ExecutionResult result = run("""
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"o": {"k": 1}}, "End": true}}}
                    """, "{}");
            JsonNode aws = exitOf(result, "A").toAwsJson().get("stateExitedEventDetails");
            assertThat(aws.get("assignedVariables")).isEqualTo(Json.parse("{\"o\": \"{\\\"k\\\":1}\"}"));
            assertThat(aws.get("assignedVariablesDetails")).isEqualTo(Json.parse("{\"truncated\": false}"));
        }

        @Test
        void mapIterationExitsShowTheirOwnAssignments() {
            ExecutionResult result = run("""
                    {"QueryLanguage": "JSONata", "StartAt": "M", "States": {
                      "M": {"Type": "Map", "MaxConcurrency": 1,
                            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "Assign": {"item": "{% $states.input %}"}, "End": true}}},
                            "End": true}}}
                    """, "[\"a\", \"b\"]");
            succeeded(result);
            assertThat(exitsOf(result, "I")).extracting(event -> event.details().get("assignedVariables"))
                    .containsExactly(Json.parse("{\"item\": \"\\\"a\\\"\"}"), Json.parse("{\"item\": \"\\\"b\\\"\"}"));
            assertThat(exitOf(result, "M").details().has("assignedVariables")).isFalse();
        }
    }
}
