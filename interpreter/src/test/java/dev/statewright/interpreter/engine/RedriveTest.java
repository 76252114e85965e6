package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static dev.statewright.interpreter.engine.Histories.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redriving an execution in the engine: it goes on from the state that stopped it, with that
 * state's input, after the events it already has; Parallel branches and Map iterations that
 * succeeded keep their outputs and do not run again.
 */
class RedriveTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String WORK = "arn:aws:lambda:us-east-1:123456789012:function:work";

    /**
     * The task handler: answers {@code "<key>-done"} for an input's {@code key}, except that each
     * key listed in {@code failing} fails with Work.Broken until the test repairs it. Counts calls per key.
     */
    private static final class Work implements TaskHandler {
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        /** Keys whose work never answers while listed. */
        final Set<String> hanging = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        final List<JsonNode> inputs = new java.util.concurrent.CopyOnWriteArrayList<>();

        Work(String... failingKeys) {
            failing.addAll(List.of(failingKeys));
        }

        @Override
        public CompletableFuture<JsonNode> invoke(TaskRequest request) {
            String key = request.input().path("key").asText();
            calls.merge(key, 1, Integer::sum);
            inputs.add(request.input());
            if (failing.contains(key)) {
                return CompletableFuture.failedFuture(new StatesException("Work.Broken", "the work for " + key + " broke"));
            }
            if (hanging.contains(key)) {
                return new CompletableFuture<>();
            }
            return CompletableFuture.completedFuture(Json.NODES.textNode(key + "-done"));
        }

        int calls(String key) {
            return calls.getOrDefault(key, 0);
        }
    }

    /** An execution on a loop the test drives: run it, redrive it, run it again. */
    private static final class Run {
        final LocalExecutionLoop loop = new LocalExecutionLoop(START, 0);
        final Execution execution;

        Run(String definition, Work work, String input) throws InterruptedException {
            StateMachine machine = DefinitionParser.parse(definition);
            Engine engine = new Engine(TaskHandlers.builder().resource(WORK, work).build());
            execution = engine.start(machine, ExecutionInfo.of("us-east-1", "123456789012", "Machine", "run",
                    START, Json.parse(input)), loop, null);
            loop.runUntil(() -> execution.status().isFinished());
        }

        ExecutionResult redrive(int count) throws InterruptedException {
            int before = execution.result().history().size();
            execution.redrive(count);
            loop.runReady();
            loop.runUntil(() -> execution.status().isFinished());
            assertThat(execution.result().history().get(before).type()).isEqualTo("ExecutionRedriven");
            return execution.result();
        }

        ExecutionResult result() {
            return execution.result();
        }
    }

    /** The event types after the first ExecutionRedriven (or the whole history when none). */
    private static List<String> afterRedrive(ExecutionResult result, int redrive) {
        List<String> types = types(result);
        int seen = 0;
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i).equals("ExecutionRedriven") && ++seen == redrive) {
                return types.subList(i, types.size());
            }
        }
        throw new AssertionError("no redrive number " + redrive + " in " + types);
    }

    private static String task(String name, String key, String next) {
        return "\"" + name + "\": {\"Type\": \"Task\", \"Resource\": \"" + WORK + "\", \"Parameters\": {\"key\": \""
                + key + "\", \"count.$\": \"$$.Execution.RedriveCount\"}, "
                + (next == null ? "\"End\": true}" : "\"Next\": \"" + next + "\"}");
    }

    @Test
    void aFailedTaskRunsAgainWithItsInputAfterTheStoredEvents() throws InterruptedException {
        Work work = new Work("second");
        Run run = new Run("{\"StartAt\": \"Prepare\", \"States\": {"
                + "\"Prepare\": {\"Type\": \"Pass\", \"Result\": {\"prepared\": true}, \"Next\": \"First\"},"
                + task("First", "first", "Second") + "," + task("Second", "second", null) + "}}", work, "{}");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.FAILED);
        List<String> failedHistory = types(run.result());
        JsonNode secondInput = events(run.result(), "TaskStateEntered").get(1).details().get("input");

        work.failing.clear();
        ExecutionResult result = run.redrive(1);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.NODES.textNode("second-done"));
        assertThat(types(result).subList(0, failedHistory.size())).isEqualTo(failedHistory);
        assertThat(afterRedrive(result, 1)).containsExactly("ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertThat(only(result, "ExecutionRedriven").details().get("redriveCount").asInt()).isEqualTo(1);
        assertThat(enteredStates(result)).containsExactly("Prepare", "First", "Second", "Second");
        assertThat(events(result, "TaskStateEntered").get(2).details().get("input")).isEqualTo(secondInput);
        assertThat(work.calls("first")).isEqualTo(1);
        assertThat(work.calls("second")).isEqualTo(2);
        assertWellFormed(result);
    }

    @Test
    void theContextObjectCountsRedrivesAndTellsWhenTheLastBegan() throws InterruptedException {
        Work work = new Work("only");
        Run run = new Run("{\"StartAt\": \"Only\", \"States\": {" + task("Only", "only", null) + "}}", work, "{}");
        run.redrive(1);
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.FAILED);
        work.failing.clear();
        run.redrive(2);

        assertThat(run.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(work.inputs).extracting(input -> input.get("count").asInt()).containsExactly(0, 1, 2);
        assertThat(count(run.result(), "ExecutionRedriven")).isEqualTo(2);
        assertThat(events(run.result(), "ExecutionRedriven").get(1).details().get("redriveCount").asInt()).isEqualTo(2);
    }

    @Test
    void anInlineMapRunsOnlyTheIterationsThatDidNotSucceed() throws InterruptedException {
        Work work = new Work("b");
        Run run = new Run("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": "%s",
                    "Parameters": {"key.$": "$"}, "End": true}}}, "End": true}}}""".formatted(WORK), work,
                "{\"items\": [\"a\", \"b\", \"c\", \"d\"]}");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(work.calls("c")).isZero(); // never started: MaxConcurrency 1 and b failed first

        work.failing.clear();
        ExecutionResult result = run.redrive(1);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[\"a-done\", \"b-done\", \"c-done\", \"d-done\"]"));
        assertThat(afterRedrive(result, 1)).containsExactly("ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                "MapIterationStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "MapIterationSucceeded",
                "MapIterationStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "MapIterationSucceeded",
                "MapIterationStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "MapIterationSucceeded",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        List<HistoryEvent> started = events(result, "MapIterationStarted");
        assertThat(started.subList(2, started.size())).extracting(e -> e.details().get("index").asInt())
                .containsExactly(1, 2, 3);
        assertThat(work.calls("a")).isEqualTo(1);
        assertThat(work.calls("b")).isEqualTo(2);
        assertWellFormed(result);
    }

    @Test
    void aParallelRunsOnlyTheBranchesThatFailedOrWereAborted() throws InterruptedException {
        Work work = new Work("left");
        Run run = new Run("""
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 1, "Next": "L"},
                     "L": {"Type": "Task", "Resource": "%1$s", "Parameters": {"key": "left"}, "End": true}}},
                  {"StartAt": "R", "States": {"R": {"Type": "Task", "Resource": "%1$s", "Parameters": {"key": "right"}, "End": true}}},
                  {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 60, "Next": "S"},
                     "S": {"Type": "Task", "Resource": "%1$s", "Parameters": {"key": "slow"}, "End": true}}}]}}}"""
                .formatted(WORK), work, "{}");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(types(run.result())).contains("WaitStateAborted");
        assertThat(work.calls("right")).isEqualTo(1); // it had succeeded when the left branch failed

        work.failing.clear();
        ExecutionResult result = run.redrive(1);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[\"left-done\", \"right-done\", \"slow-done\"]"));
        assertThat(afterRedrive(result, 1)).containsExactly("ExecutionRedriven", "ParallelStateEntered",
                "ParallelStateStarted", "TaskStateEntered", "WaitStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "WaitStateExited", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ParallelStateExited",
                "ExecutionSucceeded");
        assertThat(work.calls("right")).isEqualTo(1);
        assertThat(work.calls("left")).isEqualTo(2);
        assertThat(work.calls("slow")).isEqualTo(1);
        assertWellFormed(result);
    }

    @Test
    void aFailureInsideAParallelInsideAMapRerunsOnlyThatBranchOfThatIteration() throws InterruptedException {
        Work work = new Work("2-b");
        Run run = new Run("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                  "ItemProcessor": {"StartAt": "Split", "States": {"Split": {"Type": "Parallel", "End": true, "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s",
                       "Parameters": {"key.$": "States.Format('{}-a', $)"}, "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s",
                       "Parameters": {"key.$": "States.Format('{}-b', $)"}, "End": true}}}]}}}}}}"""
                .formatted(WORK), work, "{\"items\": [1, 2, 3]}");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.FAILED);

        work.failing.clear();
        ExecutionResult result = run.redrive(1);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse(
                "[[\"1-a-done\", \"1-b-done\"], [\"2-a-done\", \"2-b-done\"], [\"3-a-done\", \"3-b-done\"]]"));
        assertThat(work.calls("2-b")).isEqualTo(2);
        // Everything else ran once, or (aborted when 2-b failed) once more.
        for (String key : List.of("1-a", "1-b", "2-a", "3-a", "3-b")) {
            assertThat(work.calls(key)).as(key).isBetween(1, 2);
        }
        List<String> redriven = afterRedrive(result, 1);
        assertThat(redriven.subList(0, 4)).containsExactly("ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                "MapIterationStarted");
        assertThat(redriven).contains("ParallelStateEntered", "ParallelStateStarted")
                .endsWith("MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(events(result, "MapIterationStarted").stream()
                .filter(e -> e.id() > only(result, "ExecutionRedriven").id())
                .map(e -> e.details().get("index").asInt())).doesNotContain(0).contains(1);
        assertWellFormed(result);
    }

    @Test
    void aDistributedMapRedrivesItsMapRunUnderTheSameArn() throws InterruptedException {
        Work work = new Work("y");
        Run run = new Run("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": "%s",
                    "Parameters": {"key.$": "$"}, "End": true}}}}}}""".formatted(WORK), work, "[\"x\", \"y\", \"z\"]");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.FAILED);
        String mapRunArn = only(run.result(), "MapRunStarted").details().get("mapRunArn").asText();

        work.failing.clear();
        ExecutionResult result = run.redrive(1);

        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[\"x-done\", \"y-done\", \"z-done\"]"));
        assertThat(afterRedrive(result, 1)).containsExactly("ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                "MapRunRedriven", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        HistoryEvent redriven = only(result, "MapRunRedriven");
        assertThat(redriven.details().get("mapRunArn").asText()).isEqualTo(mapRunArn);
        assertThat(redriven.details().get("redriveCount").asInt()).isEqualTo(1);
        assertThat(work.calls("x")).isEqualTo(1);
        assertThat(work.calls("y")).isEqualTo(2);
    }

    @Test
    void anAbortedExecutionGoesOnFromTheStateItWasStoppedIn() throws InterruptedException {
        LocalExecutionLoop loop = new LocalExecutionLoop(START, 0);
        Work work = new Work();
        StateMachine machine = DefinitionParser.parse("""
                {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "Next": "Do"},
                  "Do": {"Type": "Task", "Resource": "%s", "Parameters": {"key": "do"}, "End": true}}}""".formatted(WORK));
        Execution execution = new Engine(TaskHandlers.builder().resource(WORK, work).build()).start(machine,
                ExecutionInfo.of("us-east-1", "123456789012", "Machine", "run", START, Json.parse("{}")), loop, event -> {
                });
        loop.runReady();
        execution.stop("Operator.Stop", "stopped in the wait");
        loop.runReady();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);

        execution.redrive(1);
        loop.runReady();
        loop.runUntil(() -> execution.status().isFinished());

        ExecutionResult result = execution.result();
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(types(result)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionAborted",
                "ExecutionRedriven", "WaitStateEntered", "WaitStateExited", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    @Test
    void aTimedOutExecutionCountsItsTimeoutAgainFromTheRedrive() throws InterruptedException {
        Work work = new Work();
        work.hanging.add("slow");
        Run run = new Run("{\"TimeoutSeconds\": 1, \"StartAt\": \"Slow\", \"States\": {"
                + task("Slow", "slow", null) + "}}", work, "{}");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        Instant timedOut = last(run.result()).timestamp();

        ExecutionResult again = run.redrive(1); // still hanging: the execution's second second runs from the redrive
        assertThat(again.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        Instant redriven = only(again, "ExecutionRedriven").timestamp();
        assertThat(redriven).isAfterOrEqualTo(timedOut);
        assertThat(last(again).timestamp()).isAfterOrEqualTo(redriven.plusSeconds(1));

        work.hanging.clear();
        ExecutionResult result = run.redrive(2);
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(afterRedrive(result, 2)).containsExactly("ExecutionRedriven", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                "ExecutionSucceeded");
    }

    @Test
    void aSucceededOrRunningExecutionIsNotRedriven() throws InterruptedException {
        Work work = new Work();
        Run run = new Run("{\"StartAt\": \"Only\", \"States\": {" + task("Only", "only", null) + "}}", work, "{}");
        assertThat(run.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        int events = run.result().history().size();

        run.execution.redrive(1);
        run.loop.runReady();

        assertThat(run.result().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.result().history()).hasSize(events);
        assertThat(work.calls("only")).isEqualTo(1);
    }

    @Test
    void theProjectionOfARedrivenHistoryIsRunningAgainThenItsNewEnd() throws InterruptedException {
        Work work = new Work("only");
        Run run = new Run("{\"StartAt\": \"Only\", \"States\": {" + task("Only", "only", null) + "}}", work, "{}");
        List<HistoryEvent> failed = run.result().history();
        work.failing.clear();
        ExecutionResult result = run.redrive(1);

        ExecutionProjection whileRedriving = ExecutionProjection.of(result.history().subList(0, failed.size() + 2));
        assertThat(whileRedriving.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(whileRedriving.error()).isNull();
        assertThat(whileRedriving.openStates().values()).extracting(ExecutionProjection.OpenState::name)
                .containsExactly("Only");
        ExecutionProjection end = ExecutionProjection.of(result.history());
        assertThat(end.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(end.output()).isEqualTo(result.output());
    }
}
