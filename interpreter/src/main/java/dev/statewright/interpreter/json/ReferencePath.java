package dev.statewright.interpreter.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A reference path: a JSONPath that names one place ({@code $.a.b}, {@code $['a'][0]}), as
 * ResultPath needs. Writing at it copies only the objects along the path.
 */
public final class ReferencePath {
    private final String text;
    private final List<Object> steps; // String field names and Integer indexes

    /** {@code $}: the whole document. */
    public static final ReferencePath ROOT = new ReferencePath("$", List.of());

    private ReferencePath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * Parses a reference path.
     *
     * @throws IllegalArgumentException when the text is not a reference path
     */
    public static ReferencePath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("A reference path must start with '$': " + text);
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (name.isEmpty() || name.equals("*")) {
                    throw new IllegalArgumentException("Not a reference path: " + text);
                }
                steps.add(name);
                i = end;
            } else if (c == '[') {
                int close = closingBracket(text, i);
                String inside = text.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Not a reference path: " + text);
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("Not a reference path: " + text);
            }
        }
        return new ReferencePath(text, List.copyOf(steps));
    }

    private static int closingBracket(String text, int open) {
        char quote = 0;
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ']') {
                return i;
            }
        }
        throw new IllegalArgumentException("Unclosed '[' in path: " + text);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * Returns a copy of {@code document} with {@code value} placed at this path, creating missing
     * objects along the way.
     *
     * @throws PathMismatch when the document's shape does not allow it (a field on a non-object,
     *                      an index outside an array)
     */
    public JsonNode write(JsonNode document, JsonNode value) {
        return write(document, 0, value);
    }

    private JsonNode write(JsonNode current, int depth, JsonNode value) {
        if (depth == steps.size()) {
            return value;
        }
        Object step = steps.get(depth);
        if (step instanceof String field) {
            ObjectNode copy;
            if (current == null || current.isMissingNode()) {
                copy = Json.object();
            } else if (current instanceof ObjectNode object) {
                copy = Json.shallowCopy(object);
            } else {
                throw new PathMismatch(text);
            }
            copy.set(field, write(copy.get(field), depth + 1, value));
            return copy;
        }
        int index = (Integer) step;
        if (!(current instanceof ArrayNode array) || index < 0 || index >= array.size()) {
            throw new PathMismatch(text);
        }
        ArrayNode copy = Json.NODES.arrayNode(array.size());
        copy.addAll(array);
        copy.set(index, write(array.get(index), depth + 1, value));
        return copy;
    }

    /** The document has no place for this path. */
    public static final class PathMismatch extends RuntimeException {
        public PathMismatch(String path) {
            super(path, null, false, false);
        }
    }
}
