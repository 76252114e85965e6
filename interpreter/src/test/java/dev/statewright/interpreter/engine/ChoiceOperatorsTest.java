package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Choice state behaviour: every comparison operator and its Path variant, the type tests, the
 * Boolean combinators, StringMatches wildcards, Default and the Choice state's own data flow.
 */
class ChoiceOperatorsTest {

    private static final String RUNTIME_PREFIX =
            "An error occurred while executing the state 'C' (entered at the event id #2). ";

    private final Engine engine = new Engine(TaskHandlers.none());

    // ---------------------------------------------------------------- helpers

    private ExecutionResult run(String definition, String input) {
        return engine.run(DefinitionParser.parse(definition), Json.parse(input));
    }

    /** A Choice named C with one rule leading to "Yes" and a Default leading to "No"; each returns its name. */
    private static String machineWithRule(String rule) {
        return """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [%s], "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": "yes", "End": true},
                  "No": {"Type": "Pass", "Result": "no", "End": true}
                }}""".formatted(withNext(rule, "Yes"));
    }

    private static String withNext(String rule, String next) {
        String trimmed = rule.strip();
        return trimmed.substring(0, trimmed.length() - 1) + ", \"Next\": \"" + next + "\"}";
    }

    /** Runs the one-rule machine and returns whether the rule matched. */
    private boolean ruleMatches(String rule, String input) {
        ExecutionResult result = run(machineWithRule(rule), input);
        assertThat(result.status()).as("status (error %s: %s)", result.error(), result.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().asText()).isIn("yes", "no");
        return result.output().asText().equals("yes");
    }

    private static String jsonString(String raw) {
        return Json.write(Json.NODES.textNode(raw));
    }

    private static List<String> eventTypes(ExecutionResult result) {
        return result.history().stream().map(HistoryEvent::type).toList();
    }

    // ---------------------------------------------------------------- comparison operators

