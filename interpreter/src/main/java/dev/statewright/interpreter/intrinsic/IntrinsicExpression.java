package dev.statewright.interpreter.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A parsed intrinsic function call and its arguments: plain data, evaluated by {@link IntrinsicFunctions}. */
public sealed interface IntrinsicExpression {

    /**
     * A literal argument: a string, number, boolean or null. For a string, {@code template} is its
     * text with {@code \{ \} \\} still escaped, which States.Format needs to tell an escaped brace
     * from a placeholder; null for other literals.
     */
    record Literal(JsonNode value, String template) implements IntrinsicExpression {
        public Literal(JsonNode value) {
            this(value, null);
        }
    }

    /** A JSONPath argument, into the input ({@code $.x}) or the context object ({@code $$.x}). */
    record Path(String path) implements IntrinsicExpression {
    }

    /** A call such as {@code States.Format('{}', $.name)}. */
    record Call(String function, List<IntrinsicExpression> arguments) implements IntrinsicExpression {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }
}
