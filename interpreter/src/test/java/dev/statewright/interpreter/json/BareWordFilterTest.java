package dev.statewright.interpreter.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.ValidationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters that compare with a bare word, {@code $.items[?(@.code==es)]}, as deployed AWS
 * workflows write them: AWS accepts them and reads the word as a string.
 */
class BareWordFilterTest {
    private static final JsonNode ITEMS = Json.parse("""
            {"items": [{"code": "es", "n": 1}, {"code": "en-GB", "n": 2}, {"code": "ES", "n": 3},
                       {"code": 1, "n": 4}, {"code": true, "n": 5}, {"code": "ecs.availability-zone", "n": 6},
                       {"code": "/eggs/cooked/like", "n": 7}, {"code": "1.0.0", "n": 8}]}
            """);

    private final DefinitionValidator validator = new DefinitionValidator();

    private static String machine(String path) {
        return """
                {"StartAt": "Pick", "States": {"Pick": {"Type": "Pass",
                  "Parameters": {"picked.$": %s}, "End": true}}}
                """.formatted(Json.write(Json.NODES.textNode(path)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.items[?(@.code==es)]", "$[?(@.status == active)]", "$.items[?(@.code==en-GB)].n",
            "$.items[?(@.code == es && @.n > 0)]", "$.items[?(es == @.code)]", "$$.Execution.Input[?(@.a==b)]",
            "$.items[?(@.code==ecs.availability-zone)]", "$.items[?(@.code==/eggs/cooked/like)].n",
            "States.ArrayLength($.items[?(@.code==es)])"})
    void theValidatorAcceptsABareWordInAFilter(String path) {
        ValidationReport report = validator.validate(machine(path), StateMachineType.STANDARD);
        assertThat(report.diagnostics()).as(path).isEmpty();
        assertThat(report.valid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "$.items[?(@.code==es)].n                       | [1]",
            "$.items[?(@.code == es)].n                     | [1]",
            "$.items[?(@.code==en-GB)].n                    | [2]",
            "$.items[?(@.code != es && @.n < 4)].n          | [2, 3]",
            "$.items[?(es == @.code)].n                     | [1]",
            "$.items[?(@.code==ecs.availability-zone)].n    | [6]",
            "$.items[?(@.code==/eggs/cooked/like)].n        | [7]",
            "$.items[?(@.code==1.0.0)].n                    | [8]",
            "$.items[?(@.code==nobody)].n                   | []",
            // Numbers, booleans and quoted strings keep their meaning; a whole regex stays a regex.
            "$.items[?(@.code==1)].n                        | [4]",
            "$.items[?(@.code==true)].n                     | [5]",
            "$.items[?(@.code=='es')].n                     | [1]",
            "$.items[?(@.code =~ /e.*/i)].n                 | [1, 2, 3, 6]",
    })
    void aBareWordIsReadAsAString(String path, String expected) {
        assertThat(JsonPaths.read(path, ITEMS)).isEqualTo(Json.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "$.a[?(@.x == es)] => $.a[?(@.x == 'es')]",
            "$.a[?((@.x==es) || (b<=@.y))] => $.a[?((@.x=='es') || ('b'<=@.y))]",
            "$.a[?(@.x == -1 && @.y != null)] => $.a[?(@.x == -1 && @.y != null)]",
            "$.a[?(@['x y'] == @.z)] => $.a[?(@['x y'] == @.z)]",
            "$['?(x==y)'][?(@.x == 'y')] => $['?(x==y)'][?(@.x == 'y')]",
            "$.a[?(@.x in ['a', 'b'])] => $.a[?(@.x in ['a', 'b'])]",
            "$.a[?(@.x size 2)] => $.a[?(@.x size 2)]",
            "$.a[?(@.x == foo bar)] => $.a[?(@.x == foo bar)]",
            "$.a[?(@.x =~ /^e/i)] => $.a[?(@.x =~ /^e/i)]",
    })
    void onlyAWordStandingAloneBesideAComparisonIsQuoted(String path, String quoted) {
        assertThat(BareWordLiterals.quote(path)).isEqualTo(quoted);
    }

    @Test
    void aBackslashInABareWordIsTakenAsWritten() {
        JsonNode document = Json.parse("{\"items\": [{\"path\": \"C:\\\\temp\", \"n\": 1}, {\"path\": \"D:\", \"n\": 2}]}");
        assertThat(JsonPaths.read("$.items[?(@.path == C:\\temp)].n", document)).isEqualTo(Json.parse("[1]"));
    }

    @Test
    void anExecutionFiltersWithBareWords() {
        String definition = """
                {"StartAt": "Route", "States": {
                  "Route": {"Type": "Pass", "Parameters": {
                      "spanish.$": "$.items[?(@.code==es)].n",
                      "activeNames.$": "$.users[?(@.status == active)].name"}, "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [
                      {"Variable": "$.spanish[0]", "NumericEquals": 1, "Next": "Done"}], "Default": "Lost"},
                  "Lost": {"Type": "Fail", "Error": "Lost"},
                  "Done": {"Type": "Succeed"}}}
                """;
        assertThat(validator.validate(definition, StateMachineType.STANDARD).diagnostics()).as("the validator accepts it").isEmpty();
        ExecutionResult result = new Engine(TaskHandlers.none()).run(DefinitionParser.parse(definition), Json.parse("""
                {"items": [{"code": "es", "n": 1}, {"code": "en", "n": 2}],
                 "users": [{"name": "ana", "status": "active"}, {"name": "bo", "status": "gone"},
                           {"name": "cy", "status": "active"}]}
                """));
        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("{\"spanish\": [1], \"activeNames\": [\"ana\", \"cy\"]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.items[?(@.code==)]", "$.items[?(@.code==es]", "$.items[?(@.code==es)",
            "$.items[?(@.code=='es)]", "$.items[?(@.code === es)]", "$.items[?(== es)]"})
    void aMalformedFilterIsStillRefusedWhereItIs(String path) {
        String text = machine(path);
        ValidationReport report = validator.validate(text, StateMachineType.STANDARD);
        assertThat(report.valid()).as(path).isFalse();
        assertThat(report.diagnostics()).singleElement().satisfies(diagnostic -> {
            assertThat(diagnostic.location()).isEqualTo("/States/Pick/Parameters");
            assertThat(diagnostic.message())
                    .isEqualTo("The value for the field 'picked.$' must be a valid JSONPath or a valid intrinsic function call");
            assertThat(lineAt(text, diagnostic)).as("line %d of%n%s", diagnostic.line(), text).contains("\"Parameters\"");
        });
    }

    private static String lineAt(String text, Diagnostic diagnostic) {
        return text.split("\n", -1)[diagnostic.line() - 1];
    }
}