    /** Operator, value at $.v, the value compared against (JSON), whether the comparison holds. */
    static Stream<Arguments> comparisons() {
        return Stream.of(
                arguments("StringEquals", "\"abc\"", "\"abc\"", true),
                arguments("StringEquals", "\"abc\"", "\"abd\"", false),
                arguments("StringEquals", "\"abc\"", "\"ABC\"", false),
                arguments("StringEquals", "\"\"", "\"\"", true),
                arguments("StringLessThan", "\"abc\"", "\"abd\"", true),
                arguments("StringLessThan", "\"abd\"", "\"abc\"", false),
                arguments("StringLessThan", "\"abc\"", "\"abc\"", false),
                arguments("StringLessThan", "\"ab\"", "\"abc\"", true),
                arguments("StringGreaterThan", "\"b\"", "\"a\"", true),
                arguments("StringGreaterThan", "\"a\"", "\"b\"", false),
                arguments("StringGreaterThan", "\"a\"", "\"a\"", false),
                arguments("StringLessThanEquals", "\"a\"", "\"a\"", true),
                arguments("StringLessThanEquals", "\"a\"", "\"b\"", true),
                arguments("StringLessThanEquals", "\"b\"", "\"a\"", false),
                arguments("StringGreaterThanEquals", "\"a\"", "\"a\"", true),
                arguments("StringGreaterThanEquals", "\"b\"", "\"a\"", true),
                arguments("StringGreaterThanEquals", "\"a\"", "\"b\"", false),
                arguments("NumericEquals", "1", "1", true),
                arguments("NumericEquals", "1", "1.0", true),
                arguments("NumericEquals", "1.50", "1.5", true),
                arguments("NumericEquals", "1", "2", false),
                arguments("NumericEquals", "1.0001", "1", false),
                arguments("NumericLessThan", "1", "2", true),
                arguments("NumericLessThan", "-1.5", "-1", true),
                arguments("NumericLessThan", "2", "1", false),
                arguments("NumericLessThan", "1", "1.0", false),
                arguments("NumericGreaterThan", "3", "2.5", true),
                arguments("NumericGreaterThan", "2", "2", false),
                arguments("NumericGreaterThan", "1", "2", false),
                arguments("NumericLessThanEquals", "2", "2.0", true),
                arguments("NumericLessThanEquals", "1", "2", true),
                arguments("NumericLessThanEquals", "3", "2", false),
                arguments("NumericGreaterThanEquals", "2", "2", true),
                arguments("NumericGreaterThanEquals", "2.5", "2", true),
                arguments("NumericGreaterThanEquals", "1", "2", false),
                arguments("BooleanEquals", "true", "true", true),
                arguments("BooleanEquals", "false", "false", true),
                arguments("BooleanEquals", "false", "true", false),
                arguments("BooleanEquals", "true", "false", false),
                arguments("TimestampEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55Z\"", true),
                arguments("TimestampEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:56Z\"", false),
                arguments("TimestampLessThan", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:56Z\"", true),
                arguments("TimestampLessThan", "\"2012-10-09T19:00:56Z\"", "\"2012-10-09T19:00:55Z\"", false),
                arguments("TimestampLessThan", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55Z\"", false),
                arguments("TimestampGreaterThan", "\"2012-10-09T19:00:56Z\"", "\"2012-10-09T19:00:55Z\"", true),
                arguments("TimestampGreaterThan", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:56Z\"", false),
                arguments("TimestampGreaterThan", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55Z\"", false),
                arguments("TimestampLessThanEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55Z\"", true),
                arguments("TimestampLessThanEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:56Z\"", true),
                arguments("TimestampLessThanEquals", "\"2012-10-09T19:00:56Z\"", "\"2012-10-09T19:00:55Z\"", false),
                arguments("TimestampGreaterThanEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:55Z\"", true),
                arguments("TimestampGreaterThanEquals", "\"2012-10-09T19:00:56Z\"", "\"2012-10-09T19:00:55Z\"", true),
                arguments("TimestampGreaterThanEquals", "\"2012-10-09T19:00:55Z\"", "\"2012-10-09T19:00:56Z\"", false),
                // a value of the wrong type never matches
                arguments("StringEquals", "1", "\"1\"", false),
                arguments("StringLessThan", "null", "\"a\"", false),
                arguments("NumericEquals", "\"1\"", "1", false),
                arguments("NumericGreaterThanEquals", "true", "0", false),
                arguments("NumericLessThan", "[1]", "2", false),
                arguments("BooleanEquals", "\"true\"", "true", false),
                arguments("BooleanEquals", "0", "false", false),
                arguments("TimestampEquals", "\"2012-10-09\"", "\"2012-10-09T00:00:00Z\"", false),
                arguments("TimestampEquals", "\"2012-10-09 19:00:55Z\"", "\"2012-10-09T19:00:55Z\"", false),
                arguments("TimestampLessThanEquals", "0", "\"2012-10-09T19:00:55Z\"", false));
    }

    @ParameterizedTest(name = "{0}: {1} vs {2} -> {3}")
    @MethodSource("comparisons")
    void comparisonAgainstLiteralMatchesOnlyWhenItHolds(String operator, String variable, String value, boolean holds) {
        String rule = "{\"Variable\": \"$.v\", \"%s\": %s}".formatted(operator, value);
        assertThat(ruleMatches(rule, "{\"v\": " + variable + "}")).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0}Path: {1} vs {2} -> {3}")
    @MethodSource("comparisons")
    void pathVariantComparesAgainstTheValueAtThePath(String operator, String variable, String value, boolean holds) {
        String rule = "{\"Variable\": \"$.v\", \"%sPath\": \"$.other\"}".formatted(operator);
        assertThat(ruleMatches(rule, "{\"v\": " + variable + ", \"other\": " + value + "}")).isEqualTo(holds);
    }

