package dev.statewright.interpreter.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionParserTest {

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
        assertThat(task.catchers()).singleElement().satisfies(catcher -> assertThat(catcher.resultPath()).isEqualTo("$"));
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
    void refusesJsonataUntilItIsSupported() {
        assertThatThrownBy(() -> DefinitionParser.parse("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
                """)).isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("JSONata");
    }
}
