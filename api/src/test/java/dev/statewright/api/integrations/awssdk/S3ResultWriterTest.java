package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.TaskIntegrations;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.ResultWrite;
import dev.statewright.interpreter.engine.ResultWriterRequest;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Distributed Map's ResultWriter writes through the service's integrations to a real S3
 * (s3proxy): result files and the manifest where AWS puts them, read back byte for byte; the same
 * Resource as an ordinary task is not taken for a ResultWriter.
 */
class S3ResultWriterTest {
    private static final String RUN_ID = "0f4b6c9e-1111-2222-3333-444455556666";
    private static final String MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:machine/Fan:" + RUN_ID;
    private static LocalS3 s3;
    private static S3Client client;
    private static AwsSdkTaskHandler sdk;
    private static TaskHandlers integrations;

    @BeforeAll
    static void start() throws Exception {
        s3 = new LocalS3();
        client = s3.client();
        sdk = new AwsSdkTaskHandler(new ServiceEndpoints(Map.of("s3", s3.endpoint()), false), "us-east-1");
        integrations = TaskIntegrations.handlers(null, "us-east-1", "123456789012", sdk);
        client.createBucket(b -> b.bucket("results"));
    }

    @AfterAll
    static void stop() throws Exception {
        sdk.close();
        client.close();
        s3.close();
    }

    private static ResultWriterRequest writer(String parameters, ResultWriterRequest.OutputType type) {
        return new ResultWriterRequest(S3ResultWriter.PUT_OBJECT, (ObjectNode) Json.parse(parameters),
                ResultWriterRequest.Transformation.NONE, type);
    }