    @Test
    void pathVariantReadsNestedPathsAndTheContextObject() {
        String rule = """
                {"Variable": "$.order.total", "NumericGreaterThanPath": "$$.Execution.Input.limits.max"}""";
        assertThat(ruleMatches(rule, "{\"order\": {\"total\": 120}, \"limits\": {\"max\": 100}}")).isTrue();
        assertThat(ruleMatches(rule, "{\"order\": {\"total\": 80}, \"limits\": {\"max\": 100}}")).isFalse();
    }

    @ParameterizedTest(name = "{0} against a {1}")
    @CsvSource(delimiter = '|', value = {
            "NumericEqualsPath | \"1\"",
            "StringEqualsPath | 1",
            "BooleanEqualsPath | \"true\"",
            "TimestampEqualsPath | 1349809255",
            "NumericLessThanPath | null"})
    void pathVariantIsFalseWhenTheValueAtThePathHasTheWrongType(String operator, String other) {
        String variable = switch (operator) {
            case "NumericEqualsPath", "NumericLessThanPath" -> "1";
            case "StringEqualsPath" -> "\"1\"";
            case "BooleanEqualsPath" -> "true";
            default -> "\"2012-10-09T19:00:55Z\"";
        };
        String rule = "{\"Variable\": \"$.v\", \"%s\": \"$.other\"}".formatted(operator);
        assertThat(ruleMatches(rule, "{\"v\": " + variable + ", \"other\": " + other + "}")).isFalse();
    }

