package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distributed Maps whose ItemReader reads from S3 (s3proxy), through the service: a CSV object,
 * the objects under a prefix, batches of them, and a key that is not there.
 */
class S3ItemReaderTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static LocalS3 s3;
    private static StatewrightService service;
    private static SfnClient sfn;
    private static S3Client s3Client;
    private static final String BUCKET = "items-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        s3 = new LocalS3();
        ServiceEndpoints endpoints = new ServiceEndpoints(Map.of("s3", s3.endpoint()), false);
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withEndpoints(endpoints));
        sfn = SfnTestClients.client(service.port());
        s3Client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        s3Client.createBucket(b -> b.bucket(BUCKET));
        put("people.csv", "name,city\r\nAda,London\r\n\"Hopper, Grace\",\"New \"\"York\"\"\"\r\nAlan,\r\n");
        put("runs/a.json", "{\"n\": 1}");
        put("runs/b.json", "{\"n\": 22}");
        put("runs/c.json", "{\"n\": 333}");
        put("elsewhere.json", "{}");
        s3Client.putObject(b -> b.bucket(BUCKET).key("inventory/data/part-1.csv.gz"),
                RequestBody.fromBytes(gzip("\"src\",\"a.txt\"\n\"src\",\"b.txt\"\n")));
        put("inventory/manifest.json", ("{\"sourceBucket\": \"src\", \"destinationBucket\": \"arn:aws:s3:::%s\","
                + " \"fileFormat\": \"CSV\", \"fileSchema\": \"Bucket, Key\","
                + " \"files\": [{\"key\": \"inventory/data/part-1.csv.gz\", \"size\": 40}]}").formatted(BUCKET));
    }

    private static byte[] gzip(String content) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void put(String key, String content) {
        s3Client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    @AfterAll
    static void stop() throws Exception {
        sfn.close();
        service.close();
        s3Client.close();
        s3.close();
    }

    private static DescribeExecutionResponse run(String mapFields, String input) {
        String definition = """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": true}}},
                  "End": true}}}""".formatted(mapFields);
        String machine = sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn(ROLE)).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
        return SfnTestClients.awaitEnd(sfn, execution);
    }

    private static List<String> types(DescribeExecutionResponse execution) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution.executionArn())).events().stream()
                .map(HistoryEvent::typeAsString).toList();
    }

    @Test
    void aCsvObjectsRecordsAreTheMapsItemsKeyedByItsFirstRow() {
        DescribeExecutionResponse execution = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                  "Parameters": {"Bucket.$": "$.bucket", "Key": "people.csv"}},
                """, Json.write(Json.object().put("bucket", BUCKET)));

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("""
                [{"name": "Ada", "city": "London"}, {"name": "Hopper, Grace", "city": "New \\"York\\""},
                 {"name": "Alan", "city": ""}]"""));
        assertThat(types(execution)).containsSubsequence("MapStateStarted", "MapRunStarted", "MapRunSucceeded");
    }

    @Test
    void aManifestsItemsAreTheRowsOfTheS3InventoryFilesItLists() {
        DescribeExecutionResponse execution = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "MANIFEST"},
                  "Parameters": {"Bucket.$": "$.bucket", "Key": "inventory/manifest.json"}},
                """, Json.write(Json.object().put("bucket", BUCKET)));

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("""
                [{"Bucket": "src", "Key": "a.txt"}, {"Bucket": "src", "Key": "b.txt"}]"""));
    }

    @Test
    void listObjectsV2GivesTheObjectsUnderThePrefixUpToMaxItems() {
        DescribeExecutionResponse execution = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"MaxItems": 2},
                  "Parameters": {"Bucket.$": "$.bucket", "Prefix": "runs/"}},
                """, Json.write(Json.object().put("bucket", BUCKET)));

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output).hasSize(2);
        assertThat(output.get(0).path("Key").asText()).isEqualTo("runs/a.json");
        assertThat(output.get(1).path("Key").asText()).isEqualTo("runs/b.json");
        assertThat(output.get(1).path("Size").asInt()).isEqualTo("{\"n\": 22}".length());
        assertThat(output.get(0).path("Etag").asText()).isNotEmpty();
        assertThat(output.get(0).path("StorageClass").asText()).isEqualTo("STANDARD");
        assertThat(output.get(0).path("LastModified").isNumber()).isTrue();
    }

    @Test
    void theItemBatcherGroupsTheObjectsReadIntoBatchesWithTheBatchInput() {
        DescribeExecutionResponse execution = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
                  "Parameters": {"Bucket.$": "$.bucket", "Prefix": "runs/"}},
                "ItemSelector": {"key.$": "$$.Map.Item.Value.Key"},
                "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"bucket.$": "$.bucket"}},
                """, Json.write(Json.object().put("bucket", BUCKET)));

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("""
                [{"BatchInput": {"bucket": "%s"}, "Items": [{"key": "runs/a.json"}, {"key": "runs/b.json"}]},
                 {"BatchInput": {"bucket": "%s"}, "Items": [{"key": "runs/c.json"}]}]""".formatted(BUCKET, BUCKET)));
    }

    @Test
    void aKeyThatIsNotThereFailsTheMapRunWithItemReaderFailed() {
        DescribeExecutionResponse execution = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                  "Parameters": {"Bucket.$": "$.bucket", "Key": "no-such-key.json"}},
                """, Json.write(Json.object().put("bucket", BUCKET)));

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(execution.cause()).contains("The specified key does not exist.");
        assertThat(types(execution)).containsSubsequence("MapRunStarted", "MapRunFailed", "MapStateFailed",
                "ExecutionFailed");
    }
}
