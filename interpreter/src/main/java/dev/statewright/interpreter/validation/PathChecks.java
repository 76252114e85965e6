package dev.statewright.interpreter.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.intrinsic.IntrinsicExpression;
import dev.statewright.interpreter.intrinsic.IntrinsicFunctions;
import dev.statewright.interpreter.intrinsic.IntrinsicParser;
import dev.statewright.interpreter.json.JsonPaths;
import dev.statewright.interpreter.json.ReferencePath;

import java.util.Iterator;
import java.util.Map;

/** Syntax of JSONPaths, reference paths, intrinsic function calls and payload templates. */
final class PathChecks {
    private final Findings findings;

    PathChecks(Findings findings) {
        this.findings = findings;
    }

    /** A field holding a JSONPath (InputPath, ItemsPath, SecondsPath, ...); JSON null passes. */
    void pathField(JsonNode state, String field, String at) {
        JsonNode value = state.get(field);
        if (value != null && value.isTextual() && !isPath(value.textValue())) {
            findings.schema(at + "/" + field, "The value for the field '" + field + "' must be a valid JSONPath");
        }
    }

    /** ResultPath: a reference path naming one place (no wildcards or filters); JSON null passes. */
    void referencePathField(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            return;
        }
        try {
            ReferencePath.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            findings.schema(at + "/" + field,
                    "The value for the field '" + field + "' must be a valid reference path: " + e.getMessage());
        }
    }

    /** A field holding a path or an intrinsic call (ErrorPath, CausePath). */
    void pathOrIntrinsicField(JsonNode state, String field, String at) {
        JsonNode value = state.get(field);
        if (value != null && value.isTextual() && !isPathOrIntrinsic(value.textValue())) {
            findings.schema(at + "/" + field,
                    "The value for the field '" + field + "' must be a valid JSONPath or a valid intrinsic function call");
        }
    }

    /** Every "key.$" in a payload template (Parameters, ResultSelector, ItemSelector, Assign...). */
    void template(JsonNode node, String at) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.endsWith(".$") && key.length() > 2) {
                    JsonNode value = field.getValue();
                    if (!value.isTextual() || !isPathOrIntrinsic(value.textValue())) {
                        findings.schema(at, "The value for the field '" + key
                                + "' must be a valid JSONPath or a valid intrinsic function call");
                    }
                } else {
                    template(field.getValue(), at + "/" + SourcePositions.escape(key));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                template(node.get(i), at + "/" + i);
            }
        }
    }

    static boolean isPath(String text) {
        if (!text.startsWith("$")) {
            return false; // Jayway would read "a.b" as "$.a.b", but an ASL path starts with $
        }
        String path = text;
        if (JsonPaths.isVariablePath(text)) {
            // $name.field reads a variable, known only at run time; what follows the name is a path.
            int end = 1;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
            path = "$" + text.substring(end);
        } else if (JsonPaths.isContextPath(text)) {
            path = text.substring(1);
        }
        if (!bracketsClose(path)) {
            return false;
        }
        try {
            JsonPaths.compile(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether every '[' closes and each closing ']' is followed by another step or the end. Jayway
     * quietly drops what it cannot read at the end of a path: "$.a[" compiles as "$.a", and
     * "$.a[0]x" as "$.a[0]".
     */
    private static boolean bracketsClose(String path) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (depth > 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                boolean stepFollows = i + 1 == path.length() || path.charAt(i + 1) == '.' || path.charAt(i + 1) == '[';
                if (depth < 0 || (depth == 0 && !stepFollows)) {
                    return false;
                }
            }
        }
        return depth == 0 && quote == 0;
    }

    static boolean isPathOrIntrinsic(String text) {
        if (!IntrinsicParser.looksLikeCall(text)) {
            return isPath(text);
        }
        try {
            return isValidCall(IntrinsicParser.parse(text));
        } catch (IntrinsicParser.IntrinsicSyntaxException e) {
            return false;
        }
    }

    private static boolean isValidCall(IntrinsicExpression.Call call) {
        if (!IntrinsicFunctions.acceptsArgumentCount(call.function(), call.arguments().size())) {
            return false;
        }
        for (IntrinsicExpression argument : call.arguments()) {
            if (argument instanceof IntrinsicExpression.Path path && !isPath(path.path())) {
                return false;
            }
            if (argument instanceof IntrinsicExpression.Call nested && !isValidCall(nested)) {
                return false;
            }
        }
        return true;
    }
}
