package dev.statewright.interpreter.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.json.Json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a run compares with what AWS recorded for a case: shared by the interpreter's conformance
 * test and the service's, which runs the same cases through the API.
 */
public final class RecordedOutcome {
    private RecordedOutcome() {
    }

    /** Why the result differs from AWS's (status, output, error, cause), or null when it agrees. */
    public static String resultProblem(ConformanceCase c, ExecutionResult result) {
        JsonNode expected = c.expected();
        String status = expected.get("status").asText();
        if (!status.equals(result.status().name())) {
            return "status " + result.status() + " instead of " + status
                    + (result.error() != null ? " (" + result.error() + ": " + result.cause() + ")" : "");
        }
        Set<String> skipped = c.placeholders();
        if (expected.has("output")) {
            String difference = JsonComparison.firstDifference(expected.get("output"), result.output(), "/expected/output", skipped);
            if (difference != null) {
                return "output differs at " + difference + ": expected " + Json.write(expected.get("output"))
                        + " but was " + (result.output() == null ? "none" : Json.write(result.output()));
            }
        }
        if (status.equals("FAILED")) {
            String expectedError = expected.path("error").isMissingNode() ? null : expected.get("error").asText();
            if (!skipped.contains("/expected/error") && !equalText(expectedError, result.error())) {
                return "error " + result.error() + " instead of " + expectedError;
            }
            JsonNode expectedCause = expected.path("cause").isMissingNode() || expected.get("cause").isNull()
                    ? null : expected.get("cause");
            if (!skipped.contains("/expected/cause") && !sameCause(expectedCause, result.cause(), skipped)) {
                return "cause \"" + result.cause() + "\" instead of \""
                        + (expectedCause == null ? null : expectedCause.isTextual() ? expectedCause.textValue()
                        : Json.write(expectedCause)) + "\"";
            }
        }
        return null;
    }

    /**
     * Why the history's event types differ from AWS's, or null when they agree (or none were
     * recorded). Where branches run concurrently only the counts of each type must agree.
     */
    public static String historyProblem(ConformanceCase c, List<String> actualTypes) {
        List<String> expectedTypes = c.historyEventTypes();
        if (expectedTypes == null) {
            return null;
        }
        boolean same = c.hasConcurrency() ? counts(expectedTypes).equals(counts(actualTypes)) : expectedTypes.equals(actualTypes);
        return same ? null : "history differs: expected " + expectedTypes + " but was " + actualTypes;
    }

    private static boolean equalText(String expected, String actual) {
        return expected == null ? actual == null || actual.isEmpty() : expected.equals(actual);
    }

    /**
     * A cause recorded as parsed JSON (causeIsParsedJson) is an object in the case: it is compared
     * as JSON with the actual cause's text parsed, skipping its masked pointers.
     */
    private static boolean sameCause(JsonNode expected, String actual, Set<String> skipped) {
        if (expected != null && !expected.isTextual()) {
            try {
                return actual != null && JsonComparison.firstDifference(expected, Json.parse(actual),
                        "/expected/cause", skipped) == null;
            } catch (RuntimeException notJson) {
                return false;
            }
        }
        return equalText(expected == null ? null : expected.textValue(), actual);
    }

    static Map<String, Integer> counts(List<String> types) {
        Map<String, Integer> counts = new HashMap<>();
        types.forEach(type -> counts.merge(type, 1, Integer::sum));
        return counts;
    }

}