    @Test
    void numericComparisonIsByValueNotByRepresentation() {
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"NumericEquals\": 1}", "{\"v\": 1.0}")).isTrue();
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"NumericEquals\": 1.0}", "{\"v\": 1}")).isTrue();
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"NumericEquals\": 100}", "{\"v\": 1e2}")).isTrue();
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"NumericEqualsPath\": \"$.w\"}", "{\"v\": 2, \"w\": 2.000}"))
                .isTrue();
    }

    @Test
    void numericEqualsAgainstAStringIsFalseNotAnError() {
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"NumericEquals\": 5}", "{\"v\": \"5\"}")).isFalse();
    }

    @Test
    void timestampsAreComparedAsInstantsAcrossOffsetsAndFractions() {
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"TimestampEquals\": \"2012-10-09T19:00:55Z\"}",
                "{\"v\": \"2012-10-09T21:00:55+02:00\"}")).isTrue();
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"TimestampLessThan\": \"2012-10-09T19:00:55.500Z\"}",
                "{\"v\": \"2012-10-09T19:00:55.250Z\"}")).isTrue();
    }

    // ---------------------------------------------------------------- type tests

    @ParameterizedTest(name = "{0}: {1} with {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "IsNull      | null                    | true  | true",
            "IsNull      | \"x\"                   | true  | false",
            "IsNull      | 0                       | true  | false",
            "IsNull      | null                    | false | false",
            "IsNull      | \"x\"                   | false | true",
            "IsPresent   | null                    | true  | true",
            "IsPresent   | \"\"                    | true  | true",
            "IsPresent   | 1                       | false | false",
            "IsNumeric   | 1                       | true  | true",
            "IsNumeric   | -2.5                    | true  | true",
            "IsNumeric   | \"1\"                   | true  | false",
            "IsNumeric   | \"1\"                   | false | true",
            "IsNumeric   | 1                       | false | false",
            "IsString    | \"a\"                   | true  | true",
            "IsString    | \"\"                    | true  | true",
            "IsString    | 1                       | true  | false",
            "IsString    | null                    | true  | false",
            "IsString    | 1                       | false | true",
            "IsBoolean   | true                    | true  | true",
            "IsBoolean   | false                   | true  | true",
            "IsBoolean   | \"true\"                | true  | false",
            "IsBoolean   | 0                       | false | true",
            "IsTimestamp | \"2012-10-09T19:00:55Z\" | true  | true",
            "IsTimestamp | \"2012-10-09T19:00:55.123+05:30\" | true | true",
            "IsTimestamp | \"2012-10-09\"          | true  | false",
            "IsTimestamp | \"not a time\"          | true  | false",
            "IsTimestamp | 1349809255              | true  | false",
            "IsTimestamp | \"2012-10-09\"          | false | true",
            "IsTimestamp | \"2012-10-09T19:00:55Z\" | false | false"})
    void typeTestMatchesWhenTheTypeCheckEqualsTheExpectedBoolean(String operator, String value, boolean expected,
                                                                  boolean matches) {
        String rule = "{\"Variable\": \"$.v\", \"%s\": %s}".formatted(operator, expected);
        assertThat(ruleMatches(rule, "{\"v\": " + value + "}")).isEqualTo(matches);
    }

    @Test
    void isPresentIsFalseForAMissingPath() {
        assertThat(ruleMatches("{\"Variable\": \"$.missing\", \"IsPresent\": true}", "{\"v\": 1}")).isFalse();
        assertThat(ruleMatches("{\"Variable\": \"$.v.deeper\", \"IsPresent\": true}", "{\"v\": 1}")).isFalse();
    }

    @Test
    void isPresentFalseMatchesAMissingPath() {
        assertThat(ruleMatches("{\"Variable\": \"$.missing\", \"IsPresent\": false}", "{\"v\": 1}")).isTrue();
    }

    // ---------------------------------------------------------------- And, Or, Not

    @ParameterizedTest(name = "age {0}, country {1}, vip {2} -> {3}")
    @CsvSource({
            "20, PT, false, true",
            "20, ES, true,  true",
            "20, ES, false, false",
            "17, PT, true,  false",
            "18, PT, false, true"})
    void andOrNotNestAsBooleanExpressions(int age, String country, boolean vip, boolean matches) {
        String rule = """
                {"And": [
                  {"Variable": "$.age", "NumericGreaterThanEquals": 18},
                  {"Or": [
                    {"Variable": "$.country", "StringEquals": "PT"},
                    {"Not": {"Variable": "$.vip", "BooleanEquals": false}}
                  ]}
                ]}""";
        String input = "{\"age\": %d, \"country\": \"%s\", \"vip\": %s}".formatted(age, country, vip);
        assertThat(ruleMatches(rule, input)).isEqualTo(matches);
    }

    @Test
    void notInvertsATypeTest() {
        String rule = "{\"Not\": {\"Variable\": \"$.v\", \"IsNull\": true}}";
        assertThat(ruleMatches(rule, "{\"v\": 3}")).isTrue();
        assertThat(ruleMatches(rule, "{\"v\": null}")).isFalse();
    }

    @Test
    void notOfNotIsTheOriginalCondition() {
        String rule = "{\"Not\": {\"Not\": {\"Variable\": \"$.v\", \"StringEquals\": \"a\"}}}";
        assertThat(ruleMatches(rule, "{\"v\": \"a\"}")).isTrue();
        assertThat(ruleMatches(rule, "{\"v\": \"b\"}")).isFalse();
    }

    @Test
    void orInsideAndInsideOrNestsDeeply() {
        String rule = """
                {"Or": [
                  {"Variable": "$.kind", "StringEquals": "admin"},
                  {"And": [
                    {"Variable": "$.kind", "StringEquals": "user"},
                    {"Or": [
                      {"Variable": "$.score", "NumericGreaterThan": 90},
                      {"Variable": "$.trusted", "BooleanEquals": true}
                    ]}
                  ]}
                ]}""";
        assertThat(ruleMatches(rule, "{\"kind\": \"admin\", \"score\": 0, \"trusted\": false}")).isTrue();
        assertThat(ruleMatches(rule, "{\"kind\": \"user\", \"score\": 95, \"trusted\": false}")).isTrue();
        assertThat(ruleMatches(rule, "{\"kind\": \"user\", \"score\": 10, \"trusted\": true}")).isTrue();
        assertThat(ruleMatches(rule, "{\"kind\": \"user\", \"score\": 10, \"trusted\": false}")).isFalse();
        assertThat(ruleMatches(rule, "{\"kind\": \"guest\", \"score\": 95, \"trusted\": true}")).isFalse();
    }

    // ---------------------------------------------------------------- StringMatches

    @ParameterizedTest(name = "pattern [{0}] on [{1}] -> {2}")
    @MethodSource("wildcards")
    void stringMatchesSupportsWildcardsAndEscapes(String pattern, String text, boolean matches) {
        String rule = "{\"Variable\": \"$.v\", \"StringMatches\": " + jsonString(pattern) + "}";
        assertThat(ruleMatches(rule, "{\"v\": " + jsonString(text) + "}")).isEqualTo(matches);
    }

    /** Raw pattern and text (before JSON escaping). */
    static Stream<Arguments> wildcards() {
        return Stream.of(
                arguments("exact", "exact", true),
                arguments("exact", "exactly", false),
                arguments("exact", "Exact", false),
                arguments("log-*.txt", "log-2024.txt", true),
                arguments("log-*.txt", "log-.txt", true),
                arguments("log-*.txt", "log-2024.csv", false),
                arguments("*.log", "a/b/c.log", true),
                arguments("*", "", true),
                arguments("*", "anything at all", true),
                arguments("a*b*c", "aXXbYYc", true),
                arguments("a*b*c", "aXXcYYb", false),
                arguments("a**b", "ab", true),
                // \* is a literal star
                arguments("a\\*b", "a*b", true),
                arguments("a\\*b", "aXb", false),
                arguments("a\\*b", "aXYZb", false),
                // \\ is a literal backslash
                arguments("a\\\\b", "a\\b", true),
                arguments("a\\\\b", "ab", false),
                // a literal backslash followed by a wildcard
                arguments("a\\\\*", "a\\anything", true),
                arguments("a\\\\*", "ab", false),
                arguments("\\**", "*star", true),
                arguments("\\**", "star", false));
    }

    @Test
    void stringMatchesIsFalseForANonString() {
        assertThat(ruleMatches("{\"Variable\": \"$.v\", \"StringMatches\": \"*\"}", "{\"v\": 12}")).isFalse();
    }

    // ---------------------------------------------------------------- choosing the next state

    @Test
    void firstMatchingChoiceWins() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Variable": "$.n", "NumericLessThan": 0, "Next": "Negative"},
                    {"Variable": "$.n", "NumericLessThan": 10, "Next": "Small"},
                    {"Variable": "$.n", "NumericLessThan": 100, "Next": "Medium"}
                  ], "Default": "Large"},
                  "Negative": {"Type": "Pass", "Result": "negative", "End": true},
                  "Small": {"Type": "Pass", "Result": "small", "End": true},
                  "Medium": {"Type": "Pass", "Result": "medium", "End": true},
                  "Large": {"Type": "Pass", "Result": "large", "End": true}
                }}""";
        assertThat(run(definition, "{\"n\": -5}").output().asText()).isEqualTo("negative");
        assertThat(run(definition, "{\"n\": 5}").output().asText()).isEqualTo("small");
        assertThat(run(definition, "{\"n\": 50}").output().asText()).isEqualTo("medium");
        assertThat(run(definition, "{\"n\": 500}").output().asText()).isEqualTo("large");
    }

    @Test
    void defaultIsTakenWhenNothingMatches() {
        ExecutionResult result = run(machineWithRule("{\"Variable\": \"$.v\", \"StringEquals\": \"a\"}"),
                "{\"v\": \"b\"}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("\"no\""));
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void noMatchAndNoDefaultFailsWithNoChoiceMatched() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Variable": "$.v", "StringEquals": "a", "Next": "Yes"}
                  ]},
                  "Yes": {"Type": "Succeed"}
                }}""";
        ExecutionResult result = run(definition, "{\"v\": \"b\"}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.NoChoiceMatched");
        assertThat(result.output()).isNull();
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed");
    }

    @Test
    void missingVariablePathFailsWithRuntimeError() {
        ExecutionResult result = run(machineWithRule("{\"Variable\": \"$.missing\", \"StringEquals\": \"a\"}"),
                "{\"v\": \"a\"}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).startsWith(RUNTIME_PREFIX).contains("Invalid path '$.missing'");
        assertThat(eventTypes(result)).containsExactly("ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed");
    }

    @Test
    void missingPathOfAPathOperatorFailsWithRuntimeError() {
        ExecutionResult result = run(machineWithRule("{\"Variable\": \"$.v\", \"StringEqualsPath\": \"$.missing\"}"),
                "{\"v\": \"a\"}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).startsWith(RUNTIME_PREFIX).contains("'$.missing'");
    }

    @Test
    void missingVariableInALaterChoiceIsNotReachedWhenAnEarlierChoiceMatches() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Variable": "$.v", "StringEquals": "a", "Next": "Yes"},
                    {"Variable": "$.missing", "StringEquals": "a", "Next": "Yes"}
                  ]},
                  "Yes": {"Type": "Succeed"}
                }}""";
        assertThat(run(definition, "{\"v\": \"a\"}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    // ---------------------------------------------------------------- the Choice state's data flow

    @Test
    void choicePassesItsInputThroughUnchanged() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Variable": "$.go", "BooleanEquals": true, "Next": "Done"}
                  ]},
                  "Done": {"Type": "Succeed"}
                }}""";
        ExecutionResult result = run(definition, "{\"go\": true, \"keep\": [1, 2]}");
        assertThat(result.output()).isEqualTo(Json.parse("{\"go\": true, \"keep\": [1, 2]}"));
    }

    @Test
    void choiceInputPathScopesTheVariablesAndOutputPathSelectsTheOutput() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "InputPath": "$.data", "OutputPath": "$.payload", "Choices": [
                    {"Variable": "$.flag", "BooleanEquals": true, "Next": "Done"}
                  ], "Default": "Other"},
                  "Done": {"Type": "Succeed"},
                  "Other": {"Type": "Fail", "Error": "WrongBranch"}
                }}""";
        ExecutionResult result = run(definition,
                "{\"flag\": false, \"data\": {\"flag\": true, \"payload\": {\"x\": 1}}, \"other\": 0}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("{\"x\": 1}"));
        HistoryEvent exited = result.history().stream()
                .filter(e -> e.type().equals("ChoiceStateExited")).findFirst().orElseThrow();
        assertThat(exited.details().get("output")).isEqualTo(Json.parse("{\"x\": 1}"));
    }

    @Test
    void choiceOutputPathNullGivesAnEmptyObject() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "OutputPath": null, "Choices": [
                    {"Variable": "$.flag", "BooleanEquals": true, "Next": "Done"}
                  ]},
                  "Done": {"Type": "Succeed"}
                }}""";
        assertThat(run(definition, "{\"flag\": true}").output()).isEqualTo(Json.parse("{}"));
    }

    @Test
    void choiceOutputPathThatSelectsNothingFailsWithRuntimeError() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "OutputPath": "$.x", "Choices": [
                    {"Variable": "$.flag", "BooleanEquals": true, "Next": "Done"}
                  ]},
                  "Done": {"Type": "Succeed"}
                }}""";
        ExecutionResult result = run(definition, "{\"flag\": true}");
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).isEqualTo(RUNTIME_PREFIX + "Invalid path '$.x' : No results for path: $['x']");
    }

    @Test
    void choiceVariableCanReadTheContextObject() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "InputPath": "$.inner", "Choices": [
                    {"Variable": "$$.Execution.Input.mode", "StringEquals": "fast", "Next": "Fast"},
                    {"Variable": "$$.State.Name", "StringEquals": "C", "Next": "ByName"}
                  ]},
                  "Fast": {"Type": "Pass", "Result": "fast", "End": true},
                  "ByName": {"Type": "Pass", "Result": "by-name", "End": true}
                }}""";
        assertThat(run(definition, "{\"mode\": \"fast\", \"inner\": {}}").output().asText()).isEqualTo("fast");
        assertThat(run(definition, "{\"mode\": \"slow\", \"inner\": {}}").output().asText()).isEqualTo("by-name");
    }
}
