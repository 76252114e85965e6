package dev.statewright.interpreter.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.jsonata.JsonataTemplate;

import java.util.List;

/** A Boolean expression of a Choice state. */
public sealed interface ChoiceRule {

    /**
     * A top-level rule with the state it leads to. In JSONata states {@code rule} is null and
     * {@code condition} decides; {@code assign} and {@code output} are the rule's own, or null.
     */
    record Branch(ChoiceRule rule, String next, JsonataTemplate condition, Assignment assign, JsonataTemplate output) {
        public Branch(ChoiceRule rule, String next) {
            this(rule, next, null, null, null);
        }
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
