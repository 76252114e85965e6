package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * The JSONPath parts of valid definitions: paths, payload templates with intrinsic calls,
 * variable assignments and Choice rules. Each is well formed; whether it finds what it looks for
 * in a generated input is left to chance, so runs fail at run time too (States.Runtime,
 * States.IntrinsicFailure, ...), as they may.
 */
public final class JsonPathPieces {
    /** Variables the pieces assign and read. */
    static final List<String> VARIABLES = List.of("x", "total", "label");

    private JsonPathPieces() {
    }

    /** InputPath and OutputPath values: paths into the input and the context object, or null. */
    public static Arbitrary<JsonNode> selectionPaths() {
        return Shared.of(Arbitraries.of("$", "$.a", "$.items", "$.n", "$['s']", "$.items[0]", "$$.Execution.Input", "$.extra")
                .map(path -> (JsonNode) Json.NODES.textNode(path))
                .injectNull(0.1).map(path -> path == null ? Json.NODES.nullNode() : path));
    }

    /** ResultPath values: reference paths (one place each), or null to discard the result. */
    public static Arbitrary<JsonNode> resultPaths() {
        return Shared.of(Arbitraries.of("$", "$.r", "$.nested.r", "$.a", "$['odd key']")
                .map(path -> (JsonNode) Json.NODES.textNode(path))
                .injectNull(0.15).map(path -> path == null ? Json.NODES.nullNode() : path));
    }

    /** The value of a {@code "key.$"} field: a path, a variable, or an intrinsic call. */
    public static Arbitrary<String> dynamicValues(boolean inMapIteration) {
        Arbitrary<String> general = Arbitraries.of(
                "$", "$.n", "$.s", "$.items", "$.a", "$$.Execution.Id", "$$.State.Name", "$$.Execution.Input.n",
                "$x", "$total.value", "$label",
                "States.Format('n={} s={}', $.n, $.s)", "States.Array($.s, 1, true, null)",
                "States.ArrayLength($.items)", "States.ArrayGetItem($.items, 0)", "States.ArrayContains($.items, 1)",
                "States.ArrayUnique($.items)", "States.ArrayPartition($.items, 2)", "States.ArrayRange(1, 9, 2)",
                "States.JsonToString($)", "States.StringToJson($.s)", "States.JsonMerge($.a, $.a, false)",
                "States.Hash($.s, 'SHA-256')", "States.Base64Encode($.s)", "States.Base64Decode($.s)",
                "States.MathAdd($.n, 1)", "States.MathRandom(1, 10)", "States.UUID()", "States.StringSplit($.s, ' ')",
                "States.Format('{}', States.ArrayLength(States.Array(1, 2)))");
        if (!inMapIteration) {
            return general;
        }
        return Shared.of(Arbitraries.oneOf(general, Arbitraries.of("$$.Map.Item.Value", "$$.Map.Item.Index")));
    }

    /** A payload template (Parameters, ResultSelector, ItemSelector): dynamic fields beside constants. */
    public static Arbitrary<JsonNode> templates(boolean inMapIteration) {
        Arbitrary<String> keys = Arbitraries.of("v", "n", "name", "\u00fcber", "with space", "nested");
        // Each field is one of: "key.$" with a path or call, a constant, or an object holding a "key.$" (read too).
        Arbitrary<Tuple.Tuple2<String, JsonNode>> dynamic = dynamicValues(inMapIteration)
                .map(value -> Tuple.of(".$", (JsonNode) Json.NODES.textNode(value)));
        Arbitrary<Tuple.Tuple2<String, JsonNode>> constant = JsonValues.smallValues().map(value -> Tuple.of("", value));
        Arbitrary<Tuple.Tuple2<String, JsonNode>> nested = dynamicValues(inMapIteration)
                .map(value -> Tuple.of("", (JsonNode) Json.object().put("inner.$", value)));
        Arbitrary<Tuple.Tuple2<String, JsonNode>> fields = Arbitraries.frequencyOf(Tuple.of(4, dynamic), Tuple.of(3, constant),
                Tuple.of(1, nested));
        return Shared.of(Combinators.combine(keys, fields).as(Tuple::of).list().ofMinSize(1).ofMaxSize(3).map(list -> {
            ObjectNode template = Json.object();
            for (int i = 0; i < list.size(); i++) {
                template.set(list.get(i).get1() + i + list.get(i).get2().get1(), list.get(i).get2().get2());
            }
            return (JsonNode) template;
        }));
    }

