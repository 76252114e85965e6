package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Distributed Map reads its ItemReader's items a page at a time, as it needs them, and writes
 * its children's results through its ResultWriter a file at a time, then the manifest.
 */
class PagedMapTest {
    private static final String GET_OBJECT = "arn:aws:states:::s3:getObject";
    private static final String PUT_OBJECT = "arn:aws:states:::s3:putObject";
    private static final String WORK = "arn:aws:lambda:us-east-1:111111111111:function:work";

    private final List<ItemReaderRequest.Page> pages = new ArrayList<>();
    /** How many child tasks had run when each page was asked for. */
    private final List<Integer> childrenRunAtPage = new ArrayList<>();
    private final AtomicInteger childrenRun = new AtomicInteger();
    private final List<ResultWrite> writes = new ArrayList<>();

    /** A reader of {@code count} items {"n": i}, a page at a time; its token is the next index. */
    private TaskHandler reader(int count) {
        return request -> {
            ItemReaderRequest.Page page = ItemReaderRequest.pageOf(request);
            pages.add(page);
            childrenRunAtPage.add(childrenRun.get());
            int from = page.after() == null ? 0 : page.after().intValue();
            int to = Math.min(count, from + page.limit());
            ArrayNode items = Json.NODES.arrayNode();
            for (int i = from; i < to; i++) {
                items.addObject().put("n", i);
            }
            return CompletableFuture.completedFuture(new ItemsRead(items,
                    to >= count ? null : Json.NODES.numberNode(to)).toJson());
        };
    }

    private final TaskHandler writer = request -> {
        ResultWrite write = ResultWrite.of(request);
        writes.add(write);
        if (write instanceof ResultWrite.Part part) {
            return CompletableFuture.completedFuture(Json.object().put("Key", "p/" + part.status() + "_" + part.number())
                    .put("Size", part.results().size()));
        }
        return CompletableFuture.completedFuture(Json.object().put("Bucket", "results").put("Key", "p/manifest.json"));
    };

    /** Children run a task that fails for items whose n is below {@code failBelow}. */
    private ExecutionResult run(String mapFields, int items, int failBelow, TaskHandler resultWriter) {
        String definition = """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", %s
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                    "Parameters": {"Bucket": "b", "Key": "items.jsonl"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}},
                  "End": true}}}""".formatted(mapFields, WORK);
        TaskHandler work = request -> {
            childrenRun.incrementAndGet();
            JsonNode input = request.input();
            int n = input.has("Items") ? input.get("Items").get(0).get("n").intValue() : input.path("n").intValue();
            return n < failBelow ? CompletableFuture.failedFuture(new StatesException("Item.Bad", "item " + n))
                    : CompletableFuture.completedFuture(input);
        };
        return new Engine(TaskHandlers.builder().resource(GET_OBJECT, reader(items)).resource(WORK, work)
                .resource(PUT_OBJECT, resultWriter).build()).run(DefinitionParser.parse(definition), Json.object());
    }

