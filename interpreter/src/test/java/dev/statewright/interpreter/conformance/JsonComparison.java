package dev.statewright.interpreter.conformance;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/** Compares JSON as values: numbers by value (100 equals 100.0), skipping masked pointers. */
public final class JsonComparison {
    private JsonComparison() {
    }

    /** The pointer of the first difference, or null when equal. */
    public static String firstDifference(JsonNode expected, JsonNode actual, String pointer, Set<String> skipped) {
        if (skipped.contains(pointer)) {
            return null;
        }
        if (expected == null || actual == null) {
            return expected == actual ? null : pointer;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null : pointer;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return pointer;
        }
        if (expected.isObject()) {
            if (expected.size() != actual.size()) {
                return pointer;
            }
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                String difference = firstDifference(expected.get(name), actual.get(name),
                        pointer + "/" + name.replace("~", "~0").replace("/", "~1"), skipped);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                return pointer;
            }
            for (int i = 0; i < expected.size(); i++) {
                String difference = firstDifference(expected.get(i), actual.get(i), pointer + "/" + i, skipped);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : pointer;
    }
}
