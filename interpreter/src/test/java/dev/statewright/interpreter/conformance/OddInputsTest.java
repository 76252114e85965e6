package dev.statewright.interpreter.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every definition AWS ran, fed inputs it was not written for (fields of the wrong type, missing,
 * null, huge numbers): the engine must end each run in an AWS-style status and error, never in a
 * thrown exception or its own internal-error safety net.
 */
class OddInputsTest {
    private static final int VARIANTS_PER_CASE = 6;

    @Test
    void oddInputsEndInAwsStyleErrorsNotInternalOnes() {
        SplittableRandom random = new SplittableRandom(20261127);
        Engine engine = new Engine(TaskHandlers.none(), EngineOptions.defaults().withRandomSource(() -> new SplittableRandom(1)));
        List<String> problems = new ArrayList<>();
        int runs = 0;
        for (ConformanceCase c : ConformanceCase.interpreterCases()) {
            StateMachine machine = DefinitionParser.parse(c.definition());
            for (int i = 0; i < VARIANTS_PER_CASE; i++) {
                JsonNode input = mutate(c.input(), random);
                runs++;
                runWithoutInternalError(engine, machine, input, c.name() + " with " + Json.write(input), problems);
            }
        }
        assertThat(runs).isGreaterThan(3000);
        assertThat(problems).isEmpty();
    }

    @Test
    void oddDefinitionsAreRefusedAsInvalidOrRunToAnAwsStyleEnd() {
        SplittableRandom random = new SplittableRandom(7);
        Engine engine = new Engine(TaskHandlers.none(), EngineOptions.defaults().withRandomSource(() -> new SplittableRandom(1)));
        List<String> problems = new ArrayList<>();
        int refused = 0;
        int ran = 0;
        for (ConformanceCase c : ConformanceCase.interpreterCases()) {
            for (int i = 0; i < VARIANTS_PER_CASE; i++) {
                JsonNode definition = mutate(c.definition(), random);
                StateMachine machine;
                try {
                    machine = DefinitionParser.parse(definition);
                } catch (dev.statewright.interpreter.model.InvalidDefinitionException e) {
                    refused++;
                    continue;
                } catch (RuntimeException e) {
                    problems.add(c.name() + " parsing " + Json.write(definition) + ": threw " + e);
                    continue;
                }
                ran++;
                runWithoutInternalError(engine, machine, c.input(), c.name() + " running " + Json.write(definition), problems);
            }
        }
        assertThat(refused).isPositive();
        assertThat(ran).isPositive();
        assertThat(problems).isEmpty();
    }

    private static void runWithoutInternalError(Engine engine, StateMachine machine, JsonNode input, String what,
                                                List<String> problems) {
        try {
            ExecutionResult result = engine.run(machine, input);
            if (result.cause() != null && result.cause().contains("Statewright internal error")) {
                problems.add(what + ": " + result.cause());
            }
        } catch (RuntimeException e) {
            problems.add(what + ": threw " + e);
        }
    }

    /** A copy of the input with one value somewhere replaced by something of another kind, or removed. */
    private static JsonNode mutate(JsonNode input, SplittableRandom random) {
        JsonNode copy = input.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(copy, containers);
        if (containers.isEmpty() || random.nextInt(8) == 0) {
            return oddValue(random);
        }
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                object.remove(name);
            } else {
                object.set(name, oddValue(random));
            }
        } else if (container instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), oddValue(random));
        }
        return copy;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    collectContainers(fields.next().getValue(), containers);
                }
            } else {
                node.forEach(child -> collectContainers(child, containers));
            }
        }
    }

    private static JsonNode oddValue(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0 -> Json.NODES.nullNode();
            case 1 -> Json.NODES.textNode("");
            case 2 -> Json.NODES.textNode("not a number");
            case 3 -> Json.NODES.numberNode(-1);
            case 4 -> Json.NODES.numberNode(new java.math.BigDecimal("1e40"));
            case 5 -> Json.NODES.numberNode(2.5);
            case 6 -> Json.NODES.booleanNode(true);
            case 7 -> Json.object();
            case 8 -> Json.NODES.arrayNode();
            case 9 -> Json.parse("[1, \"two\", null, {}]");
            case 10 -> Json.NODES.textNode("2016-13-45T99:99:99Z");
            default -> Json.NODES.numberNode(Long.MAX_VALUE);
        };
    }
}
