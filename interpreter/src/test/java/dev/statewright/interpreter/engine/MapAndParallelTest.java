package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.statewright.interpreter.engine.Histories.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Map and Parallel states: ordering, concurrency, failures, tolerance and retries. */
class MapAndParallelTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String CHECK = "arn:aws:lambda:us-east-1:123456789012:function:check";
    private static final String FLAKY = "arn:aws:lambda:us-east-1:123456789012:function:flaky";
    private static final String STEADY = "arn:aws:lambda:us-east-1:123456789012:function:steady";

    /** Fails with MyError for the item "bad", returns "<item>-ok" for any other. */
    private static final TaskHandler CHECK_HANDLER = request -> {
        String item = request.input().asText();
        if (item.equals("bad")) {
            return CompletableFuture.failedFuture(new StatesException("MyError", "item " + item + " is bad"));
        }
        return CompletableFuture.completedFuture(Json.NODES.textNode(item + "-ok"));
    };

    // ---------------------------------------------------------------- Map

    @Test
    void mapOutputsFollowItemOrderNotCompletionOrder() {
        // Each iteration waits its item's number of seconds, so they finish in the order 1, 2, 0.
        ExecutionResult result = run(map("", waitProcessor()), "[3,1,2]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[3,1,2]"));
        assertThat(indexes(result, "MapIterationSucceeded")).containsExactly(1, 2, 0);
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(3));
        assertWellFormed(result);
    }

    @Test
    void itemsPathSelectsTheArrayToIterate() {
        ExecutionResult result = run(map("""
                "ItemsPath": "$.data.list", "ResultPath": "$.results",
                """, """
                {"StartAt": "Pick", "States": {"Pick": {"Type": "Pass", "OutputPath": "$.v", "End": true}}}"""),
                "{\"data\":{\"list\":[{\"v\":1},{\"v\":2},{\"v\":3}]}}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output().get("results")).isEqualTo(Json.parse("[1,2,3]"));
        assertThat(only(result, "MapStateStarted").details().path("length").asInt()).isEqualTo(3);
    }

    @Test
    void itemSelectorSeesTheItemIndexAndValueAndTheMapInput() {
        ExecutionResult result = run(map("""
                "ItemsPath": "$.items",
                "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared"},
                """, passProcessor()), "{\"items\":[\"a\",\"b\"],\"shared\":\"s\"}");

        assertThat(result.output()).isEqualTo(Json.parse("""
                [{"index":0,"value":"a","shared":"s"},{"index":1,"value":"b","shared":"s"}]"""));
    }

    @Test
    void legacyParametersActAsItemSelector() {
        ExecutionResult result = run(map("""
                "Parameters": {"i.$": "$$.Map.Item.Index"},
                """, passProcessor()), "[\"x\",\"y\",\"z\"]");

        assertThat(result.output()).isEqualTo(Json.parse("[{\"i\":0},{\"i\":1},{\"i\":2}]"));
    }

    @Test
    void maxConcurrencyOneRunsIterationsStrictlyOneAfterAnother() {
        ExecutionResult result = run(map("\"MaxConcurrency\": 1,", waitProcessor()), "[3,1,2]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> iterationEvents = result.history().stream()
                .filter(event -> event.type().startsWith("MapIteration"))
                .map(event -> event.type() + ":" + event.details().path("index").asInt())
                .toList();
        assertThat(iterationEvents).containsExactly(
                "MapIterationStarted:0", "MapIterationSucceeded:0",
                "MapIterationStarted:1", "MapIterationSucceeded:1",
                "MapIterationStarted:2", "MapIterationSucceeded:2");
        // Every processor event lies inside its own iteration's Started..Succeeded span.
        int open = -1;
        for (HistoryEvent event : result.history()) {
            if (event.type().equals("MapIterationStarted")) {
                open = event.details().path("index").asInt();
            } else if (event.type().equals("MapIterationSucceeded")) {
                open = -1;
            } else if (event.type().startsWith("Wait")) {
                assertThat(open).as("iteration open at event %d", event.id()).isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(timestamps(result, "WaitStateExited"))
                .containsExactly(START.plusSeconds(3), START.plusSeconds(4), START.plusSeconds(6));
        assertThat(maxRunning(result)).isEqualTo(1);
    }

    @Test
    void maxConcurrencyTwoNeverRunsMoreThanTwoIterations() {
        ExecutionResult result = run(map("\"MaxConcurrency\": 2,", waitProcessor()), "[5,1,1,3,2,1]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[5,1,1,3,2,1]"));
        assertThat(maxRunning(result)).isEqualTo(2);
        assertThat(indexes(result, "MapIterationStarted")).containsExactly(0, 1, 2, 3, 4, 5);
        // Slots: [0:5s | 1:1s, 2:1s, 3:3s] -> item 3 ends at 5 s, then 4 (2 s) and 5 (1 s) end at 7 and 6.
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(7));
        assertWellFormed(result);
    }

    @Test
    void unlimitedConcurrencyStartsEveryIterationAtOnce() {
        ExecutionResult result = run(map("", waitProcessor()), "[5,1,1,3,2,1]");

        assertThat(maxRunning(result)).isEqualTo(6);
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void iterationFailureFailsTheMapWithTheIterationsError() {
        ExecutionResult result = run(map("", checkProcessor()), "[\"a\",\"bad\",\"c\"]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("MyError");
        assertThat(result.cause()).isEqualTo("item bad is bad");
        assertThat(indexes(result, "MapIterationFailed")).containsExactly(1);
        assertThat(count(result, "MapStateFailed")).isEqualTo(1);
        assertThat(types(result)).doesNotContain("MapStateSucceeded", "MapStateExited");
        assertWellFormed(result);
    }

    @Test
    void iterationFailureStopsLaterIterationsFromStarting() {
        ExecutionResult result = run(map("\"MaxConcurrency\": 1,", checkProcessor()), "[\"a\",\"bad\",\"c\",\"d\"]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(indexes(result, "MapIterationStarted")).containsExactly(0, 1);
    }

    @Test
    void iterationFailureAbortsIterationsStillRunning() {
        // Item 0 waits 10 s; item 1 fails at once, so item 0 is aborted and never exits its Wait.
        ExecutionResult result = run("""
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "End": true,
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Later"}],
                    "ItemProcessor": {"StartAt": "Route", "States": {
                      "Route": {"Type": "Choice", "Choices": [{"Variable": "$", "StringEquals": "bad", "Next": "Boom"}],
                                "Default": "Slow"},
                      "Slow": {"Type": "Wait", "Seconds": 10, "End": true},
                      "Boom": {"Type": "Fail", "Error": "MyError", "Cause": "boom"}
                    }}},
                  "Later": {"Type": "Wait", "Seconds": 60, "End": true}
                }}""", "[\"slow\",\"bad\"]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(indexes(result, "MapIterationAborted")).containsExactly(0);
        assertThat(exitedStates(result)).doesNotContain("Slow");
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void iterationFailureCanBeCaughtOnTheMap() {
        ExecutionResult result = run(map("""
                "ResultPath": "$.results",
                "Catch": [{"ErrorEquals": ["MyError"], "ResultPath": "$.error", "Next": "Handle"}],
                "ItemsPath": "$.items",
                """, checkProcessor()), "{\"items\":[\"a\",\"bad\"]}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("""
                {"items":["a","bad"],"error":{"Error":"MyError","Cause":"item bad is bad"}}"""));
        assertThat(enteredStates(result)).last().isEqualTo("Handle");
        List<String> types = types(result);
        assertThat(types.indexOf("MapStateFailed")).isLessThan(types.indexOf("MapStateExited"));
        assertWellFormed(result);
    }

    @Test
    void toleratedFailureCountKeepsFailedItemsAsErrorObjects() {
        ExecutionResult result = run(distributedMap("\"ToleratedFailureCount\": 1,"), "[\"a\",\"bad\",\"c\"]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("""
                ["a-ok",{"Error":"MyError","Cause":"item bad is bad"},"c-ok"]"""));
        assertThat(types(result)).contains("MapRunStarted", "MapRunSucceeded", "MapStateSucceeded");
        assertWellFormed(result);
    }

    @Test
    void exceedingToleratedFailureCountFailsWithExceedToleratedFailureThreshold() {
        ExecutionResult result = run(distributedMap("\"ToleratedFailureCount\": 1,"),
                "[\"bad\",\"a\",\"bad\",\"c\"]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(types(result)).contains("MapRunFailed", "MapStateFailed");
        assertWellFormed(result);
    }

    @Test
    void exceededToleranceCanBeCaughtByName() {
        ExecutionResult result = run("""
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "ToleratedFailureCount": 0, "Next": "Done",
                    "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "Tolerance"}],
                    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "Check", "States": {"Check": {"Type": "Task", "Resource": "%s", "End": true}}}},
                  "Done": {"Type": "Pass", "End": true},
                  "Tolerance": {"Type": "Pass", "End": true}
                }}""".formatted(CHECK), "[\"bad\"]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(enteredStates(result)).containsExactly("Each", "Tolerance");
    }

    @Test
    void emptyArrayGivesAnEmptyArray() {
        ExecutionResult result = run(map("", checkProcessor()), "[]");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[]"));
        assertThat(types(result)).containsExactly("ExecutionStarted", "MapStateEntered", "MapStateStarted",
                "MapStateSucceeded", "MapStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(types(result)).doesNotContain("MapIterationStarted");
    }

    @Test
    void itemsPathThatIsNotAnArrayFailsWithStatesRuntime() {
        ExecutionResult result = run(map("\"ItemsPath\": \"$.items\",", passProcessor()), "{\"items\":{\"a\":1}}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mapOverTenThousandItemsCompletesWithoutAThreadPerItem() {
        ArrayNode items = Json.NODES.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            items.add(i);
        }
        int threadsBefore = Thread.activeCount();
        int[] mostThreads = {threadsBefore};
        // 10,000 inline iterations record 40,000 events: past AWS's 25,000, so this raises the limit.
        Engine engine = new Engine(handlers(), EngineOptions.defaults().withMaxHistoryEvents(100_000));
        ExecutionResult result = engine.run(DefinitionParser.parse(map("", passProcessor())), items,
                Engine.RunSettings.defaults().withStartTime(START).withListener(event -> {
                    if (event.id() % 1000 == 0) {
                        mostThreads[0] = Math.max(mostThreads[0], Thread.activeCount());
                    }
                }));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(items);
        assertThat(count(result, "MapIterationSucceeded")).isEqualTo(10_000);
        assertThat(mostThreads[0] - threadsBefore).isLessThan(10);
        assertWellFormed(result);
    }

    @Test
    void anInlineMapThatWouldPassTheHistoryLimitFailsTheExecution() {
        ArrayNode items = Json.NODES.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            items.add(i);
        }
        ExecutionResult result = new Engine(handlers()).run(DefinitionParser.parse(map("", passProcessor())), items);

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("States.Runtime");
        assertThat(result.cause()).isEqualTo("The execution reached the limit of 25000 history events.");
        assertThat(result.history()).hasSize(EngineOptions.AWS_MAX_HISTORY_EVENTS);
        assertThat(result.history().get(result.history().size() - 1).type()).isEqualTo("ExecutionFailed");
    }

    // ---------------------------------------------------------------- Parallel

    @Test
    void parallelOutputsFollowBranchOrder() {
        ExecutionResult result = run("""
                {"StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "Slow", "States": {
                      "Slow": {"Type": "Wait", "Seconds": 10, "Next": "First"},
                      "First": {"Type": "Pass", "Result": "first", "End": true}}},
                    {"StartAt": "Second", "States": {"Second": {"Type": "Pass", "Result": "second", "End": true}}},
                    {"StartAt": "Third", "States": {"Third": {"Type": "Pass", "OutputPath": "$.x", "End": true}}}
                  ]}
                }}""", "{\"x\":3}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[\"first\",\"second\",3]"));
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(10));
        assertWellFormed(result);
    }

    @Test
    void oneFailingBranchFailsTheParallelState() {
        ExecutionResult result = run(parallelWithFailingBranch(""), "{\"in\":1}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("BranchError");
        assertThat(result.cause()).isEqualTo("branch b broke");
        assertThat(count(result, "ParallelStateFailed")).isEqualTo(1);
        assertThat(types(result)).doesNotContain("ParallelStateExited");
        assertWellFormed(result);
    }

    @Test
    void failingBranchAbortsTheOtherBranches() {
        ExecutionResult result = run(parallelWithFailingBranch("""
                "Catch": [{"ErrorEquals": ["BranchError"], "ResultPath": "$.err", "Next": "Recover"}],
                """), "{\"in\":1}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("""
                {"in":1,"err":{"Error":"BranchError","Cause":"branch b broke"}}"""));
        // The slow branch's Wait would end at 10 s, long before Recover's at 100 s: it must leave no trace.
        assertThat(exitedStates(result)).doesNotContain("SlowWait");
        assertThat(enteredStates(result)).doesNotContain("AfterSlow");
        assertThat(last(result).timestamp()).isEqualTo(START.plusSeconds(100));
        List<String> types = types(result);
        assertThat(types.indexOf("ParallelStateFailed")).isLessThan(types.indexOf("ParallelStateExited"));
        assertWellFormed(result);
    }

    @Test
    void retryOnParallelRerunsAllBranches() {
        AtomicInteger flakyCalls = new AtomicInteger();
        AtomicInteger steadyCalls = new AtomicInteger();
        TaskHandlers handlers = TaskHandlers.builder()
                .resource(FLAKY, request -> flakyCalls.getAndIncrement() == 0
                        ? CompletableFuture.failedFuture(new StatesException("MyError", "first time"))
                        : CompletableFuture.completedFuture(Json.parse("\"flaky\"")))
                .resource(STEADY, request -> {
                    steadyCalls.incrementAndGet();
                    return CompletableFuture.completedFuture(Json.parse("\"steady\""));
                })
                .build();
        ExecutionResult result = new Engine(handlers).run(DefinitionParser.parse("""
                {"StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", "End": true,
                    "Retry": [{"ErrorEquals": ["MyError"], "IntervalSeconds": 3, "MaxAttempts": 2}],
                    "Branches": [
                      {"StartAt": "Flaky", "States": {"Flaky": {"Type": "Task", "Resource": "%s", "End": true}}},
                      {"StartAt": "Steady", "States": {"Steady": {"Type": "Task", "Resource": "%s", "End": true}}}
                    ]}
                }}""".formatted(FLAKY, STEADY)), Json.parse("{}"), Engine.RunSettings.defaults().withStartTime(START));

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[\"flaky\",\"steady\"]"));
        assertThat(flakyCalls.get()).isEqualTo(2);
        assertThat(steadyCalls.get()).isEqualTo(2);
        assertThat(count(result, "ParallelStateEntered")).isEqualTo(1);
        assertThat(count(result, "ParallelStateExited")).isEqualTo(1);
        List<Instant> started = timestamps(result, "ParallelStateStarted");
        assertThat(started).hasSize(2);
        assertThat(Duration.between(started.get(0), started.get(1))).isEqualTo(Duration.ofSeconds(3));
        assertWellFormed(result);
    }

    @Test
    void retryOnParallelGivesUpAfterMaxAttempts() {
        ExecutionResult result = run(parallelWithFailingBranch("""
                "Retry": [{"ErrorEquals": ["BranchError"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                """), "{}");

        assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("BranchError");
        assertThat(count(result, "ParallelStateStarted")).isEqualTo(3);
        assertThat(count(result, "ParallelStateFailed")).isEqualTo(1);
        assertWellFormed(result);
    }

    // ---------------------------------------------------------------- helpers

    private static String map(String extraFields, String processor) {
        return """
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", %s "Next": "Done", "ItemProcessor": %s},
                  "Done": {"Type": "Pass", "End": true},
                  "Handle": {"Type": "Pass", "End": true}
                }}""".formatted(extraFields, processor);
    }

    private static String distributedMap(String extraFields) {
        return """
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", %s "End": true, "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Check", "States": {"Check": {"Type": "Task", "Resource": "%s", "End": true}}}}
                }}""".formatted(extraFields, CHECK);
    }

    private static String waitProcessor() {
        return """
                {"StartAt": "Nap", "States": {"Nap": {"Type": "Wait", "SecondsPath": "$", "End": true}}}""";
    }

    private static String passProcessor() {
        return """
                {"StartAt": "Same", "States": {"Same": {"Type": "Pass", "End": true}}}""";
    }

    private static String checkProcessor() {
        return """
                {"StartAt": "Check", "States": {"Check": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(CHECK);
    }

    private static String parallelWithFailingBranch(String extraFields) {
        return """
                {"StartAt": "Both", "States": {
                  "Both": {"Type": "Parallel", %s "End": true, "Branches": [
                    {"StartAt": "SlowWait", "States": {
                      "SlowWait": {"Type": "Wait", "Seconds": 10, "Next": "AfterSlow"},
                      "AfterSlow": {"Type": "Pass", "End": true}}},
                    {"StartAt": "Broken", "States": {
                      "Broken": {"Type": "Fail", "Error": "BranchError", "Cause": "branch b broke"}}}
                  ]},
                  "Recover": {"Type": "Wait", "Seconds": 100, "End": true}
                }}""".formatted(extraFields);
    }

    private static TaskHandlers handlers() {
        return TaskHandlers.builder().resource(CHECK, CHECK_HANDLER).build();
    }

    private static ExecutionResult run(String definition, String input) {
        return new Engine(handlers()).run(DefinitionParser.parse(definition), Json.parse(input),
                Engine.RunSettings.defaults().withStartTime(START));
    }

    /** The most Map iterations running at once, from the iteration events of the history. */
    private static int maxRunning(ExecutionResult result) {
        int running = 0;
        int most = 0;
        for (HistoryEvent event : result.history()) {
            switch (event.type()) {
                case "MapIterationStarted" -> running++;
                case "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted" -> running--;
                default -> {
                }
            }
            most = Math.max(most, running);
        }
        assertThat(running).isZero();
        return most;
    }

    private static List<Integer> indexes(ExecutionResult result, String type) {
        List<Integer> indexes = new ArrayList<>();
        for (HistoryEvent event : events(result, type)) {
            indexes.add(event.details().path("index").asInt());
        }
        return indexes;
    }


    /**
     * Found by EngineProperties (a stressed definition): a Distributed Map iteration is a child
     * execution whose events are not kept, and nothing counted them, so a loop in one ran for ever.
     * It now meets the history limit as an execution does, a Parallel inside it included.
     */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression loops: fail, do not hang the build
    void aLoopInADistributedMapIterationEndsAtTheChildExecutionsHistoryLimit() {
        String loop = """
                {"StartAt": "Again", "States": {"Again": {"Type": "Choice",
                  "Choices": [{"Variable": "$", "IsPresent": true, "Next": "Again"}], "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}""";
        for (String processor : List.of(loop, """
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [%s]}}}""".formatted(loop))) {
            ExecutionResult result = new Engine(TaskHandlers.none()).run(DefinitionParser.parse("""
                    {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "MaxConcurrency": 0,
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "%s", "States": %s}}}}
                    """.formatted(Json.parse(processor).get("StartAt").asText(), Json.write(Json.parse(processor).get("States")))),
                    Json.parse("[1, 2, 3]"));

            assertThat(result.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(result.error()).isEqualTo("States.Runtime");
            assertThat(result.cause()).endsWith("The Map iteration's child execution reached the limit of 25000 history events.");
            assertThat(types(result)).contains("MapRunFailed").hasSizeLessThan(20);
        }
    }
}
