package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Edges of JSONata states: determinism, Choice rule outputs, ranges, scopes and the validator's agreement. */
class JsonataEdgesTest {

    private static ExecutionResult run(String definition, String input, long seed) {
        return new Engine(TaskHandlers.none(), EngineOptions.defaults().withRandomSource(() -> new SplittableRandom(seed)))
                .run(DefinitionParser.parse(definition), Json.parse(input));
    }

    @Test
    void shuffleDrawsFromTheExecutionsSeedSoAReplayShufflesAlike() {
        String machine = """
                {"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass",
                  "Output": "{% $shuffle([1,2,3,4,5,6,7,8,9,10]) %}", "End": true}}}
                """;
        assertThat(run(machine, "{}", 42).output()).isEqualTo(run(machine, "{}", 42).output());
        assertThat(run(machine, "{}", 42).output()).hasSize(10);
    }

    @Test
    void aMatchedChoiceRuleUsesOnlyItsOwnOutputAndAssign() {
        ExecutionResult result = run("""
                {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "D"}], "Default": "D",
                        "Output": "state-level", "Assign": {"v": "state-level"}},
                  "D": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}
                """, "{\"in\": 1}", 1);
        assertThat(result.output()).isEqualTo(Json.parse("{\"in\": 1}"));
    }

    @Test
    void aNegativeWaitIsAnErrorNotAnImmediateWait() {
        ExecutionResult result = run("""
                {"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "{% -5 %}", "End": true}}}
                """, "{}", 1);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("Seconds", "-5");
    }

    @Test
    void aToleratedFailureCountBeyondAnIntegerIsAnErrorNotZero() {
        ExecutionResult result = run("""
                {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% [1] %}",
                  "ToleratedFailureCount": "{% 4294967296 %}",
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
                """, "{}", 1);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("ToleratedFailureCount");
    }

    @Test
    void aVariableCannotStandInForStates() {
        ExecutionResult result = run("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Assign": {"states": {"input": "spoofed"}}, "Next": "B"},
                  "B": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}
                """, "{\"real\": 1}", 1);
        assertThat(result.output()).isEqualTo(Json.parse("{\"real\": 1}"));
    }

    @Test
    void distributedMapIterationsDoNotSeeOuterVariables() {
        ExecutionResult result = run("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                  "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
                  "M": {"Type": "Map", "Items": "{% [1] %}", "ItemProcessor": {
                         "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                         "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $x %}", "End": true}}},
                        "End": true}}}
                """, "{}", 1);
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(result.cause()).contains("'$x'", "returned nothing");
    }

    @Test
    void theValidatorAndTheEngineAgreeOnWhatAnExpressionIs() {
        String padded = """
                {"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": " {% 1 %}", "End": true}}}
                """;
        assertThat(new DefinitionValidator().validate(padded, StateMachineType.STANDARD).valid())
                .as("a padded expression is not an expression: the validator refuses what the engine could not run").isFalse();
    }
}
