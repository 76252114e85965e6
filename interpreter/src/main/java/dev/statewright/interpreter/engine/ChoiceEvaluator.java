package dev.statewright.interpreter.engine;

import dev.statewright.interpreter.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.JsonPaths;
import dev.statewright.interpreter.model.ChoiceRule;
import dev.statewright.interpreter.model.ChoiceState;
import dev.statewright.interpreter.model.ComparisonOperator;

import java.time.OffsetDateTime;
import java.util.function.Supplier;

/** Decides where a Choice state goes. */
final class ChoiceEvaluator {

    private ChoiceEvaluator() {
    }

    /**
     * The next state for this input: the first matching rule's Next, else Default.
     *
     * @throws StatesException States.NoChoiceMatched when nothing matches and there is no Default
     */
    static String nextState(ChoiceState state, JsonNode input, Supplier<JsonNode> context) {
        ChoiceRule.Branch branch = matchingBranch(state, input, context);
        return branch != null ? branch.next() : defaultNext(state);
    }

    /** The first rule that matches, or null. */
    static ChoiceRule.Branch matchingBranch(ChoiceState state, JsonNode input, Supplier<JsonNode> context) {
        for (ChoiceRule.Branch branch : state.choices()) {
            if (matches(branch.rule(), input, context)) {
                return branch;
            }
        }
        return null;
    }

    /**
     * Default, when no rule matched.
     *
     * @throws StatesException States.NoChoiceMatched when there is no Default
     */
    static String defaultNext(ChoiceState state) {
        if (state.defaultNext() != null) {
            return state.defaultNext();
        }
        throw new StatesException(StatesErrors.NO_CHOICE_MATCHED,
                "No Matches! at Choice State '" + state.name() + "'");
    }

    static boolean matches(ChoiceRule rule, JsonNode input, Supplier<JsonNode> context) {
        if (rule instanceof ChoiceRule.And and) {
            for (ChoiceRule inner : and.rules()) {
                if (!matches(inner, input, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule instanceof ChoiceRule.Or or) {
            for (ChoiceRule inner : or.rules()) {
                if (matches(inner, input, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule instanceof ChoiceRule.Not not) {
            return !matches(not.rule(), input, context);
        }
        return compare((ChoiceRule.Comparison) rule, input, context);
    }

    private static boolean compare(ChoiceRule.Comparison comparison, JsonNode input, Supplier<JsonNode> context) {
        ComparisonOperator operator = comparison.operator();
        JsonNode variable;
        try {
            variable = JsonPaths.read(comparison.variable(), input, context);
        } catch (JsonPaths.PathNotFound e) {
            if (operator.kind() == ComparisonOperator.Kind.TYPE_TEST) {
                return operator == ComparisonOperator.IS_PRESENT && !comparison.value().asBoolean();
            }
            throw new StatesException(StatesErrors.RUNTIME, "Invalid path '" + comparison.variable()
                    + "': The choice state's condition path references an invalid value.");
        }
        if (operator.kind() == ComparisonOperator.Kind.TYPE_TEST) {
            return typeTest(operator, variable) == comparison.value().asBoolean();
        }
        JsonNode expected = comparison.value();
        if (operator.isPath()) {
            try {
                expected = JsonPaths.read(expected.asText(), input, context);
            } catch (JsonPaths.PathNotFound e) {
                throw new StatesException(StatesErrors.RUNTIME, "Invalid path '" + expected.asText()
                        + "': The choice state's condition path references an invalid value.");
            }
        }
        return switch (operator.kind()) {
            case STRING -> variable.isTextual() && expected.isTextual()
                    && (operator.test() == ComparisonOperator.Test.MATCHES
                    ? Wildcard.matches(expected.textValue(), variable.textValue())
                    : holds(operator.test(), variable.textValue().compareTo(expected.textValue())));
            case NUMERIC -> variable.isNumber() && expected.isNumber()
                    && holds(operator.test(), variable.decimalValue().compareTo(expected.decimalValue()));
            case BOOLEAN -> variable.isBoolean() && expected.isBoolean()
                    && variable.booleanValue() == expected.booleanValue();
            case TIMESTAMP -> {
                OffsetDateTime left = timestamp(variable);
                OffsetDateTime right = timestamp(expected);
                yield left != null && right != null && holds(operator.test(), left.toInstant().compareTo(right.toInstant()));
            }
            case TYPE_TEST -> throw new IllegalStateException("handled above");
        };
    }

    private static boolean typeTest(ComparisonOperator operator, JsonNode value) {
        return switch (operator) {
            case IS_NULL -> value.isNull();
            case IS_PRESENT -> true;
            case IS_NUMERIC -> value.isNumber();
            case IS_STRING -> value.isTextual();
            case IS_BOOLEAN -> value.isBoolean();
            case IS_TIMESTAMP -> timestamp(value) != null;
            default -> throw new IllegalArgumentException(operator + " is not a type test");
        };
    }

    private static boolean holds(ComparisonOperator.Test test, int order) {
        return switch (test) {
            case EQ -> order == 0;
            case LT -> order < 0;
            case GT -> order > 0;
            case LE -> order <= 0;
            case GE -> order >= 0;
            default -> throw new IllegalArgumentException(test + " is not an ordering test");
        };
    }

    /** An RFC 3339 timestamp, or null when the value is not one. */
    static OffsetDateTime timestamp(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        return Timestamps.parse(value.textValue());
    }

    /**
     * StringMatches patterns: {@code *} matches any run of characters; {@code \*} and {@code \\}
     * are a literal star and backslash. Greedy matching that backtracks only to the last star,
     * so the time is linear in the pattern times the text, whatever the pattern.
     */
    static final class Wildcard {
        private static final int STAR = -1;

        private Wildcard() {
        }

        static boolean matches(String pattern, String text) {
            int[] tokens = tokens(pattern);
            int p = 0;
            int t = 0;
            int starAt = -1;
            int resumeText = 0;
            while (t < text.length()) {
                if (p < tokens.length && tokens[p] != STAR && tokens[p] == text.charAt(t)) {
                    p++;
                    t++;
                } else if (p < tokens.length && tokens[p] == STAR) {
                    starAt = p++;
                    resumeText = t;
                } else if (starAt >= 0) {
                    p = starAt + 1;
                    t = ++resumeText;
                } else {
                    return false;
                }
            }
            while (p < tokens.length && tokens[p] == STAR) {
                p++;
            }
            return p == tokens.length;
        }

        /** The pattern as characters and STAR markers, escapes resolved. */
        private static int[] tokens(String pattern) {
            int[] tokens = new int[pattern.length()];
            int count = 0;
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()) {
                    tokens[count++] = pattern.charAt(++i);
                } else {
                    tokens[count++] = c == '*' ? STAR : c;
                }
            }
            return java.util.Arrays.copyOf(tokens, count);
        }
    }
}
