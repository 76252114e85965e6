package dev.statewright.interpreter.jsonata;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a JSONata expression in a state can see: {@code $states.input}, {@code $states.result}
 * (null before the state has one), {@code $states.errorOutput} (in a Catch), {@code $states.context}
 * (built only when asked for), the workflow's variables as they were when the state was entered,
 * the execution's random source for {@code $random} and {@code $uuid}, and the execution's
 * clock for {@code $now} and {@code $millis}: the engine's time, not the machine's, so a replayed
 * run computes what the first run did.
 */
public record JsonataScope(JsonNode input, JsonNode result, JsonNode errorOutput, Supplier<JsonNode> context,
                           Map<String, JsonNode> variables, RandomGenerator random, Instant now, Conversions converted) {

    public JsonataScope(JsonNode input, JsonNode result, JsonNode errorOutput, Supplier<JsonNode> context,
                        Map<String, JsonNode> variables, RandomGenerator random, Instant now) {
        this(input, result, errorOutput, context, variables, random, now, new Conversions());
    }

    public JsonataScope withResult(JsonNode newResult) {
        return new JsonataScope(input, newResult, errorOutput, context, variables, random, now, converted.sameInput());
    }

    public JsonataScope withErrorOutput(JsonNode error) {
        return new JsonataScope(input, result, error, context, variables, random, now, converted.sameInput());
    }

    /** The same scope with another context object (a Map iteration's), keeping what was converted. */
    public JsonataScope withContext(Supplier<JsonNode> newContext) {
        return new JsonataScope(input, result, errorOutput, newContext, variables, random, now, converted.sameInput());
    }

    /**
     * The library works on plain Java values: what a scope converted once (its input, its
     * variables) serves every expression evaluated in it, and every Map item.
     */
    public static final class Conversions {
        Object input;
        final Map<String, Object> variables;

        Conversions() {
            this(new java.util.HashMap<>());
        }

        private Conversions(Map<String, Object> variables) {
            this.variables = variables;
        }

        Conversions sameInput() {
            Conversions copy = new Conversions(variables);
            copy.input = input;
            return copy;
        }
    }
}
