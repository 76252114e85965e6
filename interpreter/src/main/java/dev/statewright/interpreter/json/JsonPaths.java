package dev.statewright.interpreter.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;

import com.jayway.jsonpath.spi.cache.Cache;
import com.jayway.jsonpath.spi.cache.CacheProvider;

import java.util.EnumSet;
import java.util.function.Supplier;

/**
 * JSONPath evaluation over Jackson trees, through Jayway JsonPath (the implementation whose
 * messages AWS's own error causes quote). Paths starting with {@code $$} address the context object.
 */
public final class JsonPaths {
    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(Option.class))
            .build();

    private JsonPaths() {
    }

    /** Whether the text reads a variable ({@code $name}, {@code $name.field}) rather than the input. */
    public static boolean isVariablePath(String path) {
        return path.length() > 1 && path.charAt(0) == '$'
                && (Character.isLetter(path.charAt(1)) || path.charAt(1) == '_');
    }

    /** Whether the text is a path into the context object rather than the state's input. */
    public static boolean isContextPath(String path) {
        return path.startsWith("$$");
    }

    /** Where {@code $name} paths find workflow variables: the context a state's paths are read in. */
    public interface Variables {
        /** The variable's value, or null when it is not set. */
        JsonNode variable(String name);
    }

    /**
     * Reads a path from the input, from the context object for {@code $$} paths, or from a
     * workflow variable for {@code $name} paths (when {@code context} knows the variables).
     *
     * @throws PathNotFound     when the path selects nothing (a definite path that is absent)
     * @throws StatesException States.Runtime for a variable that is not set
     */
    public static JsonNode read(String path, JsonNode input, Supplier<JsonNode> context) {
        if (isVariablePath(path)) {
            return readVariable(path, context);
        }
        if (isContextPath(path)) {
            try {
                return read(path.substring(1), context.get());
            } catch (PathNotFound e) {
                throw new PathNotFound(path, e.getMessage()); // report the path as written, with its $$
            }
        }
        return read(path, input);
    }

    private static JsonNode readVariable(String path, Supplier<JsonNode> context) {
        int end = 1;
        while (end < path.length() && (Character.isLetterOrDigit(path.charAt(end)) || path.charAt(end) == '_')) {
            end++;
        }
        String name = path.substring(1, end);
        JsonNode value = context instanceof Variables variables ? variables.variable(name) : null;
        if (value == null) {
            throw new StatesException(StatesErrors.RUNTIME, "The variable '$" + name + "' is not defined");
        }
        try {
            return read("$" + path.substring(end), value);
        } catch (PathNotFound e) {
            throw new PathNotFound(path, e.getMessage());
        }
    }

    /** Reads a path from one document. */
    public static JsonNode read(String path, JsonNode document) {
        if (path.equals("$")) {
            return document;
        }
        JsonNode direct = readFieldChain(path, document);
        if (direct != null) {
            return direct;
        }
        JsonPath compiled = compile(path);
        try {
            Object value = compiled.read(document, CONFIGURATION);
            return value instanceof JsonNode node ? node : Json.MAPPER.valueToTree(value);
        } catch (RuntimeException e) {
            // An indefinite path (wildcard, slice, filter) that selects nothing gives an empty list, as on AWS.
            if (!compiled.isDefinite()) {
                return Json.NODES.arrayNode();
            }
            throw new PathNotFound(path, e.getMessage());
        }
    }

    /**
     * Reads the commonest paths, {@code $.a.b.c}, by walking the tree, without Jayway: its
     * evaluation context costs more than the rest of a Pass state. Gives null whenever the walk
     * does not end on a present, non-null value; Jayway then reads the path, so every miss and
     * every other path form keeps Jayway's result and message exactly.
     */
    private static JsonNode readFieldChain(String path, JsonNode document) {
        if (path.length() < 3 || path.charAt(0) != '$' || path.charAt(1) != '.') {
            return null;
        }
        JsonNode node = document;
        int start = 2;
        for (int i = 2; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '.') {
                if (i == start || !node.isObject()) {
                    return null; // "$.a..b", "$.a." or a field of a non-object: Jayway's to judge
                }
                node = node.get(path.substring(start, i));
                if (node == null) {
                    return null;
                }
                start = i + 1;
            } else if (!isFieldNameChar(path.charAt(i))) {
                return null; // brackets, wildcards, filters, functions
            }
        }
        return node.isNull() || node.isMissingNode() ? null : node;
    }

    private static boolean isFieldNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * Parses a path, caching it. A bare word compared in a filter ({@code [?(@.code == es)]}) is
     * read as a string, as AWS reads it (see {@link BareWordLiterals}).
     *
     * @throws IllegalArgumentException when the text is not a JSONPath
     */
    public static JsonPath compile(String path) {
        // Jayway's own bounded cache: definitions use a small, fixed set of paths.
        Cache cache = CacheProvider.getCache();
        JsonPath cached = cache.get(path);
        if (cached != null) {
            return cached;
        }
        try {
            JsonPath compiled = JsonPath.compile(BareWordLiterals.quote(path));
            cache.put(path, compiled);
            return compiled;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid JSONPath " + path + ": " + e.getMessage(), e);
        }
    }

    /** A path that selects nothing. */
    public static final class PathNotFound extends RuntimeException {
        private final String path;

        public PathNotFound(String path, String detail) {
            super(detail, null, false, false);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
