package dev.statewright.interpreter.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Generated JSON data: execution inputs and the values inside definitions. Besides everyday
 * values it favours what breaks code: numbers at the edges of int, long and double, text in
 * every plane of Unicode (lone surrogates and control characters too), long text, and now and
 * then data nested past the 512 levels an execution may hold.
 */
public final class JsonValues {
    /** Keys the generated definitions read ($.items, $.n, ...), so that their paths often find something. */
    public static final List<String> KNOWN_KEYS = List.of("items", "n", "s", "a", "flag", "when");

    private JsonValues() {
    }

    /** Text: short and plain mostly, sometimes any UTF-16 units at all (lone surrogates too) or odd characters. */
    public static Arbitrary<String> text() {
        return Shared.of(Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars(" ._-").ofMaxLength(12)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(8)),
                Tuple.of(2, Arbitraries.of("", " ", "\u0000", "\t\n", "\u00e9t\u00e9", "\u4e2d\u6587", "\ud83d\ude00",
                        "\ud800", "\udc00x", "\u202e\u200b\ufeff", "\"quoted\\", "{\"not\": \"json\"}", "$.a",
                        "{% 1 %}", "States.Format('x')"))));
    }

    /** Text of 1 to 60 KiB, for inputs: with a few of them a payload nears its 256 KiB limit. */
    public static Arbitrary<String> longText() {
        return Shared.of(Arbitraries.integers().between(1, 60).map(kib -> "\u00e9long text ".repeat(kib * 1024 / 16)));
    }

    /** Numbers where int, long, double and decimal meet their limits, and everyday ones. */
    public static Arbitrary<JsonNode> numbers() {
        return Shared.of(Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(-1000, 1000).map(n -> (JsonNode) Json.NODES.numberNode(n))),
                Tuple.of(2, Arbitraries.longs().map(n -> (JsonNode) Json.NODES.numberNode(n))),
                Tuple.of(2, Arbitraries.of(
                        "0", "-0", "0.0", "-0.0", "1.5", "0.1", "2147483647", "2147483648", "-2147483649",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                        "9007199254740993", "1e308", "1.7976931348623157E309", "-1e308", "4.9e-324", "1e-400",
                        "1E+1000", "123456789012345678901234567890.123456789", "99999999", "100000000")
                        .map(text -> (JsonNode) Json.NODES.numberNode(new BigDecimal(text)))),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TEN.pow(19).negate(), BigInteger.TEN.pow(40))
                        .map(n -> (JsonNode) Json.NODES.numberNode(n)))));
    }

    public static Arbitrary<JsonNode> scalars() {
        return Shared.of(Arbitraries.frequencyOf(
                Tuple.of(4, text().map(s -> (JsonNode) Json.NODES.textNode(s))),
                Tuple.of(4, numbers()),
                Tuple.of(1, Arbitraries.of(true, false).map(b -> (JsonNode) Json.NODES.booleanNode(b))),
                Tuple.of(1, Arbitraries.just(Json.NODES.nullNode()))));
    }

    /**
     * Any JSON value, nested up to four levels. Built once, level by level: jqwik's
     * {@code recursive} with a depth range makes new arbitraries for every value, which made
     * generating a definition (dozens of values) take a tenth of a second.
     */
    private static final Arbitrary<JsonNode> VALUES = Shared.of(nestedUpTo(4));
    private static final Arbitrary<JsonNode> SMALL_VALUES = Shared.of(nestedUpTo(2));

    public static Arbitrary<JsonNode> values() {
        return VALUES;
    }

    /** Values nested up to two levels: the constants inside definitions, of which there are many. */
    public static Arbitrary<JsonNode> smallValues() {
        return SMALL_VALUES;
    }

    private static Arbitrary<JsonNode> nestedUpTo(int levels) {
        Arbitrary<JsonNode> value = scalars();
        for (int level = 0; level < levels; level++) {
            value = containersOf(value);
        }
        return Shared.of(value);
    }

    private static Arbitrary<JsonNode> containersOf(Arbitrary<JsonNode> element) {
        Arbitrary<JsonNode> arrays = element.list().ofMaxSize(4).map(items -> {
            ArrayNode array = Json.NODES.arrayNode();
            items.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(KNOWN_KEYS), text()), element)
                .as(Tuple::of).list().ofMaxSize(4).map(fields -> {
                    ObjectNode object = Json.object();
                    fields.forEach(field -> object.set(field.get1(), field.get2()));
                    return object;
                });
        return Shared.of(Arbitraries.oneOf(arrays, objects, element));
    }

    /**
     * A value nested {@code depth} containers deep (a scalar is depth 0, {@code {}} depth 1), built
     * without recursion; around the 512-level limit and past it.
     */
    public static Arbitrary<DeepValue> deeplyNested() {
        return Shared.of(Combinators.combine(Arbitraries.integers().between(500, 620).withDistribution(
                        net.jqwik.api.RandomDistribution.uniform()).edgeCases(edges -> edges.add(512, 513)),
                Arbitraries.of(true, false), scalars()).as(DeepValue::of));
    }

    /** A deeply nested value and its depth, which the properties compare with the limit. */
    public record DeepValue(JsonNode value, int depth) {
        public static DeepValue of(int depth, boolean objects, JsonNode leaf) {
            JsonNode value = leaf;
            for (int level = 0; level < depth; level++) {
                if (objects && level % 2 == 0) {
                    ObjectNode wrapper = Json.object();
                    wrapper.set(KNOWN_KEYS.get(level % KNOWN_KEYS.size()), value);
                    value = wrapper;
                } else {
                    value = Json.NODES.arrayNode().add(value);
                }
            }
            return new DeepValue(value, depth);
        }

        @Override
        public String toString() {
            return "DeepValue[depth=" + depth + ", leaf and containers elided]";
        }
    }

    /**
     * Execution inputs: mostly objects with the keys definitions read (an array under "items", a
     * number under "n", ...) beside others, sometimes any value at all.
     */
    public static Arbitrary<JsonNode> inputs() {
        Arbitrary<JsonNode> items = values().list().ofMaxSize(5).map(list -> {
            ArrayNode array = Json.NODES.arrayNode();
            list.forEach(array::add);
            return (JsonNode) array;
        });
        Arbitrary<String> strings = Arbitraries.frequencyOf(Tuple.of(9, text()), Tuple.of(1, longText()));
        Arbitrary<JsonNode> when = Arbitraries.oneOf(scalars(), Arbitraries.of("2024-02-29T12:00:00Z",
                "1970-01-01T00:00:00.001+01:00", "9999-12-31T23:59:59Z", "2024-13-01T00:00:00Z")
                .map(timestamp -> (JsonNode) Json.NODES.textNode(timestamp)));
        Arbitrary<JsonNode> shaped = Combinators.combine(items, numbers(), strings, values(), values(), when,
                        Arbitraries.of(true, false).injectNull(0.3))
                .as((itemList, n, s, a, extra, timestamp, flag) -> {
                    ObjectNode input = Json.object();
                    input.set("items", itemList);
                    input.set("n", n);
                    input.put("s", s);
                    input.set("a", a);
                    input.set("extra", extra);
                    input.set("when", timestamp);
                    if (flag != null) {
                        input.put("flag", flag);
                    }
                    return (JsonNode) input;
                });
        return Shared.of(Arbitraries.frequencyOf(Tuple.of(3, shaped), Tuple.of(2, values())));
    }
}
