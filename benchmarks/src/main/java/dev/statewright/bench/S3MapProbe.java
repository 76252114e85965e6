package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.integrations.awssdk.ServiceEndpoints;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The durable service in this JVM (run by {@link ScaleChecks#s3Map} in a child JVM whose heap it
 * caps) running one Distributed Map that reads its items from a JSONL object in S3, batches them,
 * runs MaxConcurrency children at once and writes their results back to S3 with a ResultWriter:
 * {@code S3MapProbe S3_ENDPOINT BUCKET KEY RESULT_BUCKET}. Prints one line:
 * {@code s3map STATUS SECONDS PEAK_HEAP_MIB OUTPUT} or the error and cause.
 */
public final class S3MapProbe {
    static final int MAX_CONCURRENCY = 1000;
    static final int ITEMS_PER_BATCH = 100;

    private S3MapProbe() {
    }

    static String definition(String bucket, String key, String resultBucket) {
        return """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": %d,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                    "Parameters": {"Bucket": "%s", "Key": "%s"}},
                  "ItemBatcher": {"MaxItemsPerBatch": %d, "BatchInput": {"run": "bench"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Count", "States": {"Count": {"Type": "Pass", "QueryLanguage": "JSONata",
                      "Output": "{%% {'items': $count($states.input.Items), 'sum': $sum($states.input.Items.n)} %%}", "End": true}}},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": {"Bucket": "%s", "Prefix": "bench"},
                    "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}},
                  "End": true}}}
                """.formatted(MAX_CONCURRENCY, bucket, key, ITEMS_PER_BATCH, resultBucket);
    }

    public static void main(String[] args) throws Exception {
        URI s3 = URI.create(args[0]);
        Path dataDirectory = Files.createTempDirectory("statewright-bench-s3map");
        ServiceEndpoints endpoints = ServiceEndpoints.of(Map.of("s3", s3), Map.of(), false);
        try (StatewrightService service = StatewrightService.start(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(dataDirectory).withWaitTimeScale(0).withEndpoints(endpoints))) {
            StepFunctions operations = service.stepFunctions();
            String arn = operations.createStateMachine("s3map", definition(args[1], args[2], args[3]), DurableTarget.ROLE,
                    StateMachineType.STANDARD, Map.of()).arn();
            ProcessMemory.resetPeaks();
            long began = System.nanoTime();
            ExecutionRecord ended = operations.startExecution(arn, null, "{}")
                    .thenCompose(started -> operations.whenFinished(started.arn())).get();
            double seconds = (System.nanoTime() - began) / 1e9;
            if (ended.output() == null) {
                System.out.println("s3map " + ended.status() + " " + ended.error() + " " + ended.cause());
                return;
            }
            JsonNode output = Json.parse(ended.output());
            System.out.println(String.format(Locale.ROOT, "s3map %s %.2f %.1f %s", ended.status(), seconds,
                    ProcessMemory.peaks().heapMiB(), Json.write(output)));
        } finally {
            TempFiles.deleteTree(dataDirectory);
        }
    }
}
