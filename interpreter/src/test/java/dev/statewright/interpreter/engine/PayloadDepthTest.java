package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data nested deeper than {@link Json#MAX_PAYLOAD_DEPTH} levels fails the state with
 * States.DataLimitExceeded, however it came to be: given as input, or built up by the states.
 */
class PayloadDepthTest {

    private static JsonNode nested(int depth) {
        return Json.parse("{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1));
    }

    @Test
    void anInputAtTheLimitRunsAndOnePastItFails() {
        var machine = DefinitionParser.parse("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        assertThat(Json.deeperThan(nested(Json.MAX_PAYLOAD_DEPTH), Json.MAX_PAYLOAD_DEPTH)).isFalse();
        ExecutionResult within = new Engine(TaskHandlers.none()).run(machine, nested(Json.MAX_PAYLOAD_DEPTH));
        assertThat(within.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        ExecutionResult past = new Engine(TaskHandlers.none()).run(machine, nested(Json.MAX_PAYLOAD_DEPTH + 1));
        assertThat(past.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(past.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(past.cause()).contains("nested deeper than 512 levels");
    }

    @Test
    void dataThatALoopNestsDeeperEachRoundFailsOnceItPassesTheLimit() {
        var machine = DefinitionParser.parse("""
                {"StartAt": "Wrap", "States": {
                  "Wrap": {"Type": "Pass", "Parameters": {"inner.$": "$"}, "Next": "Again"},
                  "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}],
                    "Default": "Wrap"},
                  "Done": {"Type": "Succeed"}}}""");
        ExecutionResult result = new Engine(TaskHandlers.none()).run(machine, Json.object());
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(result.cause()).contains("'Wrap' returned a result nested deeper than 512 levels");
    }

    @Test
    void deeplyNestedDataIsMeasuredWithoutOverflowingTheStack() {
        com.fasterxml.jackson.databind.node.ArrayNode root = Json.NODES.arrayNode();
        com.fasterxml.jackson.databind.node.ArrayNode at = root;
        for (int i = 0; i < 200_000; i++) {
            at = at.addArray();
        }
        assertThat(Json.deeperThan(root, Json.MAX_PAYLOAD_DEPTH)).isTrue();
        assertThat(Json.deeperThan(Json.NODES.arrayNode(), 0)).isTrue();
        assertThat(Json.deeperThan(Json.NODES.textNode("x"), 0)).isFalse();
    }
}
