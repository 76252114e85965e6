package dev.statewright.interpreter.intrinsic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.RandomIds;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.json.JsonPaths;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Evaluates the eighteen intrinsic functions of the States language. Any misuse (wrong argument
 * count or type, a value out of range) raises States.IntrinsicFailure naming the function.
 */
public final class IntrinsicFunctions {
    /** How many arguments each function takes, as {minimum, maximum}; for the validator. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, Integer.MAX_VALUE}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, Integer.MAX_VALUE}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    /** Names of every function, for the validator. */
    public static final Set<String> NAMES = ARITY.keySet();

    /** Whether the function exists and takes this many arguments. */
    public static boolean acceptsArgumentCount(String function, int count) {
        int[] range = ARITY.get(function);
        return range != null && count >= range[0] && count <= range[1];
    }

    private static final int MAX_STRING_LENGTH = 10_000;
    private static final int MAX_RANGE_ITEMS = 1_000;
    private static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private final RandomGenerator random;

    /** @param random the source for States.MathRandom without a seed and States.UUID */
    public IntrinsicFunctions(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Evaluates a call against a state's input and context object.
     *
     * @throws StatesException          States.IntrinsicFailure when a function rejects its arguments
     * @throws JsonPaths.PathNotFound when a path argument selects nothing
     */
    public JsonNode evaluate(IntrinsicExpression.Call call, JsonNode input, Supplier<JsonNode> context) {
        List<JsonNode> args = new ArrayList<>(call.arguments().size());
        for (IntrinsicExpression argument : call.arguments()) {
            if (argument instanceof IntrinsicExpression.Literal literal) {
                args.add(literal.value());
            } else if (argument instanceof IntrinsicExpression.Path path) {
                args.add(JsonPaths.read(path.path(), input, context));
            } else {
                args.add(evaluate((IntrinsicExpression.Call) argument, input, context));
            }
        }
        String template = null;
        if (!call.arguments().isEmpty() && call.arguments().get(0) instanceof IntrinsicExpression.Literal literal) {
            template = literal.template();
        }
        return apply(call.function(), args, template);
    }

    /** @param literalTemplate the escaped text of the first argument when it is a string literal */
    private JsonNode apply(String function, List<JsonNode> args, String literalTemplate) {
        Arguments a = new Arguments(function, args);
        return switch (function) {
            case "States.Format" -> format(a, literalTemplate);
            case "States.StringToJson" -> stringToJson(a);
            case "States.JsonToString" -> {
                a.count(1);
                yield Json.NODES.textNode(Json.write(a.get(0)));
            }
            case "States.Array" -> {
                ArrayNode array = Json.NODES.arrayNode(args.size());
                array.addAll(args);
                yield array;
            }
            case "States.ArrayPartition" -> arrayPartition(a);
            case "States.ArrayContains" -> {
                a.count(2);
                ArrayNode array = a.array(0);
                JsonNode wanted = a.get(1);
                boolean found = false;
                for (JsonNode item : array) {
                    found |= item.equals(wanted);
                }
                yield Json.NODES.booleanNode(found);
            }
            case "States.ArrayRange" -> arrayRange(a);
            case "States.ArrayGetItem" -> {
                a.count(2);
                ArrayNode array = a.array(0);
                long index = a.integer(1);
                if (index < 0 || index >= array.size()) {
                    throw a.failure("index " + index + " is out of bounds for an array of length " + array.size());
                }
                yield array.get((int) index);
            }
            case "States.ArrayLength" -> {
                a.count(1);
                yield Json.NODES.numberNode(a.array(0).size());
            }
            case "States.ArrayUnique" -> {
                a.count(1);
                Set<JsonNode> unique = new LinkedHashSet<>();
                a.array(0).forEach(unique::add);
                ArrayNode array = Json.NODES.arrayNode(unique.size());
                array.addAll(unique);
                yield array;
            }
            case "States.Base64Encode" -> {
                a.count(1);
                String text = a.limitedString(0);
                yield Json.NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode" -> {
                a.count(1);
                String text = a.limitedString(0);
                try {
                    yield Json.NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw a.failure("the argument is not valid base64: " + e.getMessage());
                }
            }
            case "States.Hash" -> hash(a);
            case "States.JsonMerge" -> jsonMerge(a);
            case "States.MathRandom" -> mathRandom(a);
            case "States.MathAdd" -> {
                a.count(2);
                yield Json.NODES.numberNode(a.int32(0) + a.int32(1));
            }
            case "States.StringSplit" -> {
                a.count(2);
                StringTokenizer tokens = new StringTokenizer(a.string(0), a.string(1));
                ArrayNode parts = Json.NODES.arrayNode();
                while (tokens.hasMoreTokens()) {
                    parts.add(tokens.nextToken());
                }
                yield parts;
            }
            case "States.UUID" -> {
                a.count(0);
                yield Json.NODES.textNode(RandomIds.uuid(random));
            }
            default -> throw new StatesException(StatesErrors.INTRINSIC_FAILURE,
                    "The intrinsic function " + function + " does not exist.");
        };
    }

    /**
     * Fills the {} placeholders. A template written as a literal keeps its escapes, so \{ and \}
     * print braces and \\ a backslash; a template read from a path has no escapes.
     */
    private static JsonNode format(Arguments a, String literalTemplate) {
        if (a.size() == 0) {
            throw a.failure("it needs at least a template argument");
        }
        a.string(0);
        boolean escapes = literalTemplate != null;
        String template = escapes ? literalTemplate : a.string(0);
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escapes && c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= a.size()) {
                    throw a.failure("the template has more {} placeholders than there are arguments");
                }
                out.append(javaText(a.get(next++)));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != a.size()) {
            throw a.failure("there are more arguments than {} placeholders in the template");
        }
        return Json.NODES.textNode(out.toString());
    }

    /** AWS formats values as Java's toString of the parsed value: objects as {k=v}, arrays as [a, b]. */
    private static String javaText(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isObject()) {
            StringBuilder out = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(field.getKey()).append('=').append(javaText(field.getValue()));
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            return out.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append(javaText(value.get(i)));
            }
            return out.append(']').toString();
        }
        return value.isNull() ? "null" : value.asText();
    }

    private static JsonNode stringToJson(Arguments a) {
        a.count(1);
        String text = a.string(0);
        if (text.isBlank()) {
            return Json.NODES.nullNode();
        }
        try {
            return Json.STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw a.failure("the argument is not a JSON text: " + e.getOriginalMessage());
        }
    }

    private static JsonNode arrayPartition(Arguments a) {
        a.count(2);
        ArrayNode array = a.array(0);
        long size = a.integer(1);
        if (size <= 0) {
            throw a.failure("the chunk size must be greater than 0, but was " + size);
        }
        ArrayNode chunks = Json.NODES.arrayNode();
        ArrayNode chunk = null;
        for (int i = 0; i < array.size(); i++) {
            if (i % size == 0) {
                chunk = chunks.addArray();
            }
            chunk.add(array.get(i));
        }
        return chunks;
    }

    private static JsonNode arrayRange(Arguments a) {
        a.count(3);
        long start = a.int32Integer(0);
        long end = a.int32Integer(1);
        long step = a.int32Integer(2);
        if (step == 0) {
            throw a.failure("the step must not be 0");
        }
        long count = (end - start) / step + 1; // no overflow: every operand fits 32 bits
        if (count > MAX_RANGE_ITEMS) {
            throw a.failure("the range would have " + count + " items, more than the limit of " + MAX_RANGE_ITEMS);
        }
        ArrayNode range = Json.NODES.arrayNode();
        for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
            range.add(value);
        }
        return range;
    }

    private static JsonNode hash(Arguments a) {
        a.count(2);
        String data = a.limitedString(0);
        String algorithm = a.string(1);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw a.failure("the algorithm " + a.string(1) + " is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
            return Json.NODES.textNode(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks " + algorithm, e);
        }
    }

    private static JsonNode jsonMerge(Arguments a) {
        a.count(3);
        ObjectNode first = a.object(0);
        ObjectNode second = a.object(1);
        if (!a.get(2).isBoolean()) {
            throw a.failure("the third argument must be a boolean");
        }
        if (a.get(2).booleanValue()) {
            throw a.failure("deep merge is not supported; the third argument must be false");
        }
        ObjectNode merged = Json.shallowCopy(first);
        merged.setAll(second);
        return merged;
    }

    private JsonNode mathRandom(Arguments a) {
        if (a.size() != 2 && a.size() != 3) {
            throw a.failure("it takes 2 or 3 arguments but received " + a.size());
        }
        long start = a.rounded(0);
        long end = a.rounded(1);
        if (start >= end) {
            throw a.failure("the start (" + start + ") must be less than the end (" + end + ")");
        }
        RandomGenerator source = a.size() == 3 ? new Random(a.rounded(2)) : random;
        return Json.NODES.numberNode(source.nextLong(start, end));
    }

    /** The evaluated arguments of one call, with typed access that fails in AWS's terms. */
    private record Arguments(String function, List<JsonNode> values) {
        private static final BigDecimal HALF = BigDecimal.valueOf(5, 1);

        int size() {
            return values.size();
        }

        JsonNode get(int index) {
            return values.get(index);
        }

        void count(int expected) {
            if (values.size() != expected) {
                throw failure("it takes " + expected + " argument" + (expected == 1 ? "" : "s")
                        + " but received " + values.size());
            }
        }

        String string(int index) {
            JsonNode value = get(index);
            if (!value.isTextual()) {
                throw failure("argument " + (index + 1) + " must be a string, but was " + Json.write(value));
            }
            return value.textValue();
        }

        String limitedString(int index) {
            String text = string(index);
            if (text.length() > MAX_STRING_LENGTH) {
                throw failure("argument " + (index + 1) + " is longer than " + MAX_STRING_LENGTH + " characters");
            }
            return text;
        }

        ArrayNode array(int index) {
            if (get(index) instanceof ArrayNode array) {
                return array;
            }
            throw failure("argument " + (index + 1) + " must be an array, but was " + Json.write(get(index)));
        }

        ObjectNode object(int index) {
            if (get(index) instanceof ObjectNode object) {
                return object;
            }
            throw failure("argument " + (index + 1) + " must be a JSON object, but was " + Json.write(get(index)));
        }

        long integer(int index) {
            JsonNode value = get(index);
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            if (value.isNumber()) {
                BigDecimal decimal = value.decimalValue();
                if (decimal.stripTrailingZeros().scale() <= 0) {
                    try {
                        return decimal.longValueExact();
                    } catch (ArithmeticException e) {
                        throw failure("argument " + (index + 1) + " is too large: " + Json.write(value));
                    }
                }
            }
            throw failure("argument " + (index + 1) + " must be an integer, but was " + Json.write(value));
        }

        /** An integer argument within AWS's 32-bit range. */
        long int32Integer(int index) {
            long value = integer(index);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw failure("argument " + (index + 1) + " must be between -2147483648 and 2147483647, but was " + value);
            }
            return value;
        }

        /** A number rounded half up (toward positive infinity), as AWS rounds MathAdd's operands. */
        long rounded(int index) {
            JsonNode value = get(index);
            if (!value.isNumber()) {
                throw failure("argument " + (index + 1) + " must be a number, but was " + Json.write(value));
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue(); // already whole: no decimal arithmetic to round it
            }
            try {
                return value.decimalValue().add(HALF).setScale(0, RoundingMode.FLOOR).longValueExact();
            } catch (ArithmeticException e) {
                throw failure("argument " + (index + 1) + " is too large: " + Json.write(value));
            }
        }

        /** A rounded operand that must fit AWS's 32-bit integer range. */
        long int32(int index) {
            long value = rounded(index);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw failure("argument " + (index + 1) + " must be between -2147483648 and 2147483647, but was " + value);
            }
            return value;
        }

        StatesException failure(String reason) {
            return new StatesException(StatesErrors.INTRINSIC_FAILURE,
                    "Invalid arguments in " + function + ": " + reason + ".");
        }
    }
}
