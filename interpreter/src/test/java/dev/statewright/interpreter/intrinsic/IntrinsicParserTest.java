package dev.statewright.interpreter.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntrinsicParserTest {

    private static IntrinsicExpression onlyArgument(String call) {
        List<IntrinsicExpression> arguments = IntrinsicParser.parse(call).arguments();
        assertThat(arguments).hasSize(1);
        return arguments.get(0);
    }

    private static JsonNode literal(String argument) {
        return ((IntrinsicExpression.Literal) onlyArgument("States.Array(" + argument + ")")).value();
    }

    private static String path(String argument) {
        return ((IntrinsicExpression.Path) onlyArgument("States.Array(" + argument + ")")).path();
    }

    private static void assertRejected(String text) {
        assertThatThrownBy(() -> IntrinsicParser.parse(text))
                .isInstanceOf(IntrinsicParser.IntrinsicSyntaxException.class)
                .hasMessageContaining("position");
    }

    @Test
    void parsesFunctionNameAndArgumentsInOrder() {
        IntrinsicExpression.Call call = IntrinsicParser.parse("States.Format('Hi {}', $.name)");
        assertThat(call.function()).isEqualTo("States.Format");
        assertThat(call.arguments()).containsExactly(
                new IntrinsicExpression.Literal(Json.NODES.textNode("Hi {}"), "Hi {}"),
                new IntrinsicExpression.Path("$.name"));
    }

    @Test
    void parsesACallWithoutArguments() {
        assertThat(IntrinsicParser.parse("States.UUID()").arguments()).isEmpty();
    }

    @Test
    void parsesNestedCalls() {
        IntrinsicExpression.Call call = IntrinsicParser.parse("States.ArrayGetItem(States.StringSplit('a-b', '-'), 0)");
        assertThat(call.arguments().get(0)).isEqualTo(new IntrinsicExpression.Call("States.StringSplit", List.of(
                new IntrinsicExpression.Literal(Json.NODES.textNode("a-b"), "a-b"),
                new IntrinsicExpression.Literal(Json.NODES.textNode("-"), "-"))));
        assertThat(call.arguments().get(1)).isEqualTo(new IntrinsicExpression.Literal(Json.NODES.numberNode(0)));
    }

    @Test
    void allowsWhitespaceAroundTheCallAndItsArguments() {
        IntrinsicExpression.Call call = IntrinsicParser.parse("  States.Array (  1 ,'x'  ,  $.a  )  ");
        assertThat(call.arguments()).containsExactly(
                new IntrinsicExpression.Literal(Json.NODES.numberNode(1)),
                new IntrinsicExpression.Literal(Json.NODES.textNode("x"), "x"),
                new IntrinsicExpression.Path("$.a"));
    }

    // String literals

    @Test
    void unescapesQuoteAndBackslash() {
        assertThat(literal("'it\\'s a \\\\ b'").textValue()).isEqualTo("it's a \\ b");
    }

    @Test
    void keepsCommasParenthesesAndDollarsInsideStrings() {
        assertThat(literal("'a, b) $.c'").textValue()).isEqualTo("a, b) $.c");
    }

    @Test
    void acceptsEscapedBraces() {
        assertThat(literal("'\\{\\}'").textValue()).contains("{", "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"'\\n'", "'\\t'", "'\\\"'", "'\\u0041'"})
    void rejectsIllegalEscapes(String argument) {
        assertRejected("States.Array(" + argument + ")");
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertRejected("States.Format('abc)");
        assertRejected("States.Format('abc\\')");
    }

    // Numbers and words

    @Test
    void parsesIntegersAsIntegralNumbers() {
        assertThat(literal("42")).isEqualTo(Json.NODES.numberNode(42));
        assertThat(literal("-7")).isEqualTo(Json.NODES.numberNode(-7));
        assertThat(literal("3000000000")).isEqualTo(Json.NODES.numberNode(3_000_000_000L));
    }

    @Test
    void parsesDecimalsExactly() {
        assertThat(literal("1.25").decimalValue()).isEqualTo(new BigDecimal("1.25"));
        assertThat(literal("-0.5").decimalValue()).isEqualTo(new BigDecimal("-0.5"));
        assertThat(literal("1.5e2").decimalValue()).isEqualByComparingTo("150");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "-", "1e"})
    void rejectsMalformedNumbers(String argument) {
        assertRejected("States.Array(" + argument + ")");
    }

    @Test
    void parsesTrueFalseAndNull() {
        assertThat(IntrinsicParser.parse("States.Array(true, false, null)").arguments()).containsExactly(
                new IntrinsicExpression.Literal(Json.NODES.booleanNode(true)),
                new IntrinsicExpression.Literal(Json.NODES.booleanNode(false)),
                new IntrinsicExpression.Literal(Json.NODES.nullNode()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"trueish", "nil", "abc", "\"double\""})
    void rejectsUnknownArgumentWords(String argument) {
        assertRejected("States.Array(" + argument + ")");
    }

    // Paths

    @ParameterizedTest
    @ValueSource(strings = {"$", "$.a.b", "$.a[0]", "$['b c']", "$.a[0,1]", "$.a[?(@.x == 1)]", "$['a)b,c']",
            "$$.Execution.Id", "$.a[?(@.n in ['x', 'y'])].v"})
    void takesAPathUpToTheNextArgument(String argument) {
        IntrinsicExpression.Call call = IntrinsicParser.parse("States.Array(" + argument + ", 1)");
        assertThat(call.arguments()).containsExactly(
                new IntrinsicExpression.Path(argument),
                new IntrinsicExpression.Literal(Json.NODES.numberNode(1)));
    }

    @Test
    void trimsSpacesAfterAPath() {
        assertThat(path("$.a[0]   ")).isEqualTo("$.a[0]");
    }

    // Malformed calls

    @ParameterizedTest
    @ValueSource(strings = {"States.Array(1) x", "States.Array(1))", "States.Array(1); States.UUID()"})
    void rejectsTrailingText(String text) {
        assertRejected(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "States.(1)", "Format('x')", "States.Array", "States.Array(1", "States.Array(1,)",
            "States.Array(,1)", "States.Array(1 2)"})
    void rejectsMalformedCalls(String text) {
        assertRejected(text);
    }

    @Test
    void acceptsAnyStatesNameLeavingUnknownFunctionsToEvaluation() {
        assertThat(IntrinsicParser.parse("States.Nope()").function()).isEqualTo("States.Nope");
    }

    @Test
    void recognisesCallsByTheirStatesPrefix() {
        assertThat(IntrinsicParser.looksLikeCall("States.Array()")).isTrue();
        assertThat(IntrinsicParser.looksLikeCall("$.States")).isFalse();
    }

    private static String nested(int depth) {
        return "States.Array(".repeat(depth) + ")".repeat(depth);
    }

    @Test
    void callsNestedAHundredDeepParse() {
        assertThat(IntrinsicParser.parse(nested(IntrinsicParser.MAX_NESTING)).function()).isEqualTo("States.Array");
    }

    /** Found by ValidatorProperties: 3000 nested calls overflowed the stack of the validating thread. */
    @Test
    void callsNestedDeeperAreRefusedNotOverflowed() {
        assertRejected(nested(IntrinsicParser.MAX_NESTING + 1));
        assertThatThrownBy(() -> IntrinsicParser.parse(nested(3000)))
                .isInstanceOf(IntrinsicParser.IntrinsicSyntaxException.class)
                .hasMessageContaining("nested more than 100 deep");
    }
}
