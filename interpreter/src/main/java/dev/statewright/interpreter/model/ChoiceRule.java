package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A Boolean expression of a Choice state. */
public sealed interface ChoiceRule {

    /** A top-level rule with the state it leads to. */
    record Branch(ChoiceRule rule, String next) {
    }

    record And(List<ChoiceRule> rules) implements ChoiceRule {
        public And {
            rules = List.copyOf(rules);
        }
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        public Or {
            rules = List.copyOf(rules);
        }
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
    }

    /**
     * {@code Variable} compared by {@code operator} against a literal {@code value}, or against
     * the value at the path {@code value} holds when the operator is a {@code ...Path} one.
     */
    record Comparison(String variable, ComparisonOperator operator, JsonNode value) implements ChoiceRule {
    }
}
