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

    /** The size limit first (its message is AWS's), then how deeply it nests ({@link Json#MAX_PAYLOAD_DEPTH}). */
    static Verdict check(JsonNode payload, int limitBytes) {
        if (exceeds(payload, limitBytes)) {
            return Verdict.TOO_LARGE;
        }
        return Json.deeperThan(payload, Json.MAX_PAYLOAD_DEPTH) ? Verdict.TOO_DEEP : Verdict.WITHIN;
    }

    static String tooDeep(String what) {
        return what + " nested deeper than " + Json.MAX_PAYLOAD_DEPTH + " levels, the most Statewright can store.";
    }

    static boolean exceeds(JsonNode payload, int limitBytes) {
        if (upperBound(payload, limitBytes) <= limitBytes) {
            return false;
        }
        return Json.write(payload).getBytes(StandardCharsets.UTF_8).length > limitBytes;
    }

    /** At least the UTF-8 size of the compact JSON text; stops counting once past {@code stopAt}. */
    private static long upperBound(JsonNode node, long stopAt) {
        if (node.isTextual()) {
            return 6L * node.textValue().length() + 2; // worst case: every character escaped as \\uXXXX
        }
        if (node.isContainerNode()) {
            long total = 2;
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext() && total <= stopAt) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    total += 6L * field.getKey().length() + 4 + upperBound(field.getValue(), stopAt);
                }
            } else {
                for (int i = 0; i < node.size() && total <= stopAt; i++) {
                    total += 1 + upperBound(node.get(i), stopAt);
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
