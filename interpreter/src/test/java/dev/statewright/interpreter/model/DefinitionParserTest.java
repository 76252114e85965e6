package dev.statewright.interpreter.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionParserTest {

    @Test
    void parsesEveryJsonPathDefinitionThatAwsRan() throws java.io.IOException {
        java.nio.file.Path cases = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.isDirectory(cases.resolve("test-fixtures/conformance/cases"))) {
            cases = cases.getParent();
        }
        java.util.List<String> refused = new java.util.ArrayList<>();
        int parsed = 0;
        try (var files = java.nio.file.Files.list(cases.resolve("test-fixtures/conformance/cases"))) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                com.fasterxml.jackson.databind.JsonNode definition =
                        dev.statewright.interpreter.json.Json.MAPPER.readTree(file.toFile()).get("definition");
                if (definition.toString().contains("JSONata")) {
                    continue; // a later query language
                }
                try {
                    DefinitionParser.parse(definition);
                    parsed++;
                } catch (InvalidDefinitionException e) {
                    refused.add(file.getFileName() + ": " + e.getMessage());
                }
            }
        }
        assertThat(refused).isEmpty();
        assertThat(parsed).isGreaterThan(600);
    }

    @Test
    void rejectsAMalformedJsonPathWhereverItIs() {
        String[] definitions = {
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"InputPath\": \"$.[\", \"End\": true}}}",
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"$.[\"}, \"End\": true}}}",
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"ResultPath\": \"$.a[*]\", \"End\": true}}}",
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.[\", \"IsNull\": true, \"Next\": \"A\"}]}}}",
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Wait\", \"SecondsPath\": \"$$.[\", \"End\": true}}}",
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"States.Array($.[)\"}, \"End\": true}}}"
        };
        for (String definition : definitions) {
            assertThatThrownBy(() -> DefinitionParser.parse(definition)).as(definition)
                    .isInstanceOf(InvalidDefinitionException.class);
        }
    }

    @Test
    void retryAndCatchMustBeArrays() {
        assertThatThrownBy(() -> DefinitionParser.parse("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "Retry": {"a": 1}, "End": true}}}
                """)).isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("/States/T/Retry");
        assertThatThrownBy(() -> DefinitionParser.parse("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "Catch": "x", "End": true}}}
                """)).isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("/States/T/Catch");
    }

    @Test
    void keepsItsOwnCopyOfTheDefinition() {
        com.fasterxml.jackson.databind.node.ObjectNode definition = (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.statewright.interpreter.json.Json.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"v": 1}, "End": true}}}
                """);
        StateMachine machine = DefinitionParser.parse(definition);
        ((com.fasterxml.jackson.databind.node.ObjectNode) definition.at("/States/A/Result")).put("v", 2);

        assertThat(((PassState) machine.state("A")).result()).isEqualTo(dev.statewright.interpreter.json.Json.parse("{\"v\": 1}"));
    }

    @Test
    void parsesStatesInOrderWithTheirFields() {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "A", "TimeoutSeconds": 30, "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5,
                        "Retry": [{"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["X"], "Next": "B"}], "Next": "B"},
                  "B": {"Type": "Succeed"}}}
                """);
        assertThat(machine.startAt()).isEqualTo("A");
        assertThat(machine.timeoutSeconds()).isEqualTo(30);
        assertThat(machine.states().keySet()).containsExactly("A", "B");
        TaskState task = (TaskState) machine.state("A");
        assertThat(task.timeoutSeconds()).isEqualTo(5);
        assertThat(task.retry()).singleElement().satisfies(retrier -> {
            assertThat(retrier.intervalSeconds()).isEqualTo(1);
            assertThat(retrier.maxAttempts()).isEqualTo(3);
            assertThat(retrier.backoffRate()).isEqualTo(2.0);
        });
        assertThat(task.catchers()).singleElement().satisfies(catcher -> assertThat(catcher.resultPath().text()).isEqualTo("$"));
    }

    @Test
    void distinguishesAnAbsentPathFromANullOne() {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": null, "OutputPath": null, "End": true}}}
                """);
        DataFlow flow = machine.state("A").dataFlow();
        assertThat(flow.inputPath()).isEqualTo("$");
        assertThat(flow.resultPath()).isNull();
        assertThat(flow.outputPath()).isNull();
    }

    @Test
    void compilesTemplatesWithoutDynamicFieldsToConstants() {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a": {"b": [1]}}, "End": true}}}
                """);
        assertThat(machine.state("A").dataFlow().parameters()).isInstanceOf(PayloadTemplate.Constant.class);
    }

    @Test
    void takesTheLegacyIteratorAndParametersOfAMap() {
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "Parameters": {"v.$": "$$.Map.Item.Value"},
                  "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
                """);
        MapState map = (MapState) machine.state("M");
        assertThat(map.processor().startAt()).isEqualTo("P");
        assertThat(map.itemSelector()).isInstanceOf(PayloadTemplate.ObjectTemplate.class);
        assertThat(map.mode()).isEqualTo(MapState.ProcessorMode.INLINE);
    }

    @Test
    void rejectsAnUnknownStateTypeWithItsLocation() {
        assertThatThrownBy(() -> DefinitionParser.parse("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Nap\"}}}"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Unknown state type Nap")
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).location()).isEqualTo("/States/A/Type"));
    }

    @Test
    void rejectsAMalformedIntrinsicAtParseTime() {
        assertThatThrownBy(() -> DefinitionParser.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Format('a"}, "End": true}}}
                """))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).location()).isEqualTo("/States/A/Parameters/x.$"));
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThatThrownBy(() -> DefinitionParser.parse("{nope"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void jsonataThatDoesNotParseIsADefinitionErrorWithItsLocation() {
        assertThatThrownBy(() -> DefinitionParser.parse("""
                {"QueryLanguage": "JSONata", "StartAt": "A",
                 "States": {"A": {"Type": "Pass", "Output": {"x": "{% 1 + %}"}, "End": true}}}
                """)).isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    assertThat(e.location()).isEqualTo("/States/A/Output");
                    assertThat(e.getMessage()).contains("Invalid JSONata expression", "S0207");
                });
    }

    @Test
    void statesTakeTheMachinesQueryLanguageUnlessTheyNameTheirOwn() {
        StateMachine machine = DefinitionParser.parse("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Output": "{% 1 %}", "Next": "B"},
                  "B": {"Type": "Pass", "QueryLanguage": "JSONPath", "Parameters": {"x.$": "$.y"}, "Next": "M"},
                  "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
                        "End": true}}}
                """);
        assertThat(machine.state("A").dataFlow().jsonata()).isTrue();
        assertThat(machine.state("B").dataFlow().jsonata()).isFalse();
        MapState map = (MapState) machine.state("M");
        assertThat(map.processor().state("I").dataFlow().jsonata()).as("nested states inherit the machine's").isTrue();
    }
}
