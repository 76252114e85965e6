package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The payload limit check. A cheap upper bound settles almost every payload; only those near the
 * limit are serialised to count their bytes exactly.
 */
final class PayloadSize {
    private PayloadSize() {
    }

    /** What a payload breaks of the limits, if anything. */
    enum Verdict {
        WITHIN, TOO_LARGE, TOO_DEEP
    }

    /**
     * The size limit first (its message is AWS's), then how deeply it nests ({@link Json#MAX_PAYLOAD_DEPTH}),
     * both from one walk of the tree for almost every payload.
     */
    static Verdict check(JsonNode payload, int limitBytes) {
        int[] deepest = {0};
        if (upperBound(payload, limitBytes, 0, deepest) > limitBytes) {
            if (Json.write(payload).getBytes(StandardCharsets.UTF_8).length > limitBytes) {
                return Verdict.TOO_LARGE;
            }
            return Json.deeperThan(payload, Json.MAX_PAYLOAD_DEPTH) ? Verdict.TOO_DEEP : Verdict.WITHIN; // the walk stopped early
        }
        return deepest[0] > Json.MAX_PAYLOAD_DEPTH ? Verdict.TOO_DEEP : Verdict.WITHIN;
    }

    static String tooDeep(String what) {
        return what + " nested deeper than " + Json.MAX_PAYLOAD_DEPTH + " levels, the most Statewright can store.";
    }

    static boolean exceeds(JsonNode payload, int limitBytes) {
        int[] deepest = {0};
        if (upperBound(payload, limitBytes, 0, deepest) <= limitBytes && deepest[0] <= Json.MAX_PAYLOAD_DEPTH) {
            return false;
        }
        return Json.write(payload).getBytes(StandardCharsets.UTF_8).length > limitBytes;
    }

    /**
     * At least the UTF-8 size of the compact JSON text; stops counting once past {@code stopAt}.
     * Notes in {@code deepest} how deeply the containers it went through nest, a level past the
     * most data may have at the most.
     */
    private static long upperBound(JsonNode node, long stopAt, int depth, int[] deepest) {
        if (node.isTextual()) {
            return 6L * node.textValue().length() + 2; // worst case: every character escaped as \\uXXXX
        }
        if (node.isContainerNode()) {
            deepest[0] = Math.max(deepest[0], depth + 1);
            if (depth + 1 > Json.MAX_PAYLOAD_DEPTH) {
                return 2; // too deep already: its size does not matter
            }
            long total = 2;
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext() && total <= stopAt) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    total += 6L * field.getKey().length() + 4 + upperBound(field.getValue(), stopAt, depth + 1, deepest);
                }
            } else {
                for (int i = 0; i < node.size() && total <= stopAt; i++) {
                    total += 1 + upperBound(node.get(i), stopAt, depth + 1, deepest);
                }
            }
            return total;
        }
        if (node.isInt() || node.isLong()) {
            return digits(node.longValue()) + 1; // counted, not printed: most payload numbers are whole
        }
        return node.isNumber() ? node.asText().length() + 1 : 5;
    }

    /** Characters of a long's decimal text, its sign included. */
    private static int digits(long value) {
        if (value == Long.MIN_VALUE) {
            return 20;
        }
        int count = value < 0 ? 2 : 1;
        for (long rest = Math.abs(value); rest >= 10; rest /= 10) {
            count++;
        }
        return count;
    }
}