    @Test
    void itemsAreReadAPageAtATimeWhileTheChildrenRun() {
        ExecutionResult result = run("\"MaxConcurrency\": 10,", 5_500, -1, writer);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).hasSize(5_500);
        assertThat(result.output().get(5_499)).isEqualTo(Json.parse("{\"n\": 5499}"));
        assertThat(pages).extracting(ItemReaderRequest.Page::limit).containsOnly(MapItemFeed.PAGE_ITEMS);
        assertThat(pages).hasSize(6);
        // A page is asked for only once fewer items wait than may run: never all of them up front.
        for (int page = 1; page < pages.size(); page++) {
            assertThat(childrenRunAtPage.get(page)).isGreaterThanOrEqualTo(page * MapItemFeed.PAGE_ITEMS - 10);
        }
    }

    @Test
    void batchesSpanPagesAsOnePassWouldCutThem() {
        ExecutionResult result = run("\"ItemBatcher\": {\"MaxItemsPerBatch\": 300},", 2_500, -1, writer);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).hasSize(9); // 8 of 300 and one of 100
        List<Integer> firsts = new ArrayList<>();
        int total = 0;
        for (JsonNode batch : result.output()) {
            firsts.add(batch.get("Items").get(0).get("n").intValue());
            total += batch.get("Items").size();
        }
        assertThat(firsts).containsExactly(0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400);
        assertThat(total).isEqualTo(2_500);
    }

    @Test
    void maxItemsIsCountedAcrossPages() {
        ExecutionResult result = run("", 0, -1, writer);
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEmpty();

        pages.clear();
        String definition = """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL", "MaxItems": 1500},
                    "Parameters": {"Bucket": "b", "Key": "items.jsonl"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Keep", "States": {"Keep": {"Type": "Pass", "End": true}}},
                  "End": true}}}""";
        ExecutionResult limited = new Engine(TaskHandlers.builder().resource(GET_OBJECT, reader(5_000)).build())
                .run(DefinitionParser.parse(definition), Json.object());
        assertThat(limited.output()).hasSize(1_500);
        assertThat(pages).extracting(ItemReaderRequest.Page::limit).containsExactly(1_000, 500);
    }

    @Test
    void exportedResultsGoToFilesOfAThousandThenTheManifest() {
        ExecutionResult result = run("""
                "ToleratedFailureCount": 5,
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results", "Prefix": "p"}},
                """, 2_500, 3, writer);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String mapRunArn = result.output().get("MapRunArn").asText();
        assertThat(mapRunArn).contains(":mapRun:");
        assertThat(result.output().get("ResultWriterDetails")).isEqualTo(
                Json.parse("{\"Bucket\": \"results\", \"Key\": \"p/manifest.json\"}"));
        List<ResultWrite.Part> parts = writes.stream().filter(ResultWrite.Part.class::isInstance)
                .map(ResultWrite.Part.class::cast).toList();
        assertThat(parts).extracting(p -> p.status() + p.number() + ":" + p.results().size())
                .containsExactly("SUCCEEDED0:1000", "SUCCEEDED1:1000", "SUCCEEDED2:497", "FAILED0:3");
        ObjectNode succeeded = (ObjectNode) parts.get(0).results().get(0);
        assertThat(succeeded.get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(succeeded.get("Input").asText())).isEqualTo(Json.parse(succeeded.get("Output").asText()));
        assertThat(succeeded.get("ExecutionArn").asText()).startsWith(mapRunArn.substring(0, mapRunArn.lastIndexOf(':'))
                .replace(":mapRun:", ":execution:"));
        assertThat(succeeded.get("StateMachineArn").asText()).isEqualTo(mapRunArn.substring(0, mapRunArn.lastIndexOf(':'))
                .replace(":mapRun:", ":stateMachine:"));
        JsonNode failed = parts.get(3).results().get(0);
        assertThat(failed.get("Status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("Error").asText()).isEqualTo("Item.Bad");
        assertThat(failed.has("Output")).isFalse();
        ResultWrite.Manifest manifest = (ResultWrite.Manifest) writes.get(writes.size() - 1);
        assertThat(manifest.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(manifest.files().get("SUCCEEDED")).extracting(f -> f.get("Key").asText())
                .containsExactly("p/SUCCEEDED_0", "p/SUCCEEDED_1", "p/SUCCEEDED_2");
        assertThat(manifest.files().get("FAILED")).hasSize(1);
        assertThat(manifest.files().get("PENDING")).isEmpty();
    }

    @Test
    void compactAndFlattenShapeWhatIsWritten() {
        run("""
                "ItemBatcher": {"MaxItemsPerBatch": 2},
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results"},
                  "WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSONL"}},
                """, 5, -1, writer);
        ResultWrite.Part part = (ResultWrite.Part) writes.get(0);
        assertThat(part.writer().outputType()).isEqualTo(ResultWriterRequest.OutputType.JSONL);
        // Each child echoes its batch {"Items": [...]}: an object, so FLATTEN keeps it whole.
        assertThat(part.results()).hasSize(3);

        ExecutionResult previewed = run("""
                "ResultWriter": {"WriterConfig": {"Transformation": "NONE", "OutputType": "JSON"}},
                """, 2, -1, writer);
        assertThat(previewed.output()).hasSize(2);
        assertThat(previewed.output().get(0).get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(previewed.output().get(1).get("Output").asText())).isEqualTo(Json.parse("{\"n\": 1}"));
    }

    @Test
    void aToleratedPercentageIsJudgedAgainstEveryItemOnceAllAreRead() {
        // 15 failures among the first 1,000 items read would be 1.5%; of all 2,000 they are 0.75%.
        ExecutionResult tolerated = run("\"MaxConcurrency\": 20, \"ToleratedFailurePercentage\": 1,", 2_000, 15, writer);
        assertThat(tolerated.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        ExecutionResult exceeded = run("\"MaxConcurrency\": 20, \"ToleratedFailurePercentage\": 1,", 1_000, 15, writer);
        assertThat(exceeded.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(exceeded.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void aWriteThatFailsFailsTheMapWithResultWriterFailed() {
        ExecutionResult result = run("""
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "results"}},
                """, 3, -1, request -> CompletableFuture.failedFuture(
                new StatesException("S3.NoSuchBucketException", "The specified bucket does not exist")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.ResultWriterFailed");
        assertThat(result.cause()).contains("The specified bucket does not exist");
    }
}
