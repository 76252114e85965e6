package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ItemReaderRequest;
import dev.statewright.interpreter.engine.ItemsRead;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 ItemReader read a page at a time, as the engine asks for it, against a real S3
 * (s3proxy): every input type paged with small limits gives what one whole read gives, a page
 * goes on from its token's byte offset (a Range) and fails if the object changed in between.
 */
class S3PagedItemReaderTest {
    private static final String BUCKET = "paged";
    private static final int COUNT = 30;
    private static LocalS3 s3;
    private static S3Client client;
    private static AwsSdkTaskHandler sdk;
    private static S3ItemReader reader;

    @BeforeAll
    static void start() throws Exception {
        s3 = new LocalS3();
        client = s3.client();
        sdk = new AwsSdkTaskHandler(new ServiceEndpoints(Map.of("s3", s3.endpoint()), false), "us-east-1");
        reader = new S3ItemReader(sdk);
        client.createBucket(b -> b.bucket(BUCKET));
        StringBuilder json = new StringBuilder("[\n");
        StringBuilder lines = new StringBuilder();
        StringBuilder csv = new StringBuilder("id,note\r\n");
        for (int i = 0; i < COUNT; i++) {
            json.append(i == 0 ? "  " : " ,\n  ").append("{\"id\": ").append(i).append(", \"name\": \"n-é-").append(i)
                    .append("\", \"tags\": [").append(i).append(", \"]\"]}");
            lines.append("{\"id\": ").append(i).append("}\n").append(i % 10 == 0 ? "\n" : "");
            // Every third record has a quoted note over three lines, so page boundaries fall inside and after them.
            csv.append(i).append(',').append(i % 3 == 0 ? "\"line one, " + i + "\r\nline \"\"two\"\"\nline three\"" : "plain " + i)
                    .append("\r\n");
        }
        put("items.json", json.append("\n]\n").toString());
        put("items.jsonl", lines.toString());
        put("items.csv", csv.toString());
        for (int i = 0; i < 23; i++) {
            put("many/object-%03d.json".formatted(i), "{}".repeat(i + 1));
        }
        put("other/outside.json", "{}");
    }

    @AfterAll
    static void stop() throws Exception {
        sdk.close();
        client.close();
        s3.close();
    }