    /** An Assign of a JSONPath state: constants and dynamic values under the known variable names. */
    public static Arbitrary<JsonNode> assignments() {
        Arbitrary<Tuple.Tuple2<String, JsonNode>> dynamic = dynamicValues(false)
                .map(value -> Tuple.of(".$", (JsonNode) Json.NODES.textNode(value)));
        Arbitrary<Tuple.Tuple2<String, JsonNode>> constant = JsonValues.smallValues().map(value -> Tuple.of("", value));
        return Shared.of(Combinators.combine(Arbitraries.of(VARIABLES), Arbitraries.oneOf(dynamic, constant)).as(Tuple::of)
                .list().ofMinSize(1).ofMaxSize(3).uniqueElements(Tuple.Tuple2::get1).map(list -> {
                    ObjectNode assign = Json.object();
                    list.forEach(entry -> assign.set(entry.get1() + entry.get2().get1(), entry.get2().get2()));
                    return (JsonNode) assign;
                }));
    }

    /** A Choice rule without Next: one comparison, or And, Or and Not over rules, up to {@code depth} levels. */
    public static Arbitrary<ObjectNode> choiceRules(int depth) {
        Arbitrary<ObjectNode> comparisons = comparisons();
        if (depth == 0) {
            return comparisons;
        }
        Arbitrary<ObjectNode> inner = choiceRules(depth - 1);
        Arbitrary<ObjectNode> not = inner.map(rule -> {
            ObjectNode wrapper = Json.object();
            wrapper.set("Not", rule);
            return wrapper;
        });
        Arbitrary<ObjectNode> andOr = Combinators.combine(Arbitraries.of("And", "Or"), inner.list().ofMinSize(1).ofMaxSize(3))
                .as((operator, rules) -> {
                    ObjectNode wrapper = Json.object();
                    ArrayNode list = wrapper.putArray(operator);
                    rules.forEach(list::add);
                    return wrapper;
                });
        return Shared.of(Arbitraries.frequencyOf(Tuple.of(3, comparisons), Tuple.of(1, not), Tuple.of(1, andOr)));
    }

    private static Arbitrary<ObjectNode> comparisons() {
        Arbitrary<String> variables = Arbitraries.of("$", "$.n", "$.s", "$.flag", "$.items[0]", "$.a", "$x",
                "$$.Execution.Name", "$.when");
        Arbitrary<Tuple.Tuple2<String, JsonNode>> operators = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("NumericEquals", "NumericLessThan", "NumericGreaterThanEquals"),
                        JsonValues.numbers()).as(Tuple::of),
                Combinators.combine(Arbitraries.of("StringEquals", "StringLessThan", "StringGreaterThanEquals"),
                        JsonValues.text().map(s -> (JsonNode) Json.NODES.textNode(s))).as(Tuple::of),
                Arbitraries.of("*", "a*", "*\\*x*", "*a*b*c", "").map(p -> Tuple.of("StringMatches", (JsonNode) Json.NODES.textNode(p))),
                Arbitraries.of("NumericEqualsPath", "StringEqualsPath", "TimestampLessThanPath", "BooleanEqualsPath")
                        .map(op -> Tuple.of(op, (JsonNode) Json.NODES.textNode("$.n"))),
                Arbitraries.of("BooleanEquals", "IsPresent", "IsNull", "IsNumeric", "IsString", "IsBoolean",
                        "IsTimestamp").map(op -> Tuple.of(op, (JsonNode) Json.NODES.booleanNode(op.length() % 2 == 0))),
                Arbitraries.of("2024-02-29T12:00:00Z", "1970-01-01T00:00:00.000+01:00", "2099-12-31T23:59:59.999999Z")
                        .map(t -> Tuple.of("TimestampEquals", (JsonNode) Json.NODES.textNode(t))));
        return Shared.of(Combinators.combine(variables, operators).as((variable, operator) -> {
            ObjectNode rule = Json.object().put("Variable", variable);
            rule.set(operator.get1(), operator.get2());
            return rule;
        }));
    }
}