    private static JsonNode call(String resource, JsonNode input) {
        try {
            return integrations.forResource(resource).invoke(new TaskRequest(resource, input, "Fan", Json.object(),
                    null, () -> {
            })).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static JsonNode write(ResultWrite write) {
        return call(S3ResultWriter.PUT_OBJECT, write.asTaskInput());
    }

    private static String object(String bucket, String key) {
        return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void aPartIsOneJsonArrayUnderThePrefixAndTheMapRunsId() {
        ArrayNode results = (ArrayNode) Json.parse("""
                [{"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:machine/Fan:1", "Input": "{\\"n\\":1}",
                  "Output": "\\"é\\"", "Status": "SUCCEEDED"},
                 {"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:machine/Fan:2", "Input": "{}",
                  "Output": "2", "Status": "SUCCEEDED"}]""");

        JsonNode answer = write(new ResultWrite.Part(writer("{\"Bucket\": \"results\", \"Prefix\": \"runs\"}",
                ResultWriterRequest.OutputType.JSON), MAP_RUN, "SUCCEEDED", 0, results));

        String key = "runs/" + RUN_ID + "/SUCCEEDED_0.json";
        String expected = Json.write(results);
        assertThat(answer).isEqualTo(Json.object().put("Key", key)
                .put("Size", expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(object("results", key)).isEqualTo(expected);
    }

    @Test
    void aJsonlPartHoldsAResultALine() {
        ArrayNode results = (ArrayNode) Json.parse("[{\"a\": 1}, [2], \"three\"]");

        JsonNode answer = write(new ResultWrite.Part(writer("{\"Bucket\": \"results\", \"Prefix\": \"lines/\"}",
                ResultWriterRequest.OutputType.JSONL), MAP_RUN, "FAILED", 3, results));

        String key = "lines/" + RUN_ID + "/FAILED_3.json";
        assertThat(answer.path("Key").asText()).isEqualTo(key);
        assertThat(object("results", key)).isEqualTo("{\"a\":1}\n[2]\n\"three\"\n");
        assertThat(answer.path("Size").asInt()).isEqualTo("{\"a\":1}\n[2]\n\"three\"\n".length());
    }

    @Test
    void withoutAPrefixTheFilesAreUnderTheMapRunsIdAlone() {
        JsonNode answer = write(new ResultWrite.Part(writer("{\"Bucket\": \"results\"}", ResultWriterRequest.OutputType.JSON),
                MAP_RUN, "PENDING", 0, Json.NODES.arrayNode()));

        assertThat(answer.path("Key").asText()).isEqualTo(RUN_ID + "/PENDING_0.json");
        assertThat(object("results", RUN_ID + "/PENDING_0.json")).isEqualTo("[]");
    }

    @Test
    void theManifestListsTheFilesOfEveryStatusAndIsTheMapsResultWriterDetails() {
        ObjectNode files = (ObjectNode) Json.parse("""
                {"SUCCEEDED": [{"Key": "runs/%1$s/SUCCEEDED_0.json", "Size": 120},
                               {"Key": "runs/%1$s/SUCCEEDED_1.json", "Size": 7}],
                 "FAILED": [{"Key": "runs/%1$s/FAILED_0.json", "Size": 30}]}""".formatted(RUN_ID));

        JsonNode answer = write(new ResultWrite.Manifest(writer("{\"Bucket\": \"results\", \"Prefix\": \"runs\"}",
                ResultWriterRequest.OutputType.JSON), MAP_RUN, files));

        String key = "runs/" + RUN_ID + "/manifest.json";
        assertThat(answer).isEqualTo(Json.parse("{\"Bucket\": \"results\", \"Key\": \"" + key + "\"}"));
        assertThat(object("results", key)).isEqualTo(Json.write(Json.parse("""
                {"DestinationBucket": "results", "MapRunArn": "%2$s",
                 "ResultFiles": {"FAILED": [{"Key": "runs/%1$s/FAILED_0.json", "Size": 30}],
                                 "PENDING": [],
                                 "SUCCEEDED": [{"Key": "runs/%1$s/SUCCEEDED_0.json", "Size": 120},
                                               {"Key": "runs/%1$s/SUCCEEDED_1.json", "Size": 7}]}}""".formatted(RUN_ID, MAP_RUN))));
    }

    @Test
    void aBucketThatIsNotThereFailsWithResultWriterFailedInS3sWords() {
        assertThatThrownBy(() -> write(new ResultWrite.Part(writer("{\"Bucket\": \"no-such-bucket\"}",
                ResultWriterRequest.OutputType.JSON), MAP_RUN, "SUCCEEDED", 0, Json.NODES.arrayNode())))
                .isInstanceOfSatisfying(StatesException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.ResultWriterFailed");
                    assertThat(e.cause()).contains("The specified bucket does not exist", "NoSuchBucket");
                });
        assertThatThrownBy(() -> write(new ResultWrite.Manifest(writer("{\"Prefix\": \"p\"}",
                ResultWriterRequest.OutputType.JSON), MAP_RUN, Json.object())))
                .isInstanceOfSatisfying(StatesException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.ResultWriterFailed");
                    assertThat(e.cause()).contains("need the string field Bucket");
                });
    }

    @Test
    void withoutAnS3EndpointTheWriteFailsWithResultWriterFailedSayingHowToSetOne() {
        try (AwsSdkTaskHandler noEndpoints = new AwsSdkTaskHandler(ServiceEndpoints.none(), "us-east-1")) {
            ResultWrite write = new ResultWrite.Part(writer("{\"Bucket\": \"results\"}", ResultWriterRequest.OutputType.JSON),
                    MAP_RUN, "SUCCEEDED", 0, Json.NODES.arrayNode());
            assertThatThrownBy(() -> new S3ResultWriter(noEndpoints).invoke(new TaskRequest(S3ResultWriter.PUT_OBJECT,
                    write.asTaskInput(), "Fan", Json.object(), null, () -> {
            })).toCompletableFuture().join()).cause().isInstanceOfSatisfying(StatesException.class, e -> {
                assertThat(e.error()).isEqualTo("States.ResultWriterFailed");
                assertThat(e.cause()).contains("'Fan'", "no endpoint", "--endpoint s3=");
            });
        }
    }

    @Test
    void aPutObjectTaskThatIsNoResultWriteIsNotWrittenAsOne() {
        assertThatThrownBy(() -> call(S3ResultWriter.PUT_OBJECT,
                Json.parse("{\"Bucket\": \"results\", \"Key\": \"task.json\", \"Body\": \"x\"}")))
                .isInstanceOfSatisfying(StatesException.class, e -> {
                    assertThat(e.error()).isEqualTo("States.TaskFailed");
                    assertThat(e.cause()).contains("has no integration in Statewright");
                });
        assertThat(client.listObjectsV2(b -> b.bucket("results").prefix("task")).contents()).isEmpty();
    }
}
