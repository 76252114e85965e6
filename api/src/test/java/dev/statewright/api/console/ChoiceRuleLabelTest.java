package dev.statewright.api.console;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Choice rules read as words on their edges, cut when long with the whole rule kept for the tooltip. */
class ChoiceRuleLabelTest {
    @Test
    void comparisonsReadAsSymbols() {
        assertThat(ChoiceRuleLabel.of(Json.parse("{\"Variable\": \"$.x\", \"NumericGreaterThan\": 3, \"Next\": \"A\"}")))
                .isEqualTo("$.x > 3");
        assertThat(ChoiceRuleLabel.of(Json.parse("{\"Variable\": \"$.s\", \"StringEquals\": \"a\", \"Next\": \"A\"}")))
                .isEqualTo("$.s == \"a\"");
        assertThat(ChoiceRuleLabel.of(Json.parse("{\"Variable\": \"$.x\", \"NumericLessThanEqualsPath\": \"$.y\", \"Next\": \"A\"}")))
                .isEqualTo("$.x <= $.y");
        assertThat(ChoiceRuleLabel.of(Json.parse("{\"Variable\": \"$.t\", \"TimestampLessThan\": \"2020-01-01T00:00:00Z\"}")))
                .isEqualTo("$.t < time \"2020-01-01T00:00:00Z\"");
        assertThat(ChoiceRuleLabel.of(Json.parse("{\"And\": [{\"Variable\": \"$.a\", \"IsPresent\": true},"
                + " {\"Not\": {\"Variable\": \"$.b\", \"IsNull\": true}}], \"Next\": \"A\"}")))
                .isEqualTo("($.a is present and not ($.b is null))");
        assertThat(ChoiceRuleLabel.of(Json.parse("{\"Condition\": \"{% $states.input.x > 3 %}\", \"Next\": \"A\"}")))
                .isEqualTo("{% $states.input.x > 3 %}");
    }

    @Test
    void aLongRuleIsCutAndKeptWhole() {
        var rule = Json.parse("{\"Or\": [{\"Variable\": \"$.order.customer.country\", \"StringEquals\": \"Germany\"},"
                + " {\"Variable\": \"$.order.customer.country\", \"StringEquals\": \"Austria\"}], \"Next\": \"A\"}");
        String full = "($.order.customer.country == \"Germany\" or $.order.customer.country == \"Austria\")";
        assertThat(ChoiceRuleLabel.full(rule)).isEqualTo(full);
        assertThat(ChoiceRuleLabel.of(rule)).hasSize(ChoiceRuleLabel.MAX_LENGTH).endsWith("\u2026")
                .startsWith(full.substring(0, ChoiceRuleLabel.MAX_LENGTH - 1));
    }
}
