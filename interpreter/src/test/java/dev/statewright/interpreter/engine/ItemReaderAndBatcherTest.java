package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Map whose ItemReader the engine hands to the task handler registered for its Resource (the
 * engine reads nothing itself), and an ItemBatcher that groups the items into batches.
 */
class ItemReaderAndBatcherTest {
    private static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    private final List<ItemReaderRequest> reads = new ArrayList<>();

    private ExecutionResult run(String mapFields, String input, TaskHandler reader) {
        String definition = """
                {"StartAt": "Load", "States": {"Load": {"Type": "Pass", "Assign": {"perBatch": 2}, "Next": "Each"},
                  "Each": {"Type": "Map", %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": true}}},
                  "End": true}}}""".formatted(mapFields);
        TaskHandler recording = request -> {
            reads.add(ItemReaderRequest.of(request));
            return reader.invoke(request);
        };
        return new Engine(TaskHandlers.builder().resource(GET_OBJECT, recording).build())
                .run(DefinitionParser.parse(definition), Json.parse(input));
    }

    private static TaskHandler answering(String items) {
        return request -> CompletableFuture.completedFuture(Json.parse(items));
    }

    private static List<String> types(ExecutionResult result) {
        return result.history().stream().map(HistoryEvent::type).toList();
    }

    @Test
    void theReadersItemsAreIteratedWithItsParametersAndMaxItemsPathResolved() {
        ExecutionResult result = run("""
                "ItemsPath": "$.ignored",
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.max"},
                  "Parameters": {"Bucket.$": "$.bucket", "Key": "file.csv"}},
                """, "{\"bucket\": \"b\", \"max\": 2, \"ignored\": [9]}", answering("[{\"a\": \"1\"}, {\"a\": \"2\"}]"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[{\"a\": \"1\"}, {\"a\": \"2\"}]"));
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).parameters()).isEqualTo(Json.parse("{\"Bucket\": \"b\", \"Key\": \"file.csv\"}"));
        assertThat(reads.get(0).maxItems()).isEqualTo(2);
        assertThat(reads.get(0).inputType()).isEqualTo("CSV");
        assertThat(types(result)).containsSubsequence("MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                "MapStateSucceeded");
    }

    @Test
    void aFailedReadFailsTheMapRunWithItemReaderFailed() {
        ExecutionResult result = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                  "Parameters": {"Bucket": "b", "Key": "missing.json"}},
                """, "{}", request -> CompletableFuture.failedFuture(
                new StatesException("S3.NoSuchKeyException", "The specified key does not exist.")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(result.cause()).contains("The specified key does not exist.");
        assertThat(types(result)).containsSubsequence("MapRunStarted", "MapRunFailed", "MapStateFailed", "ExecutionFailed");
    }

    @Test
    void aNegativeMaxItemsOrRepeatedCsvHeadersFailBeforeAnythingIsRead() {
        ExecutionResult negative = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.max"}, "Parameters": {"Bucket": "b", "Key": "k"}},
                """, "{\"max\": -1}", answering("[]"));
        ExecutionResult repeated = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["A", "A"]},
                  "Parameters": {"Bucket": "b", "Key": "k"}},
                """, "{}", answering("[]"));

        assertThat(negative.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(negative.cause()).isEqualTo("field MaxItems must be positive");
        assertThat(repeated.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(repeated.cause()).isEqualTo("CSV headers cannot contain duplicates.");
        assertThat(reads).isEmpty();
    }

    @Test
    void aMaxItemsPathThatIsNoIntegerFailsTheStateWithStatesRuntime() {
        ExecutionResult result = run("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "JSON", "MaxItemsPath": "$.max"}, "Parameters": {"Bucket": "b", "Key": "k"}},
                """, "{\"max\": 1.5}", answering("[]"));

        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).contains("The MaxItemsPath field refers to value \"1.5\" which is not a valid integer: $.max");
        assertThat(types(result)).doesNotContain("MapRunStarted");
    }

    @Test
    void theBatcherGroupsItemsByCountWithTheBatchInputBeside() {
        ExecutionResult result = run("""
                "ItemBatcher": {"MaxItemsPerBatchPath": "$perBatch", "BatchInput": {"from.$": "$.from"}},
                "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                """, "{\"from\": \"test\", \"list\": 0}", answering("[]"));
        // The input is no array: this Map reads none, so ItemsPath must give the items.
        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);

        ExecutionResult batched = run("""
                "ItemsPath": "$.list",
                "ItemBatcher": {"MaxItemsPerBatchPath": "$perBatch", "BatchInput": {"from.$": "$.from"}},
                "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                """, "{\"from\": \"test\", \"list\": [1, 2, 3, 4, 5]}", answering("[]"));

        assertThat(batched.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(batched.output()).isEqualTo(Json.parse("""
                [{"BatchInput": {"from": "test"}, "Items": [{"v": 1}, {"v": 2}]},
                 {"BatchInput": {"from": "test"}, "Items": [{"v": 3}, {"v": 4}]},
                 {"BatchInput": {"from": "test"}, "Items": [{"v": 5}]}]"""));
    }

    @Test
    void theBatcherKeepsEachBatchWithinMaxInputBytesButPutsAtLeastOneItemInEach() {
        ExecutionResult result = run("""
                "ItemBatcher": {"MaxInputBytesPerBatch": 30},
                """, "[\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccccccccccccccccccccccccccccc\"]", answering("[]"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("""
                [{"Items": ["aaaaaaaaaa"]}, {"Items": ["bbbbbbbbbb"]}, {"Items": ["cccccccccccccccccccccccccccccccccccc"]}]"""));
    }

    @Test
    void jsonataArgumentsMaxItemsAndBatcherAreEvaluated() {
        String definition = """
                {"QueryLanguage": "JSONata", "StartAt": "Each", "States": {"Each": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.max %}"},
                    "Arguments": {"Bucket": "{% $states.input.bucket %}", "Key": "k.json"}},
                  "ItemBatcher": {"MaxItemsPerBatch": "{% 2 %}", "BatchInput": {"at": "{% $states.input.bucket %}"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": true}}},
                  "End": true}}}""";
        TaskHandler reader = request -> {
            reads.add(ItemReaderRequest.of(request));
            return CompletableFuture.completedFuture(Json.parse("[1, 2, 3]"));
        };
        ExecutionResult result = new Engine(TaskHandlers.builder().resource(GET_OBJECT, reader).build())
                .run(DefinitionParser.parse(definition), Json.parse("{\"bucket\": \"b\", \"max\": 3}"));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(reads.get(0).parameters()).isEqualTo(Json.parse("{\"Bucket\": \"b\", \"Key\": \"k.json\"}"));
        assertThat(reads.get(0).maxItems()).isEqualTo(3);
        JsonNode expected = Json.parse("""
                [{"BatchInput": {"at": "b"}, "Items": [1, 2]}, {"BatchInput": {"at": "b"}, "Items": [3]}]""");
        assertThat(result.output()).isEqualTo(expected);
    }
}
