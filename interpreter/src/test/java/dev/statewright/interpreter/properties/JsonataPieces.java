package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The JSONata parts of valid definitions: {@code {% %}} expressions over {@code $states}, the
 * variables and AWS's added functions, in Arguments, Output, Assign, Items, Condition and the
 * number fields. Like {@link JsonPathPieces}, they are well formed and may fail at run time.
 */
public final class JsonataPieces {
    private JsonataPieces() {
    }

    /** A {@code {% %}} expression giving any value. */
    public static Arbitrary<String> expressions(boolean inMapIteration) {
        Arbitrary<String> general = Arbitraries.of(
                "$states.input", "$states.input.n", "$states.input.items", "$count($states.input.items)",
                "$string($states.input.n)", "$states.input.n + 1", "$x", "$exists($total) ? $total : 0",
                "$states.context.Execution.Id", "[1, 2, 3]", "{'k': $states.input.s}", "$uuid()",
                "$hash($string($states.input), 'SHA-256')", "$random()", "$range(0, 5, 2)",
                "$parse('{\"a\": [1, 2]}')", "$sum($states.input.items)", "$states.input.s & '!'",
                "$partition([1, 2, 3], 2)", "$lookup($states.input, 's')", "$label", "$type($states.input.a)",
                "$states.input.items[0]", "$reverse($states.input.items)", "$keys($states.input)",
                "$number($states.input.s)", "null", "'\u00e9t\u00e9 \ud83d\ude00'");
        Arbitrary<String> chosen = inMapIteration
                ? Arbitraries.oneOf(general, Arbitraries.of("$states.context.Map.Item.Value", "$states.context.Map.Item.Index"))
                : general;
        return Shared.of(chosen.map(expression -> "{% " + expression + " %}"));
    }

    /** A Choice rule's Condition: a boolean expression, sometimes a plain boolean. */
    public static Arbitrary<JsonNode> conditions() {
        Arbitrary<JsonNode> expressions = Arbitraries.of("$states.input.n > 0", "$exists($states.input.flag)",
                "$type($states.input) = 'object'", "true", "$x = 1", "$count($states.input.items) > 2",
                "$states.input.s = 'a'", "$not($states.input.flag)")
                .map(expression -> (JsonNode) Json.NODES.textNode("{% " + expression + " %}"));
        return Shared.of(Arbitraries.frequencyOf(Tuple.of(5, expressions),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) Json.NODES.booleanNode(b)))));
    }

    /** Arguments, Output or ItemSelector: one expression, an object of expressions and constants, or a constant. */
    public static Arbitrary<JsonNode> templates(boolean inMapIteration) {
        Arbitrary<JsonNode> expression = expressions(inMapIteration).map(e -> (JsonNode) Json.NODES.textNode(e));
        Arbitrary<JsonNode> object = Arbitraries.frequencyOf(Tuple.of(3, expression), Tuple.of(1, JsonValues.smallValues()))
                .list().ofMinSize(1).ofMaxSize(3).map(fields -> {
                    ObjectNode template = Json.object();
                    for (int i = 0; i < fields.size(); i++) {
                        template.set("f" + i, fields.get(i));
                    }
                    return (JsonNode) template;
                });
        return Shared.of(Arbitraries.frequencyOf(Tuple.of(3, expression), Tuple.of(3, object), Tuple.of(1, JsonValues.smallValues())));
    }

    /** An Assign of a JSONata state. */
    public static Arbitrary<JsonNode> assignments() {
        Arbitrary<JsonNode> value = Arbitraries.frequencyOf(
                Tuple.of(3, expressions(false).map(e -> (JsonNode) Json.NODES.textNode(e))),
                Tuple.of(1, JsonValues.smallValues()));
        return Shared.of(Combinators.combine(Arbitraries.of(JsonPathPieces.VARIABLES), value).as(Tuple::of)
                .list().ofMinSize(1).ofMaxSize(3).uniqueElements(Tuple.Tuple2::get1).map(list -> {
                    ObjectNode assign = Json.object();
                    list.forEach(entry -> assign.set(entry.get1(), entry.get2()));
                    return (JsonNode) assign;
                }));
    }

    /** A number field (Seconds, TimeoutSeconds, MaxConcurrency...) as an expression. */
    public static Arbitrary<JsonNode> numberExpressions() {
        return Shared.of(Arbitraries.of("{% 1 %}", "{% $states.input.n %}", "{% $count($states.input.items) %}", "{% 3 * 2 %}")
                .map(e -> (JsonNode) Json.NODES.textNode(e)));
    }
}
