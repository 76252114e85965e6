package dev.statewright.api.integrations.awssdk;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The items an ItemReader read are journaled with the execution: after a restart the Map goes on
 * with them, though the object in S3 has changed in between, and S3 is not read again.
 */
class ItemReaderRestartTest {
    private static final String DEFINITION = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 1,
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                "Parameters": {"Bucket": "restart", "Key": "items.json"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 1, "End": true}}},
              "End": true}}}""";

    @TempDir
    Path data;
    private LocalS3 s3;
    private S3Client s3Client;

    @AfterEach
    void stop() throws Exception {
        if (s3Client != null) {
            s3Client.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aRestartedExecutionMapsTheItemsReadBeforeNotTheObjectAsItIsNow() throws Exception {
        s3 = new LocalS3();
        s3Client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        s3Client.createBucket(b -> b.bucket("restart"));
        s3Client.putObject(b -> b.bucket("restart").key("items.json"), RequestBody.fromString("[1, 2, 3]"));
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(data).withWaitTimeScale(1)
                .withEndpoints(new ServiceEndpoints(Map.of("s3", s3.endpoint()), false));

        String execution;
        try (StatewrightService before = StatewrightService.start(config);
             SfnClient sfn = SfnTestClients.client(before.port())) {
            String machine = sfn.createStateMachine(b -> b.name("reads").definition(DEFINITION)
                    .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
            execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
            String mapRun = until("the MapRunStarted event", () -> mapRunArn(sfn, execution));
            until("the items read", () -> itemsRead(sfn, mapRun) == 3 ? Boolean.TRUE : null);
        }
        s3Client.putObject(b -> b.bucket("restart").key("items.json"), RequestBody.fromString("[7, 8, 9, 10]"));

        try (StatewrightService after = StatewrightService.start(config);
             SfnClient sfn = SfnTestClients.client(after.port())) {
            assertThat(after.resumedExecutions()).isEqualTo(1);
            DescribeExecutionResponse ended = SfnTestClients.awaitEnd(sfn, execution);
            assertThat(ended.status()).as(ended.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(Json.parse(ended.output())).isEqualTo(Json.parse("[1, 2, 3]"));
        }
    }

    /** How many items the Map Run counts; 0 before its record is stored (a moment after MapRunStarted shows). */
    private static int itemsRead(SfnClient sfn, String mapRun) {
        try {
            return sfn.describeMapRun(b -> b.mapRunArn(mapRun)).itemCounts().total().intValue();
        } catch (ResourceNotFoundException notStoredYet) {
            return 0;
        }
    }

    private static String mapRunArn(SfnClient sfn, String execution) {
        for (HistoryEvent event : sfn.getExecutionHistory(b -> b.executionArn(execution)).events()) {
            if (event.mapRunStartedEventDetails() != null) {
                return event.mapRunStartedEventDetails().mapRunArn();
            }
        }
        return null;
    }

    private static <T> T until(String what, java.util.function.Supplier<T> read) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            T found = read.get();
            if (found != null) {
                return found;
            }
            try {
                Thread.sleep(20); // polling the service's state, not waiting for it to be ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
