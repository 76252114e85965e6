package dev.statewright.api.integrations.itemreader;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An object's content read as Map items, for each InputType. */
class ObjectItemsTest {

    private static String read(String content, String readerConfig) {
        ItemReaderRequest read = new ItemReaderRequest("arn:aws:states:::s3:getObject", Json.object(),
                (ObjectNode) Json.parse(readerConfig));
        return Json.write(ObjectItems.read(stream(content), read, "s3://b/k"));
    }

    private static InputStream stream(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonArraysElementsAreTheItems() {
        assertThat(read("[{\"a\": 1}, [2], \"three\", null]", "{\"InputType\": \"JSON\"}"))
                .isEqualTo("[{\"a\":1},[2],\"three\",null]");
    }

    @Test
    void maxItemsStopsTheReadEvenBeforeContentThatIsNotJson() {
        assertThat(read("[1, 2, 3, this is never read", "{\"InputType\": \"JSON\", \"MaxItems\": 2}")).isEqualTo("[1,2]");
        assertThat(read("1\n2\n3\n", "{\"InputType\": \"JSONL\", \"MaxItems\": 2}")).isEqualTo("[1,2]");
        assertThat(read("h\na\nb\nc\n", "{\"InputType\": \"CSV\", \"MaxItems\": 1}")).isEqualTo("[{\"h\":\"a\"}]");
        assertThat(read("[1, 2, 3]", "{\"InputType\": \"JSON\", \"MaxItems\": 0}")).isEqualTo("[1,2,3]");
    }

    @Test
    void aJsonObjectThatIsNoArrayCannotBeMappedOver() {
        assertThatThrownBy(() -> read("{\"a\": [1]}", "{\"InputType\": \"JSON\"}"))
                .isInstanceOfSatisfying(StatesException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
                    assertThat(e.cause()).isEqualTo("Attempting to map over non-iterable node.");
                });
    }

    @Test
    void jsonLinesGiveAValueALineSkippingBlankOnes() {
        assertThat(read("{\"a\": 1}\n\n[2]\r\n\"x\"", "{\"InputType\": \"JSONL\"}")).isEqualTo("[{\"a\":1},[2],\"x\"]");
        assertThatThrownBy(() -> read("{\"a\": 1}\n{oops", "{\"InputType\": \"JSONL\"}"))
                .isInstanceOfSatisfying(StatesException.class, e -> assertThat(e.cause()).startsWith("Line 2 of s3://b/k"));
    }

    @Test
    void csvWithTheFirstRowAsHeadersKeepsFieldsAsWrittenAndDropsExtraOnes() {
        assertThat(read("Col1,Col2\nValue1,Value2\n,\n   ,x,extra\nshort\n",
                "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"FIRST_ROW\"}"))
                .isEqualTo("[{\"Col1\":\"Value1\",\"Col2\":\"Value2\"},{\"Col1\":\"\",\"Col2\":\"\"},"
                        + "{\"Col1\":\"   \",\"Col2\":\"x\"},{\"Col1\":\"short\",\"Col2\":\"\"}]");
    }

    @Test
    void csvWithGivenHeadersReadsEveryRowAsItems() {
        assertThat(read("a,b\r\nc,d\r\n", "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"GIVEN\", "
                + "\"CSVHeaders\": [\"H1\", \"H2\"]}"))
                .isEqualTo("[{\"H1\":\"a\",\"H2\":\"b\"},{\"H1\":\"c\",\"H2\":\"d\"}]");
    }

    @Test
    void quotedCsvFieldsHoldCommasLineBreaksAndDoubledQuotes() {
        assertThat(read("name,note\n\"Hopper, Grace\",\"said \"\"hi\"\"\nthen left\"\n\"\",plain\n",
                "{\"InputType\": \"CSV\"}"))
                .isEqualTo("[{\"name\":\"Hopper, Grace\",\"note\":\"said \\\"hi\\\"\\nthen left\"},"
                        + "{\"name\":\"\",\"note\":\"plain\"}]");
        assertThatThrownBy(() -> read("h\n\"never closed\n", "{\"InputType\": \"CSV\"}"))
                .isInstanceOfSatisfying(StatesException.class, e -> assertThat(e.cause())
                        .contains("the quoted field begun on line 2 has no closing quote"));
    }

    @Test
    void anInputTypeNotReadHereIsNamed() {
        assertThatThrownBy(() -> read("{}", "{\"InputType\": \"MANIFEST\"}"))
                .isInstanceOfSatisfying(StatesException.class, e -> assertThat(e.cause()).contains("MANIFEST"));
    }
}
