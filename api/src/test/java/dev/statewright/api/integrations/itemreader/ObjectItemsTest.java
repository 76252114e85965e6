package dev.statewright.api.integrations.itemreader;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.engine.ItemsRead;
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

    /**
     * Reads {@code content} a page of {@code limit} items at a time, each page from the byte its
     * cursor names (as S3's Range would give it), checking each page's size.
     */
    private static ArrayNode paged(String content, String readerConfig, int limit) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ItemReaderRequest read = new ItemReaderRequest("arn:aws:states:::s3:getObject", Json.object(),
                (ObjectNode) Json.parse(readerConfig));
        ArrayNode all = Json.NODES.arrayNode();
        ObjectNode cursor = null;
        int pages = 0;
        do {
            int offset = cursor == null ? 0 : cursor.path("Offset").asInt();
            ItemsRead page = ObjectItems.page(new ByteArrayInputStream(bytes, offset, bytes.length - offset), read,
                    cursor, limit, "s3://b/k");
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.items());
            cursor = (ObjectNode) page.after();
            assertThat(++pages).as("pages").isLessThan(100);
        } while (cursor != null);
        return all;
    }

    private static void pagesMatchTheWholeRead(String content, String readerConfig) {
        String whole = read(content, readerConfig);
        assertThat(Json.parse(whole)).isNotEmpty();
        for (int limit = 1; limit <= 5; limit++) {
            assertThat(Json.write(paged(content, readerConfig, limit))).as("limit " + limit).isEqualTo(whole);
        }
    }

    @Test
    void aJsonArrayReadInPagesFromByteOffsetsGivesTheSameItems() {
        pagesMatchTheWholeRead(" [ 1,2 , -3.5e2,\"a,]\" ,{\"b\": [1, {\"c\": \"]\"}]},\n[ ],true,null, \"é€😀\" ,\t{} ]  ",
                "{\"InputType\": \"JSON\"}");
        assertThat(paged("[]", "{\"InputType\": \"JSON\"}", 1)).isEmpty();
    }

    @Test
    void aJsonArrayPageEndsWhereTheArrayDoes() {
        ItemReaderRequest read = new ItemReaderRequest("arn:aws:states:::s3:getObject", Json.object(),
                (ObjectNode) Json.parse("{\"InputType\": \"JSON\"}"));
        ItemsRead first = ObjectItems.page(stream("[10, 20, 30]"), read, null, 2, "s3://b/k");
        assertThat(Json.write(first.items())).isEqualTo("[10,20]");
        assertThat(first.after().path("Offset").asInt()).isEqualTo("[10, 20".length());
        ItemsRead last = ObjectItems.page(stream("[10, 20, 30]"), read, null, 3, "s3://b/k");
        assertThat(last.isLast()).isTrue();
    }

    @Test
    void jsonLinesReadInPagesGiveTheSameItemsAndKeepCountingLines() {
        pagesMatchTheWholeRead("{\"a\": 1}\n\n[2]\r\n\"x\"\n  \n\"é😀\"\n7\n\n", "{\"InputType\": \"JSONL\"}");
        ItemReaderRequest read = new ItemReaderRequest("arn:aws:states:::s3:getObject", Json.object(),
                (ObjectNode) Json.parse("{\"InputType\": \"JSONL\"}"));
        String content = "1\n\n2\n{oops\n";
        ItemsRead first = ObjectItems.page(stream(content), read, null, 2, "s3://b/k");
        assertThat(first.after().path("Offset").asInt()).isEqualTo("1\n\n2\n".length());
        int offset = first.after().path("Offset").asInt();
        assertThatThrownBy(() -> ObjectItems.page(stream(content.substring(offset)), read, (ObjectNode) first.after(), 2,
                "s3://b/k")).isInstanceOfSatisfying(StatesException.class, e -> assertThat(e.cause())
                .startsWith("Line 4 of s3://b/k"));
    }

    @Test
    void csvReadInPagesKeepsTheFirstRowsHeadersAndQuotedFieldsThatSpanLines() {
        String content = "name,note\r\n\"Hopper, Grace\",\"said \"\"hi\"\"\r\nthen\nleft\"\r\n\r\n\"\",plain\nAda,\"é,😀\"\n"
                + "\"multi\nline\nname\",\"x\"\nlast,\n";
        pagesMatchTheWholeRead(content, "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"FIRST_ROW\"}");
        pagesMatchTheWholeRead(content, "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"GIVEN\", "
                + "\"CSVHeaders\": [\"A\", \"B\"]}");
        assertThat(Json.write(paged(content, "{\"InputType\": \"CSV\"}", 2).get(3)))
                .isEqualTo("{\"name\":\"multi\\nline\\nname\",\"note\":\"x\"}");
    }

    @Test
    void csvDelimiterNamesTheByteBetweenFields() {
        assertThat(read("a|b\n1|\"x|y\"\n", "{\"InputType\": \"CSV\", \"CSVDelimiter\": \"PIPE\"}"))
                .isEqualTo("[{\"a\":\"1\",\"b\":\"x|y\"}]");
        assertThat(read("a\tb\n1\t2\n", "{\"InputType\": \"CSV\", \"CSVDelimiter\": \"TAB\"}"))
                .isEqualTo("[{\"a\":\"1\",\"b\":\"2\"}]");
        assertThatThrownBy(() -> read("a\n", "{\"InputType\": \"CSV\", \"CSVDelimiter\": \"COLON\"}"))
                .isInstanceOfSatisfying(StatesException.class, e -> assertThat(e.cause()).contains("COLON"));
    }

    @Test
    void anInputTypeNotReadHereIsNamed() {
        assertThatThrownBy(() -> read("{}", "{\"InputType\": \"MANIFEST\"}"))
                .isInstanceOfSatisfying(StatesException.class, e -> assertThat(e.cause()).contains("MANIFEST"));
    }
}
