package dev.statewright.interpreter.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSONata expression of a definition (the text between {@code {%} and {@code %}}), compiled
 * once. It knows which variables it names, so an evaluation binds only those.
 */
public final class JsonataExpression {
    private static final Pattern NAME = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
    /** JSONata's error codes ("T1006"): the library's message follows them; other errors are their own message. */
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z]\\d{4}");
    /**
     * How many evaluation steps one evaluation may take. It ends a runaway expression (a
     * tail-recursive function never overflows the stack) within a second or two; counting steps
     * rather than time gives the same outcome on every run and every replay.
     */
    static final long MAX_STEPS = 20_000_000L;
    static final String TOO_MANY_STEPS = "Expression evaluation took more than " + MAX_STEPS
            + " steps: Check for infinite loop";
    static final String TOO_DEEP = "The expression nests too deeply to be parsed";
    static final String STACK_OVERFLOW = "Stack overflow error: Check for non-terminating recursive function."
            + " Consider rewriting as tail-recursive.";

    private final String source;
    /**
     * The library keeps an evaluation's state on its compiled object, so each thread gets its own
     * copy: executions of one definition on different workers never wait for each other.
     */
    private final ThreadLocal<Jsonata> compiled;
    private final Set<String> names;
    private final boolean usesContext;

    private JsonataExpression(String source, Jsonata first, Set<String> names) {
        this.source = source;
        this.compiled = ThreadLocal.withInitial(() -> parse(source));
        this.compiled.set(first);
        this.names = names;
        this.usesContext = source.contains("context") || source.contains("$states.*")
                || source.matches("(?s).*\\$states(?![.\\w]).*");
    }

    private static Jsonata parse(String source) {
        Jsonata parsed = Jsonata.jsonata(source);
        parsed.setOutputConvertNulls(false); // keep JSON null apart from undefined
        return parsed;
    }

    /**
     * @throws IllegalArgumentException with the library's message when the text is not JSONata
     */
    public static JsonataExpression compile(String source) {
        try {
            Jsonata compiled = parse(source);
            Set<String> names = new LinkedHashSet<>();
            Matcher matcher = NAME.matcher(source);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return new JsonataExpression(source, compiled, names);
        } catch (JException e) {
            throw new IllegalArgumentException(e.getError() + ": " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // The library's parser recurses once per level: some thousand nested brackets in a
            // definition of a few KiB would otherwise end the thread validating or parsing it.
            throw new IllegalArgumentException(TOO_DEEP);
        }
    }

    public String source() {
        return source;
    }

    /**
     * The raw result: a JSON-like Java value, NULL_VALUE for JSON null, Java null for undefined.
     *
     * @param field where the expression sits, named in any error
     * @throws QueryEvaluationError when the expression fails
     */
    public Object evaluate(JsonataScope scope, String field) {
        JsonataScope.Conversions converted = scope.converted();
        if (converted.input == null) {
            converted.input = JsonataValues.toJava(scope.input());
        }
        Map<String, Object> states = new LinkedHashMap<>();
        states.put("input", converted.input);
        if (scope.result() != null) {
            states.put("result", JsonataValues.toJava(scope.result()));
        }
        if (scope.errorOutput() != null) {
            states.put("errorOutput", JsonataValues.toJava(scope.errorOutput()));
        }
        if (usesContext) {
            states.put("context", JsonataValues.toJava(scope.context().get()));
        }
        Jsonata compiled;
        try {
            compiled = this.compiled.get(); // parsed again on a thread new to the expression, whose stack may be deeper
        } catch (StackOverflowError e) {
            throw QueryEvaluationError.failed(source, field, TOO_DEEP);
        }
        {
            Jsonata.Frame frame = compiled.createFrame();
            StatesFunctions.bind(frame, scope.random(), scope.now());
            for (String name : names) {
                JsonNode value = scope.variables().get(name);
                if (value != null && !name.equals("states")) {
                    frame.bind(name, converted.variables.computeIfAbsent(name, n -> JsonataValues.toJava(value)));
                }
            }
            frame.bind("states", states); // reserved: no variable can stand in for it
            long[] steps = {0};
            frame.setEvaluateEntryCallback((expression, input, environment) -> {
                if (++steps[0] > MAX_STEPS) {
                    throw new JException(TOO_MANY_STEPS, -1);
                }
            });
            try {
                return compiled.evaluate(states.get("input"), frame);
            } catch (JException e) {
                throw QueryEvaluationError.failed(source, field, detail(e));
            } catch (RuntimeException e) {
                throw QueryEvaluationError.failed(source, field, String.valueOf(e.getMessage()));
            } catch (StackOverflowError e) {
                throw QueryEvaluationError.failed(source, field, STACK_OVERFLOW);
            }
        }
    }

    /**
     * The result as JSON: an error when it is undefined or not a JSON value.
     */
    public JsonNode evaluateToJson(JsonataScope scope, String field) {
        Object value = evaluate(scope, field);
        if (value == null) {
            throw QueryEvaluationError.undefined(source, field);
        }
        if (!JsonataValues.isJson(value)) {
            throw QueryEvaluationError.unsupported(source, field);
        }
        return JsonataValues.toJson(value);
    }

    /** What a library error says: "T1006: Attempted to invoke a non-function", as AWS shows it. */
    private static String detail(JException e) {
        String error = e.getError();
        if (error != null && ERROR_CODE.matcher(error).matches()) {
            return error + ": " + e.getMessage();
        }
        return error != null ? error : String.valueOf(e.getMessage()); // thrown by our functions, or by the step limit
    }

    /** A result's JSON text for messages. */
    static String describe(Object value) {
        return Json.write(JsonataValues.toJson(value));
    }

    @Override
    public String toString() {
        return "{% " + source + " %}";
    }
}