    private static void put(String key, String content) {
        client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static ObjectNode readerInput(String parameters, String readerConfig) {
        return new ItemReaderRequest("ignored", (ObjectNode) Json.parse(parameters), (ObjectNode) Json.parse(readerConfig))
                .asTaskInput();
    }

    private static JsonNode call(String resource, ObjectNode input) {
        try {
            return reader.invoke(new TaskRequest(resource, input, "Each", Json.object(), null, () -> {
            })).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static ItemsRead page(String resource, String parameters, String readerConfig, JsonNode after, int limit) {
        ObjectNode input = readerInput(parameters, readerConfig);
        ObjectNode page = input.putObject("Page");
        page.set("After", after == null ? Json.NODES.nullNode() : after);
        page.put("Limit", limit);
        return ItemsRead.fromAnswer(call(resource, input));
    }

    /** Every page in turn, each at most {@code limit} items, joined. */
    private static ArrayNode paged(String resource, String parameters, String readerConfig, int limit) {
        ArrayNode all = Json.NODES.arrayNode();
        JsonNode after = null;
        int pages = 0;
        do {
            ItemsRead read = page(resource, parameters, readerConfig, after, limit);
            assertThat(read.items().size()).isLessThanOrEqualTo(limit);
            all.addAll(read.items());
            after = read.after();
            assertThat(++pages).as("pages").isLessThanOrEqualTo(COUNT + 1);
        } while (after != null);
        return all;
    }

    private static void pagesMatchTheWholeRead(String resource, String parameters, String readerConfig, int expected) {
        JsonNode whole = call(resource, readerInput(parameters, readerConfig));
        assertThat(whole).hasSize(expected);
        for (int limit : new int[]{1, 4, 50}) {
            assertThat(paged(resource, parameters, readerConfig, limit)).as("limit " + limit).isEqualTo(whole);
        }
    }

    @Test
    void eachInputTypeReadInSmallPagesGivesTheWholeReadsItems() {
        String bucket = "{\"Bucket\": \"" + BUCKET + "\", \"Key\": \"items.%s\"}";
        pagesMatchTheWholeRead(S3ItemReader.GET_OBJECT, bucket.formatted("json"), "{\"InputType\": \"JSON\"}", COUNT);
        pagesMatchTheWholeRead(S3ItemReader.GET_OBJECT, bucket.formatted("jsonl"), "{\"InputType\": \"JSONL\"}", COUNT);
        pagesMatchTheWholeRead(S3ItemReader.GET_OBJECT, bucket.formatted("csv"),
                "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"FIRST_ROW\"}", COUNT);
        pagesMatchTheWholeRead(S3ItemReader.GET_OBJECT, bucket.formatted("csv"),
                "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"GIVEN\", \"CSVHeaders\": [\"a\", \"b\"]}", COUNT + 1);
        JsonNode multiLine = call(S3ItemReader.GET_OBJECT, readerInput(bucket.formatted("csv"),
                "{\"InputType\": \"CSV\"}")).get(3);
        assertThat(multiLine).isEqualTo(Json.parse("{\"id\": \"3\", \"note\": \"line one, 3\\r\\nline \\\"two\\\"\\nline three\"}"));
    }

    @Test
    void maxItemsLimitsAWholeReadButNotPagesForTheEngineCountsThem() {
        String parameters = "{\"Bucket\": \"" + BUCKET + "\", \"Key\": \"items.jsonl\"}";
        assertThat(call(S3ItemReader.GET_OBJECT, readerInput(parameters, "{\"InputType\": \"JSONL\", \"MaxItems\": 5}")))
                .hasSize(5);
        assertThat(paged(S3ItemReader.GET_OBJECT, parameters, "{\"InputType\": \"JSONL\", \"MaxItems\": 5}", 40))
                .hasSize(COUNT);
    }

    @Test
    void aPageStartsAtTheByteOffsetItsTokenNames() {
        String parameters = "{\"Bucket\": \"" + BUCKET + "\", \"Key\": \"items.jsonl\"}";
        ItemsRead first = page(S3ItemReader.GET_OBJECT, parameters, "{\"InputType\": \"JSONL\"}", null, 2);
        String line = "{\"id\": 20}\n";
        String content = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("items.jsonl")).asUtf8String();
        ObjectNode token = ((ObjectNode) first.after()).deepCopy().put("Offset", content.indexOf(line));

        ItemsRead later = page(S3ItemReader.GET_OBJECT, parameters, "{\"InputType\": \"JSONL\"}", token, 2);

        assertThat(later.items()).isEqualTo(Json.parse("[{\"id\": 20}, {\"id\": 21}]"));
        assertThat(later.after().path("Offset").asInt()).isEqualTo(content.indexOf("{\"id\": 22}"));
        assertThat(later.after().path("ETag").asText()).isEqualTo(first.after().path("ETag").asText()).isNotEmpty();
    }

    @Test
    void anObjectChangedBetweenPagesFailsTheReadWithItemReaderFailed() {
        put("changing.jsonl", "1\n2\n3\n4\n");
        String parameters = "{\"Bucket\": \"" + BUCKET + "\", \"Key\": \"changing.jsonl\"}";
        ItemsRead first = page(S3ItemReader.GET_OBJECT, parameters, "{\"InputType\": \"JSONL\"}", null, 2);
        assertThat(first.items()).isEqualTo(Json.parse("[1, 2]"));
        put("changing.jsonl", "1\n2\n3\n4\n5\n");

        assertThatThrownBy(() -> page(S3ItemReader.GET_OBJECT, parameters, "{\"InputType\": \"JSONL\"}", first.after(), 2))
                .isInstanceOfSatisfying(StatesException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
                    assertThat(e.cause()).contains("s3://paged/changing.jsonl changed during the Map Run");
                });
    }

    @Test
    void listObjectsV2PagesResumeAfterTheLastKeyReturned() {
        String parameters = "{\"Bucket\": \"" + BUCKET + "\", \"Prefix\": \"many/\"}";
        pagesMatchTheWholeRead(S3ItemReader.LIST_OBJECTS_V2, parameters, "{}", 23);
        ItemsRead first = page(S3ItemReader.LIST_OBJECTS_V2, parameters, "{}", null, 4);
        assertThat(first.after()).isEqualTo(Json.parse("{\"StartAfter\": \"many/object-003.json\"}"));
        assertThat(first.items().get(3).path("Size").asInt()).isEqualTo(8);
        ItemsRead last = page(S3ItemReader.LIST_OBJECTS_V2, parameters, "{}",
                Json.parse("{\"StartAfter\": \"many/object-020.json\"}"), 4);
        assertThat(last.isLast()).isTrue();
        assertThat(last.items()).extracting(item -> item.path("Key").asText())
                .containsExactly("many/object-021.json", "many/object-022.json");
    }

    @Test
    void aManifestsItemsAreTheRowsOfTheInventoryFilesItLists() throws IOException {
        client.createBucket(b -> b.bucket("inventory"));
        client.putObject(b -> b.bucket("inventory").key("data/one.csv.gz"), RequestBody.fromBytes(gzip(
                "\"source\",\"photos/a.jpg\",\"100\"\n\"source\",\"photos/b, c.jpg\",\"200\"\n")));
        client.putObject(b -> b.bucket("inventory").key("data/two.csv.gz"), RequestBody.fromBytes(gzip(
                "\"source\",\"photos/d.jpg\",\"300\"\n\"source\",\"photos/e.jpg\",\"400\"\n\"source\",\"photos/f.jpg\",\"500\"\n")));
        client.putObject(b -> b.bucket("inventory").key("source/config/2026-12-03T00-00Z/manifest.json"),
                RequestBody.fromString("""
                        {"sourceBucket": "source", "destinationBucket": "arn:aws:s3:::inventory", "version": "2016-11-30",
                         "creationTimestamp": "1764720000000", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size",
                         "files": [{"key": "data/one.csv.gz", "size": 60, "MD5checksum": "x"},
                                   {"key": "data/two.csv.gz", "size": 70, "MD5checksum": "y"}]}"""));
        String parameters = "{\"Bucket\": \"inventory\", \"Key\": \"source/config/2026-12-03T00-00Z/manifest.json\"}";

        JsonNode whole = call(S3ItemReader.GET_OBJECT, readerInput(parameters, "{\"InputType\": \"MANIFEST\"}"));

        assertThat(whole).isEqualTo(Json.parse("""
                [{"Bucket": "source", "Key": "photos/a.jpg", "Size": "100"},
                 {"Bucket": "source", "Key": "photos/b, c.jpg", "Size": "200"},
                 {"Bucket": "source", "Key": "photos/d.jpg", "Size": "300"},
                 {"Bucket": "source", "Key": "photos/e.jpg", "Size": "400"},
                 {"Bucket": "source", "Key": "photos/f.jpg", "Size": "500"}]"""));
        for (int limit = 1; limit <= 5; limit++) {
            assertThat(paged(S3ItemReader.GET_OBJECT, parameters, "{\"InputType\": \"MANIFEST\"}", limit))
                    .as("limit " + limit).isEqualTo(whole);
        }
        assertThat(call(S3ItemReader.GET_OBJECT, readerInput(parameters, "{\"InputType\": \"MANIFEST\", \"MaxItems\": 3}")))
                .hasSize(3);
    }

    @Test
    void aManifestOfAnotherFormatThanCsvCannotBeRead() {
        put("parquet-manifest.json", "{\"fileFormat\": \"Parquet\", \"fileSchema\": \"message s3.inventory {}\", \"files\": []}");
        assertThatThrownBy(() -> call(S3ItemReader.GET_OBJECT, readerInput("{\"Bucket\": \"" + BUCKET
                + "\", \"Key\": \"parquet-manifest.json\"}", "{\"InputType\": \"MANIFEST\"}")))
                .isInstanceOfSatisfying(StatesException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.ItemReaderFailed");
                    assertThat(e.cause()).contains("Parquet files", "CSV inventory reports only");
                });
    }

    private static byte[] gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
