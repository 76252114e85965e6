package dev.statewright.interpreter.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.json.JsonPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntrinsicFunctionsTest {
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final IntrinsicFunctions functions = new IntrinsicFunctions(new SplittableRandom(1));

    private JsonNode eval(String call, String input, String context) {
        return functions.evaluate(IntrinsicParser.parse(call), Json.parse(input), () -> Json.parse(context));
    }

    private JsonNode eval(String call, String input) {
        return eval(call, input, "{}");
    }

    private JsonNode eval(String call) {
        return eval(call, "{}");
    }

    /** Compares as compact JSON text, so that an int 3 and a long 3 are the same result. */
    private static void assertJson(JsonNode actual, String expected) {
        assertThat(Json.write(actual)).isEqualTo(Json.write(Json.parse(expected)));
    }

    private void assertFailure(String call, String input) {
        assertThatThrownBy(() -> eval(call, input))
                .isInstanceOfSatisfying(StatesException.class,
                        e -> assertThat(e.error()).isEqualTo(StatesErrors.INTRINSIC_FAILURE));
    }

    private void assertFailure(String call) {
        assertFailure(call, "{}");
    }

    private static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    // States.Format

    @Test
    void formatInsertsArgumentsInOrder() {
        assertJson(eval("States.Format('{} and {}: {}', 'a', 2, $.b)", "{\"b\":\"c\"}"), "\"a and 2: c\"");
    }

    @Test
    void formatTakesItsTemplateFromAPath() {
        assertJson(eval("States.Format($.template, $.name)", "{\"template\":\"Hello, my name is {}.\",\"name\":\"Arnav\"}"),
                "\"Hello, my name is Arnav.\"");
    }

    @Test
    void formatPrintsObjectsAndArraysJavaMapStyle() {
        assertJson(eval("States.Format('o={} a={}', $.o, $.a)", "{\"o\":{\"a\":1,\"b\":[]},\"a\":[1,\"x\",null]}"),
                "\"o={a=1, b=[]} a=[1, x, null]\"");
    }

    @Test
    void formatPrintsNullNumbersAndBooleansAsText() {
        assertJson(eval("States.Format('{} {} {}', $.n, $.d, $.t)", "{\"n\":null,\"d\":1.1,\"t\":true}"),
                "\"null 1.1 true\"");
    }

    @Test
    void formatInsertsAStringArgumentWithoutQuotes() {
        assertJson(eval("States.Format('arg {}.', $.s)", "{\"s\":\"{\\\"Arg1\\\": 1}\"}"), "\"arg {\\\"Arg1\\\": 1}.\"");
    }

    @Test
    void formatPrintsEscapedBracesLiterally() {
        assertJson(eval("States.Format('\\{\"key\":\"{}\"\\}', $.v)", "{\"v\":\"test123\"}"),
                "\"{\\\"key\\\":\\\"test123\\\"}\"");
    }

    @Test
    void formatTreatsEscapedBracePairAsTextNotPlaceholder() {
        assertJson(eval("States.Format('\\{\\}')"), "\"{}\"");
    }

    @Test
    void formatPrintsAnEscapedBackslashBeforeAPlaceholder() {
        assertJson(eval("States.Format('a\\\\{}', 'x')"), "\"a\\\\x\"");
    }

    @Test
    void formatTreatsBracesFromAPathTemplateAsPlaceholders() {
        assertJson(eval("States.Format($.t, 'x')", "{\"t\":\"\\\\{}\"}"), "\"\\\\x\"");
    }

    @Test
    void escapedBracesInAnyStringLiteralAreBraces() {
        assertJson(eval("States.Array('\\{\\}')"), "[\"{}\"]");
        assertJson(eval("States.StringToJson('\\{\"a\":1\\}')"), "{\"a\":1}");
    }

    @Test
    void formatFailsWhenPlaceholdersOutnumberArguments() {
        assertFailure("States.Format('{} {}', 'a')");
    }

    @Test
    void formatFailsWhenArgumentsOutnumberPlaceholders() {
        assertFailure("States.Format('{}', 'a', 'b')");
    }

    @Test
    void formatFailsWithoutATemplate() {
        assertFailure("States.Format()");
    }

    @Test
    void formatFailsWhenTheTemplateIsNotAString() {
        assertFailure("States.Format(1)");
    }

    // States.StringToJson and States.JsonToString

    @Test
    void stringToJsonParsesAnEscapedJsonString() {
        assertJson(eval("States.StringToJson($.s)", "{\"s\":\"{\\\"foo\\\": [1, 2.5, \\\"bar\\\"]}\"}"),
                "{\"foo\":[1,2.5,\"bar\"]}");
    }

    @Test
    void stringToJsonGivesNullForAnEmptyString() {
        assertThat(eval("States.StringToJson('')").isNull()).isTrue();
    }

    @Test
    void stringToJsonFailsOnMalformedJson() {
        assertFailure("States.StringToJson('{not json')");
    }

    @Test
    void stringToJsonFailsOnANonString() {
        assertFailure("States.StringToJson($.o)", "{\"o\":{}}");
    }

    @Test
    void jsonToStringWritesCompactJson() {
        assertJson(eval("States.JsonToString($.o)", "{\"o\":{\"Arg1\":1,\"Arg2\":[1.1,\"x\"]}}"),
                "\"{\\\"Arg1\\\":1,\\\"Arg2\\\":[1.1,\\\"x\\\"]}\"");
    }

    @Test
    void jsonToStringWritesNullAsText() {
        assertJson(eval("States.JsonToString($.n)", "{\"n\":null}"), "\"null\"");
    }

    @Test
    void jsonToStringFailsWithTwoArguments() {
        assertFailure("States.JsonToString($.a, $.a)", "{\"a\":1}");
    }

    // States.Array

    @Test
    void arrayCollectsArgumentsInOrder() {
        assertJson(eval("States.Array('a', 1, 2.5, true, null, $.o)", "{\"o\":{\"x\":[]}}"),
                "[\"a\",1,2.5,true,null,{\"x\":[]}]");
    }

    @Test
    void arrayWithoutArgumentsIsEmpty() {
        assertJson(eval("States.Array()"), "[]");
    }

    // States.ArrayPartition

    @Test
    void arrayPartitionSplitsIntoChunksWithARemainder() {
        assertJson(eval("States.ArrayPartition($.a, 3)", "{\"a\":[0,1,2,3]}"), "[[0,1,2],[3]]");
    }

    @Test
    void arrayPartitionOfAnEmptyArrayIsEmpty() {
        assertJson(eval("States.ArrayPartition($.a, 4)", "{\"a\":[]}"), "[]");
    }

    @Test
    void arrayPartitionWithAChunkLargerThanTheArrayGivesOneChunk() {
        assertJson(eval("States.ArrayPartition($.a, 5)", "{\"a\":[0,1]}"), "[[0,1]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5", "'2'"})
    void arrayPartitionFailsForAChunkSizeThatIsNotAPositiveInteger(String size) {
        assertFailure("States.ArrayPartition($.a, " + size + ")", "{\"a\":[1,2]}");
    }

    @Test
    void arrayPartitionFailsWhenTheFirstArgumentIsNotAnArray() {
        assertFailure("States.ArrayPartition('abc', 1)");
    }

    // States.ArrayContains

    @Test
    void arrayContainsFindsNestedArraysAndObjectsByValue() {
        String input = "{\"a\":[[1,2,3],2,{\"k\":[]}]}";
        assertThat(eval("States.ArrayContains($.a, States.Array(1, 2, 3))", input).booleanValue()).isTrue();
        assertThat(eval("States.ArrayContains($.a, $.a[2])", input).booleanValue()).isTrue();
        assertThat(eval("States.ArrayContains($.a, 2)", input).booleanValue()).isTrue();
    }

    @Test
    void arrayContainsIsFalseForAMissingValue() {
        assertThat(eval("States.ArrayContains($.a, null)", "{\"a\":[[1,2,3],2]}").booleanValue()).isFalse();
        assertThat(eval("States.ArrayContains($.a, 1)", "{\"a\":[]}").booleanValue()).isFalse();
    }

    @Test
    void arrayContainsFailsWhenTheFirstArgumentIsNotAnArray() {
        assertFailure("States.ArrayContains('abc', 'a')");
    }

    @Test
    void arrayContainsFailsWithOneArgument() {
        assertFailure("States.ArrayContains($.a)", "{\"a\":[1]}");
    }

    // States.ArrayRange

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0, 9, 3   | [0,3,6,9]",
            "0, 10, 3  | [0,3,6,9]",
            "1, 9, 2   | [1,3,5,7,9]",
            "5, 1, -2  | [5,3,1]",
            "4, 4, 1   | [4]"})
    void arrayRangeCountsFromStartToEndInclusiveBySteps(String args, String expected) {
        assertJson(eval("States.ArrayRange(" + args + ")"), expected);
    }

    @Test
    void arrayRangeAllowsExactlyOneThousandItems() {
        assertThat(eval("States.ArrayRange(1, 1000, 1)").size()).isEqualTo(1000);
    }

    @Test
    void arrayRangeFailsForMoreThanOneThousandItems() {
        assertFailure("States.ArrayRange(0, 1000, 1)");
    }

    @Test
    void arrayRangeFailsForAZeroStep() {
        assertFailure("States.ArrayRange(0, 10, 0)");
    }

    @Test
    void arrayRangeFailsForANonIntegerArgument() {
        assertFailure("States.ArrayRange(0, 10.5, 1)");
    }

    @Test
    void arrayRangeFailsWithTwoArguments() {
        assertFailure("States.ArrayRange(0, 10)");
    }

    // States.ArrayGetItem and States.ArrayLength

    @Test
    void arrayGetItemReturnsTheItemAtAZeroBasedIndex() {
        assertJson(eval("States.ArrayGetItem($.a, $.i)", "{\"a\":[1,2,3,4,5,6,7,8,9],\"i\":5}"), "6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "-1"})
    void arrayGetItemFailsForAnIndexOutOfBounds(String index) {
        assertFailure("States.ArrayGetItem($.a, " + index + ")", "{\"a\":[1,2,3]}");
    }

    @Test
    void arrayGetItemFailsForANonIntegerIndex() {
        assertFailure("States.ArrayGetItem($.a, '0')", "{\"a\":[1,2,3]}");
    }

    @Test
    void arrayLengthCountsItems() {
        assertJson(eval("States.ArrayLength($.a)", "{\"a\":[1,[2,3],{}]}"), "3");
        assertJson(eval("States.ArrayLength(States.Array())"), "0");
    }

    @Test
    void arrayLengthFailsForAnObject() {
        assertFailure("States.ArrayLength($)", "{\"a\":1}");
    }

    // States.ArrayUnique

    @Test
    void arrayUniqueKeepsTheFirstOfEachValueInOrder() {
        assertJson(eval("States.ArrayUnique($.a)",
                        "{\"a\":[1,\"a\",1,null,{\"k\":1},\"a\",null,{\"k\":1},[1],[1],{\"k\":2}]}"),
                "[1,\"a\",null,{\"k\":1},[1],{\"k\":2}]");
    }

    @Test
    void arrayUniqueFailsForAString() {
        assertFailure("States.ArrayUnique('aab')");
    }

    // States.Base64Encode and States.Base64Decode

    @Test
    void base64EncodeEncodesUtf8Text() {
        assertJson(eval("States.Base64Encode('Data to encode')"), "\"RGF0YSB0byBlbmNvZGU=\"");
        assertJson(eval("States.Base64Encode('')"), "\"\"");
    }

    @Test
    void base64EncodeAcceptsTenThousandCharacters() {
        assertThat(eval("States.Base64Encode($.s)", "{\"s\":\"" + repeat('a', 10_000) + "\"}").textValue())
                .startsWith("YWFh");
    }

    @Test
    void base64EncodeFailsForMoreThanTenThousandCharacters() {
        assertFailure("States.Base64Encode($.s)", "{\"s\":\"" + repeat('a', 10_001) + "\"}");
    }

    @Test
    void base64EncodeFailsForANumber() {
        assertFailure("States.Base64Encode(12)");
    }

    @Test
    void base64DecodeDecodesToText() {
        assertJson(eval("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), "\"Data to encode\"");
        assertJson(eval("States.Base64Decode('')"), "\"\"");
    }

    @Test
    void base64DecodeFailsForInvalidBase64() {
        assertFailure("States.Base64Decode('not base64!')");
    }

    @Test
    void base64DecodeFailsForMoreThanTenThousandCharacters() {
        assertFailure("States.Base64Decode($.s)", "{\"s\":\"" + repeat('A', 10_004) + "\"}");
    }

    // States.Hash

    @ParameterizedTest
    @CsvSource({
            "MD5,     812f45842bc6d66ee14572ce20db8e86",
            "SHA-1,   aaff4a450a104cd177d28d18d74485e8cae074b7",
            "SHA-256, b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3",
            "SHA-384, d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562",
            "SHA-512, 6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"})
    void hashGivesTheLowercaseHexDigest(String algorithm, String digest) {
        assertThat(eval("States.Hash('input data', '" + algorithm + "')").textValue()).isEqualTo(digest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CRC32", "SHA-3", "SHA256"})
    void hashFailsForAnUnknownAlgorithm(String algorithm) {
        assertFailure("States.Hash('input data', '" + algorithm + "')");
    }

    @Test
    void hashFailsForMoreThanTenThousandCharacters() {
        assertFailure("States.Hash($.s, 'MD5')", "{\"s\":\"" + repeat('a', 10_001) + "\"}");
    }

    @Test
    void hashFailsWithoutAnAlgorithm() {
        assertFailure("States.Hash('input data')");
    }

    // States.JsonMerge

    @Test
    void jsonMergeIsShallowAndTheSecondObjectWins() {
        assertJson(eval("States.JsonMerge($.a, $.b, false)",
                        "{\"a\":{\"a\":{\"a1\":1,\"a2\":2},\"b\":2,\"d\":3},\"b\":{\"a\":{\"a3\":1,\"a4\":2},\"c\":3,\"d\":4}}"),
                "{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"d\":4,\"c\":3}");
    }

    @Test
    void jsonMergeDoesNotChangeItsInput() {
        JsonNode input = Json.parse("{\"a\":{\"x\":1},\"b\":{\"x\":2,\"y\":3}}");
        functions.evaluate(IntrinsicParser.parse("States.JsonMerge($.a, $.b, false)"), input, Json::object);
        assertJson(input, "{\"a\":{\"x\":1},\"b\":{\"x\":2,\"y\":3}}");
    }

    @Test
    void jsonMergeFailsForDeepMerge() {
        assertFailure("States.JsonMerge($.a, $.b, true)", "{\"a\":{},\"b\":{}}");
    }

    @Test
    void jsonMergeFailsWhenTheFlagIsNotABoolean() {
        assertFailure("States.JsonMerge($.a, $.b, 'false')", "{\"a\":{},\"b\":{}}");
    }

    @Test
    void jsonMergeFailsForAnArray() {
        assertFailure("States.JsonMerge($.a, $.b, false)", "{\"a\":{},\"b\":[]}");
    }

    @Test
    void jsonMergeFailsWithTwoArguments() {
        assertFailure("States.JsonMerge($.a, $.b)", "{\"a\":{},\"b\":{}}");
    }

    // States.MathRandom

    @Test
    void mathRandomStaysWithinStartInclusiveAndEndExclusive() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(eval("States.MathRandom(1, 4)").longValue());
        }
        assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void mathRandomWithASeedIsRepeatable() {
        JsonNode first = eval("States.MathRandom(0, 999, 3)");
        JsonNode second = new IntrinsicFunctions(new SplittableRandom(99))
                .evaluate(IntrinsicParser.parse("States.MathRandom(0, 999, 3)"), Json.object(), Json::object);
        assertThat(first.isIntegralNumber()).isTrue();
        assertThat(first.longValue()).isBetween(0L, 998L).isEqualTo(second.longValue());
    }

    @Test
    void mathRandomFailsWhenStartIsNotBelowEnd() {
        assertFailure("States.MathRandom(5, 5)");
    }

    @Test
    void mathRandomFailsForANonNumber() {
        assertFailure("States.MathRandom('1', 5)");
    }

    @Test
    void mathRandomFailsWithOneArgument() {
        assertFailure("States.MathRandom(1)");
    }

    // States.MathAdd

    @Test
    void mathAddAddsIntegers() {
        assertJson(eval("States.MathAdd($.a, -3)", "{\"a\":10}"), "7");
    }

    @ParameterizedTest
    @CsvSource({
            "1.5, 0, 2",
            "2.5, 0, 3",
            "-1.5, 0, -1",
            "-1.51, 0, -2",
            "1.49, 0, 1",
            "-0.5, 0.5, 1",
            "1.5, 1.51, 4",
            "-1.49, -1.5, -2"})
    void mathAddRoundsHalfUpTowardPositiveInfinity(String a, String b, String sum) {
        assertJson(eval("States.MathAdd($.a, $.b)", "{\"a\":" + a + ",\"b\":" + b + "}"), sum);
    }

    @Test
    void mathAddRefusesOperandsOutsideThe32BitRange() {
        assertFailure("States.MathAdd(2147483648, 0)");
        assertFailure("States.MathAdd(0, -2147483649)");
    }

    @Test
    void stringToJsonRefusesTrailingText() {
        assertFailure("States.StringToJson('{\"a\":1} x')");
    }

    @Test
    void mathAddFailsForAString() {
        assertFailure("States.MathAdd('1', 2)");
    }

    @Test
    void mathAddFailsWithThreeArguments() {
        assertFailure("States.MathAdd(1, 2, 3)");
    }

    // States.StringSplit

    @Test
    void stringSplitSplitsOnADelimiter() {
        assertJson(eval("States.StringSplit('1,2,3', ',')"), "[\"1\",\"2\",\"3\"]");
    }

    @Test
    void stringSplitSplitsOnAnyOfTheDelimiterCharacters() {
        assertJson(eval("States.StringSplit('This.is+a,test=string', '.+,=')"),
                "[\"This\",\"is\",\"a\",\"test\",\"string\"]");
    }

    @Test
    void stringSplitDropsEmptyTokens() {
        assertJson(eval("States.StringSplit(', , ,', ',')"), "[\" \",\" \"]");
    }

    @Test
    void stringSplitFailsForANonStringDelimiter() {
        assertFailure("States.StringSplit('a1b', 1)");
    }

    // States.UUID

    @Test
    void uuidGivesDistinctVersion4Uuids() {
        String first = eval("States.UUID()").textValue();
        String second = eval("States.UUID()").textValue();
        assertThat(first).matches(UUID_V4);
        assertThat(second).matches(UUID_V4).isNotEqualTo(first);
    }

    @Test
    void uuidFailsWithAnArgument() {
        assertFailure("States.UUID(1)");
    }

    // Evaluation in general

    @Test
    void unknownFunctionFails() {
        assertFailure("States.Nope(1)");
    }

    @Test
    void nestedCallsAreEvaluatedInnermostFirst() {
        assertJson(eval("States.ArrayGetItem(States.StringSplit('a-b', '-'), 0)"), "\"a\"");
    }

    @Test
    void contextPathsReadTheContextObject() {
        assertJson(eval("States.Format('id={}', $$.Execution.Id)", "{}", "{\"Execution\":{\"Id\":\"arn:exec:1\"}}"),
                "\"id=arn:exec:1\"");
    }

    @Test
    void filterPathsSelectMatchingItems() {
        assertJson(eval("States.ArrayLength($.a[?(@.x == 1)])", "{\"a\":[{\"x\":1},{\"x\":2},{\"x\":1}]}"), "2");
    }

    @Test
    void missingPathArgumentThrowsPathNotFound() {
        assertThatThrownBy(() -> eval("States.Array($.missing)", "{\"a\":1}"))
                .isInstanceOfSatisfying(JsonPaths.PathNotFound.class,
                        e -> assertThat(e.path()).isEqualTo("$.missing"));
    }

    @Test
    void failureCauseNamesTheFunction() {
        assertThatThrownBy(() -> eval("States.ArrayLength('x')"))
                .isInstanceOfSatisfying(StatesException.class,
                        e -> assertThat(e.cause()).contains("States.ArrayLength"));
    }
}
