package dev.statewright.interpreter.jsonata;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.statewright.interpreter.RandomIds;
import dev.statewright.interpreter.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The functions AWS adds to JSONata in Step Functions: {@code $partition}, {@code $range},
 * {@code $hash}, {@code $random}, {@code $uuid} and {@code $parse}; and {@code $eval}, which AWS
 * does not allow, refused.
 */
final class StatesFunctions {
    private static final Map<String, String> HASH_ALGORITHMS = Map.of("MD5", "MD5", "SHA-1", "SHA-1",
            "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private StatesFunctions() {
    }

    static void bind(Jsonata.Frame frame, RandomGenerator random, Instant now) {
        long millis = now.toEpochMilli();
        frame.bind("millis", function(args -> millis));
        frame.bind("now", function(args -> Functions.dateTimeFromMillis(millis,
                args.size() > 0 && args.get(0) instanceof String picture ? picture : null,
                args.size() > 1 && args.get(1) instanceof String zone ? zone : null)));
        frame.bind("partition", function(StatesFunctions::partition));
        frame.bind("range", function(StatesFunctions::range));
        frame.bind("hash", function(StatesFunctions::hash));
        frame.bind("random", function(args -> random(args, random)));
        frame.bind("uuid", function(args -> RandomIds.uuid(random)));
        frame.bind("shuffle", function(args -> shuffle(args, random)));
        frame.bind("parse", function(StatesFunctions::parse));
        frame.bind("eval", function(args -> {
            throw new JException("The function $eval is not supported in Step Functions", 0);
        }));
    }

    private interface Body {
        Object apply(List<?> args);
    }

    private static Jsonata.JFunction function(Body body) {
        return new Jsonata.JFunction((input, args) -> body.apply(args), null);
    }

    private static Object partition(List<?> args) {
        List<?> array = list(args, 0, "$partition");
        int size = integer(args, 1, "$partition");
        if (size <= 0) {
            throw new JException("The chunk size of $partition must be a positive integer", 0);
        }
        List<Object> chunks = new ArrayList<>();
        for (int i = 0; i < array.size(); i += size) {
            chunks.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + size))));
        }
        return chunks;
    }

    private static Object range(List<?> args) {
        long start = integer(args, 0, "$range");
        long end = integer(args, 1, "$range");
        long step = integer(args, 2, "$range");
        if (step == 0) {
            throw new JException("The step of $range cannot be 0", 0);
        }
        List<Object> items = new ArrayList<>();
        for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
            if (items.size() >= 1000) {
                throw new JException("$range may produce at most 1000 items", 0);
            }
            items.add(i);
        }
        return items.size() == 1 ? items.get(0) : items; // a JSONata sequence of one is its item
    }

    private static Object hash(List<?> args) {
        Object data = args.isEmpty() ? null : args.get(0);
        String algorithm = args.size() > 1 && args.get(1) instanceof String text ? text : null;
        if (!(data instanceof String text) || algorithm == null || !HASH_ALGORITHMS.containsKey(algorithm)) {
            throw new JException("$hash takes a string and one of " + HASH_ALGORITHMS.keySet(), 0);
        }
        try {
            byte[] digest = MessageDigest.getInstance(HASH_ALGORITHMS.get(algorithm))
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object random(List<?> args, RandomGenerator random) {
        if (!args.isEmpty() && args.get(0) instanceof Number seed) {
            return new java.util.SplittableRandom(seed.longValue()).nextDouble();
        }
        return random.nextDouble();
    }

    /** $shuffle from the execution's random source (the library's uses an unseeded one): replays agree. */
    private static Object shuffle(List<?> args, RandomGenerator random) {
        if (args.isEmpty() || args.get(0) == null) {
            return null;
        }
        List<Object> items = args.get(0) instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>(List.of(args.get(0)));
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Object swap = items.get(i);
            items.set(i, items.get(j));
            items.set(j, swap);
        }
        return items;
    }

    private static Object parse(List<?> args) {
        if (args.isEmpty() || !(args.get(0) instanceof String text)) {
            throw new JException("$parse takes a string of JSON", 0);
        }
        try {
            return JsonataValues.toJava(Json.MAPPER.readTree(text));
        } catch (java.io.IOException e) {
            throw new JException("$parse could not read JSON: " + e.getMessage(), 0);
        }
    }

    private static List<?> list(List<?> args, int index, String function) {
        if (args.size() <= index || !(args.get(index) instanceof List<?> list)) {
            throw new JException("Argument " + (index + 1) + " of " + function + " must be an array", 0);
        }
        return list;
    }

    private static int integer(List<?> args, int index, String function) {
        if (args.size() <= index || !(args.get(index) instanceof Number number)
                || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new JException("Argument " + (index + 1) + " of " + function + " must be an integer", 0);
        }
        return number.intValue();
    }
}
