package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveFilter;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RedriveExecution through the AWS API with the AWS SDK: histories compared event type by event
 * type with the redrive behaviour AWS documents (ExecutionRedriven after the old events, then the
 * state that stopped the run entered again with its input; inside Map and Parallel only what did
 * not succeed runs again), DescribeExecution's and ListExecutions' redrive fields, the refusals,
 * redriveFilter and clientToken.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class RedriveExecutionTest {

    /** Where the service keeps its executions: in memory here; a subclass runs the same tests on another store. */
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDataDirectory(null);
    }

    private static final String WORK = "arn:aws:lambda:us-east-1:123456789012:function:work";
    /** Input keys whose work fails until a test repairs them. */
    private static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();
    /** Input keys whose work never answers until a test lets it (it is then answered next time). */
    private static final Set<String> HANGING = ConcurrentHashMap.newKeySet();
    /** Broken keys whose failure is held until a test completes the gate (so it comes after something else). */
    private static final Map<String, CompletableFuture<Void>> HELD = new ConcurrentHashMap<>();
    private static final Map<String, Integer> CALLS = new ConcurrentHashMap<>();
    private static final List<JsonNode> INPUTS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Answers "<key>-done", or fails with Work.Broken for a broken key; counts calls per key. */
    private static final TaskHandler WORK_HANDLER = request -> {
        String key = request.input().path("key").asText();
        CALLS.merge(key, 1, Integer::sum);
        INPUTS.add(request.input());
        if (BROKEN.contains(key)) {
            CompletableFuture<Void> gate = HELD.getOrDefault(key, CompletableFuture.completedFuture(null));
            return gate.thenCompose(open -> CompletableFuture.failedFuture(new StatesException("Work.Broken", key + " is broken")));
        }
        if (HANGING.contains(key)) {
            return new CompletableFuture<>();
        }
        return CompletableFuture.completedFuture(Json.NODES.textNode(key + "-done"));
    };

    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    void start() {
        CALLS.clear(); // counted per class: a subclass runs the same tests on another store, in the same JVM
        INPUTS.clear();
        HELD.clear();
        service = StatewrightService.start(onStore(ServiceConfig.defaults().withPort(0)
                .withWaitTimeScale(0)), TaskHandlers.builder().resource(WORK, WORK_HANDLER).build());
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    void stop() {
        sfn.close();
        service.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String machine(String definition) {
        return machine(definition, StateMachineType.STANDARD);
    }

    private static String machine(String definition, StateMachineType type) {
        return sfn.createStateMachine(b -> b.name(unique("m")).definition(definition).type(type)
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
    }

    private static String task(String name, String key, String next) {
        return "\"" + name + "\": {\"Type\": \"Task\", \"Resource\": \"" + WORK + "\", \"Parameters\": {\"key\": \""
                + key + "\", \"count.$\": \"$$.Execution.RedriveCount\"}, "
                + (next == null ? "\"End\": true}" : "\"Next\": \"" + next + "\"}");
    }

    private static String run(String machineArn, String input) {
        String arn = sfn.startExecution(b -> b.stateMachineArn(machineArn).name(unique("e")).input(input)).executionArn();
        awaitEnd(sfn, arn);
        return arn;
    }

    private static List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events().stream().toList();
    }

    private static List<String> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::typeAsString).toList();
    }

    /** The event types from the last ExecutionRedriven on. */
    private static List<String> sinceRedrive(String executionArn) {
        List<String> types = types(history(executionArn));
        return types.subList(types.lastIndexOf("ExecutionRedriven"), types.size());
    }

    @Test
    void aFailedTaskIsRedrivenFromItsStateAndTheHistoryGoesOnAfterTheFailure() {
        BROKEN.add("t-second");
        String execution = run(machine("{\"StartAt\": \"Prepare\", \"States\": {"
                + "\"Prepare\": {\"Type\": \"Pass\", \"Next\": \"First\"},"
                + task("First", "t-first", "Second") + "," + task("Second", "t-second", null) + "}}"), "{\"order\": 1}");
        DescribeExecutionResponse failed = sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(failed.statusAsString()).isEqualTo("FAILED");
        assertThat(failed.redriveCount()).isZero();
        assertThat(failed.redriveDate()).isNull();
        assertThat(failed.redriveStatusAsString()).isEqualTo("REDRIVABLE");
        assertThat(failed.redriveStatusReason()).isNull();
        List<HistoryEvent> before = history(execution);

        BROKEN.remove("t-second");
        Instant asked = Instant.now().minusMillis(1);
        Instant redriveDate = sfn.redriveExecution(b -> b.executionArn(execution)).redriveDate();
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(redriveDate).isAfter(asked);
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.NODES.textNode("t-second-done"));
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(done.redriveDate()).isEqualTo(redriveDate);
        assertThat(done.redriveStatusAsString()).isEqualTo("NOT_REDRIVABLE");
        assertThat(done.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");
        List<HistoryEvent> after = history(execution);
        assertThat(types(after)).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionFailed", "ExecutionFailed",
                "ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        HistoryEvent redriven = after.get(before.size());
        assertThat(redriven.executionRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(redriven.previousEventId()).isEqualTo(before.size());
        assertThat(after.get(before.size() + 1).stateEnteredEventDetails().input())
                .isEqualTo(before.get(8).stateEnteredEventDetails().input());
        assertThat(CALLS.get("t-first")).isEqualTo(1);
        assertThat(CALLS.get("t-second")).isEqualTo(2);

        // The console's state visits: the failed visit stays failed, the redriven one succeeded.
        JsonNode visits = rest("/executions/" + execution.substring(execution.indexOf(":execution:") + 11) + "/states");
        List<String> seen = new java.util.ArrayList<>();
        visits.path("states").forEach(visit -> seen.add(visit.path("name").asText() + " " + visit.path("status").asText()));
        assertThat(seen).containsExactly("Prepare succeeded", "First succeeded", "Second failed", "Second succeeded");
    }

    private static JsonNode rest(String path) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + service.port() + path))
                            .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return Json.parse(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void theContextObjectCountsRedrives() {
        BROKEN.add("c-only");
        String execution = run(machine("{\"StartAt\": \"Only\", \"States\": {" + task("Only", "c-only", null) + "}}"), "{}");
        sfn.redriveExecution(b -> b.executionArn(execution));
        assertThat(awaitEnd(sfn, execution).statusAsString()).isEqualTo("FAILED");
        BROKEN.remove("c-only");
        sfn.redriveExecution(b -> b.executionArn(execution));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(done.redriveCount()).isEqualTo(2);
        assertThat(INPUTS.stream().filter(input -> input.path("key").asText().equals("c-only"))
                .map(input -> input.get("count").asInt())).containsExactly(0, 1, 2);
        assertThat(history(execution).stream().filter(e -> e.typeAsString().equals("ExecutionRedriven"))
                .map(e -> e.executionRedrivenEventDetails().redriveCount())).containsExactly(1, 2);
    }

    @Test
    void anInlineMapRedrivesOnlyItsUnsuccessfulIterations() {
        BROKEN.add("m-b");
        String execution = run(machine("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": "%s",
                    "Parameters": {"key.$": "$"}, "End": true}}}, "End": true}}}""".formatted(WORK)),
                "{\"items\": [\"m-a\", \"m-b\", \"m-c\"]}");
        BROKEN.remove("m-b");
        sfn.redriveExecution(b -> b.executionArn(execution));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("[\"m-a-done\", \"m-b-done\", \"m-c-done\"]"));
        assertThat(sinceRedrive(execution)).containsExactly("ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                "MapIterationStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "MapIterationSucceeded",
                "MapIterationStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "MapIterationSucceeded",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(CALLS.get("m-a")).isEqualTo(1);
        assertThat(CALLS.get("m-b")).isEqualTo(2);
        assertThat(CALLS.get("m-c")).isEqualTo(1);
    }

    @Test
    void aDistributedMapRedrivesItsMapRun() {
        BROKEN.add("d-y");
        String execution = run(machine("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Do", "States": {"Do": {"Type": "Task", "Resource": "%s",
                    "Parameters": {"key.$": "$"}, "End": true}}}}}}""".formatted(WORK)), "[\"d-x\", \"d-y\", \"d-z\"]");
        String mapRunArn = history(execution).stream().filter(e -> e.typeAsString().equals("MapRunStarted"))
                .findFirst().orElseThrow().mapRunStartedEventDetails().mapRunArn();
        BROKEN.remove("d-y");
        sfn.redriveExecution(b -> b.executionArn(execution));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("[\"d-x-done\", \"d-y-done\", \"d-z-done\"]"));
        assertThat(sinceRedrive(execution)).containsExactly("ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                "MapRunRedriven", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        HistoryEvent redriven = history(execution).stream().filter(e -> e.typeAsString().equals("MapRunRedriven"))
                .findFirst().orElseThrow();
        assertThat(redriven.mapRunRedrivenEventDetails().mapRunArn()).isEqualTo(mapRunArn);
        assertThat(redriven.mapRunRedrivenEventDetails().redriveCount()).isEqualTo(1);
        assertThat(CALLS.get("d-y")).isEqualTo(2);
    }

    @Test
    void aParallelInsideAMapRedrivesOnlyTheBranchThatFailed() {
        BROKEN.add("p-2-right");
        // Item 2's right branch fails only once its left branch has succeeded: else the failure could
        // cancel the left task before it was sent, and the redrive would run it too.
        CompletableFuture<Void> leftSucceeded = new CompletableFuture<>();
        HELD.put("p-2-right", leftSucceeded);
        String machineArn = machine("""
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
                  "End": true, "ItemProcessor": {"StartAt": "Split", "States": {"Split": {"Type": "Parallel", "End": true,
                    "Branches": [
                      {"StartAt": "Left", "States": {"Left": {"Type": "Task", "Resource": "%1$s",
                         "Parameters": {"key.$": "States.Format('p-{}-left', $)"}, "End": true}}},
                      {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 1, "Next": "Right"},
                         "Right": {"Type": "Task", "Resource": "%1$s",
                         "Parameters": {"key.$": "States.Format('p-{}-right', $)"}, "End": true}}}]}}}}}}"""
                .formatted(WORK));
        String execution = sfn.startExecution(b -> b.stateMachineArn(machineArn).name(unique("e"))
                .input("{\"items\": [1, 2, 3]}")).executionArn();
        awaitHistory(execution, events -> events.stream().filter(e -> e.stateExitedEventDetails() != null
                && e.stateExitedEventDetails().name().equals("Left")).count() >= 2, "item 2's Left succeeded");
        leftSucceeded.complete(null);
        awaitEnd(sfn, execution);
        HELD.remove("p-2-right");
        assertThat(CALLS.get("p-2-left")).isEqualTo(1);
        assertThat(CALLS.get("p-3-left")).isNull(); // never started: MaxConcurrency 1
        BROKEN.remove("p-2-right");
        sfn.redriveExecution(b -> b.executionArn(execution));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.parse("[[\"p-1-left-done\", \"p-1-right-done\"],"
                + " [\"p-2-left-done\", \"p-2-right-done\"], [\"p-3-left-done\", \"p-3-right-done\"]]"));
        // Item 2 goes on in its Parallel's right branch, at its task; item 3 runs whole (its two
        // branches interleave as their work comes back, so that part is compared as a whole).
        List<String> redriven = sinceRedrive(execution);
        assertThat(redriven.subList(0, 13)).containsExactly("ExecutionRedriven", "MapStateEntered", "MapStateStarted",
                "MapIterationStarted", "ParallelStateEntered", "ParallelStateStarted",
                "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                "TaskStateExited", "ParallelStateExited", "MapIterationSucceeded");
        assertThat(redriven.subList(13, 16)).containsExactly("MapIterationStarted", "ParallelStateEntered",
                "ParallelStateStarted");
        assertThat(redriven.subList(16, redriven.size() - 5)).containsExactlyInAnyOrder(
                "TaskStateEntered", "WaitStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "WaitStateExited", "TaskStateEntered",
                "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited");
        assertThat(redriven.subList(redriven.size() - 5, redriven.size())).containsExactly("ParallelStateExited",
                "MapIterationSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        assertThat(CALLS.get("p-1-left")).isEqualTo(1);
        assertThat(CALLS.get("p-1-right")).isEqualTo(1);
        assertThat(CALLS.get("p-2-left")).isEqualTo(1);
        assertThat(CALLS.get("p-2-right")).isEqualTo(2);
    }

    @Test
    void anExecutionThatEndedInItsFirstTurnIsRedrivenToo() {
        // Pass then Fail end in the turn that began them, which stores no journal: the redrive rebuilds it from its start.
        String execution = run(machine("""
                {"StartAt": "Note", "States": {"Note": {"Type": "Pass", "Next": "Stop"},
                  "Stop": {"Type": "Fail", "Error": "Deliberate", "Cause": "always"}}}"""), "{}");
        sfn.redriveExecution(b -> b.executionArn(execution));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.statusAsString()).isEqualTo("FAILED");
        assertThat(done.error()).isEqualTo("Deliberate");
        assertThat(done.redriveCount()).isEqualTo(1);
        assertThat(types(history(execution))).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "FailStateEntered", "ExecutionFailed", "ExecutionRedriven", "FailStateEntered", "ExecutionFailed");
    }

    @Test
    void aStoppedExecutionIsRedrivenFromTheStateItWasStoppedIn() {
        HANGING.add("s-hold");
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine("{\"StartAt\": \"Before\", \"States\": {"
                + "\"Before\": {\"Type\": \"Pass\", \"Next\": \"Hold\"}," + task("Hold", "s-hold", null) + "}}"))
                .name(unique("stopped")).input("{}")).executionArn();
        awaitCalls("s-hold", 1);
        sfn.stopExecution(b -> b.executionArn(execution).error("Operator.Stop"));
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).statusAsString()).isEqualTo("ABORTED");

        HANGING.remove("s-hold");
        sfn.redriveExecution(b -> b.executionArn(execution));
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(done.output())).isEqualTo(Json.NODES.textNode("s-hold-done"));
        assertThat(types(history(execution))).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "ExecutionAborted",
                "ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
    }

    /** Polls until the execution's history shows {@code what}. */
    private static void awaitHistory(String executionArn, java.util.function.Predicate<List<HistoryEvent>> shows, String what) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!shows.test(history(executionArn))) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // polling the history, not timing the test
        }
    }

    /** Polls until the work for {@code key} was called {@code calls} times. */
    private static void awaitCalls(String key, int calls) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (CALLS.getOrDefault(key, 0) < calls) {
            assertThat(Instant.now()).as("calls of " + key).isBefore(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // polling the count, not timing the test
        }
    }

    @Test
    void redrivesAreRefusedAsAwsRefusesThem() {
        String succeeded = run(machine("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}"), "{}");
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(succeeded)))
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is SUCCEEDED and cannot be redriven");
        DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(succeeded));
        assertThat(described.redriveStatusAsString()).isEqualTo("NOT_REDRIVABLE");
        assertThat(described.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");

        HANGING.add("r-hang");
        String running = sfn.startExecution(b -> b.stateMachineArn(machine(
                "{\"StartAt\": \"W\", \"States\": {" + task("W", "r-hang", null) + "}}")).input("{}")).executionArn();
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(running)))
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("Execution is RUNNING and cannot be redriven");
        assertThat(sfn.describeExecution(b -> b.executionArn(running)).redriveStatusReason())
                .isEqualTo("Execution is RUNNING and cannot be redriven");
        sfn.stopExecution(b -> b.executionArn(running));

        String express = sfn.startSyncExecution(b -> b.stateMachineArn(machine("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}""", StateMachineType.EXPRESS))
                .input("{}")).executionArn();
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(express)))
                .isInstanceOf(ExecutionNotRedrivableException.class);

        String machine = machine("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        String missing = machine.replace(":stateMachine:", ":execution:") + ":nope";
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(missing)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);

        String failed = run(machine("{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}"), "{}");
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(failed).clientToken("has space")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("clientToken");
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(failed).clientToken("x".repeat(65))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("clientToken");
        assertThat(sfn.describeExecution(b -> b.executionArn(failed)).redriveCount()).isZero();
    }

    @Test
    void theExecutionsOfADeletedStateMachineAreNotRedriven() {
        String machine = machine("{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");
        String failed = run(machine, "{}");
        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));

        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(failed)))
                .isInstanceOf(ExecutionNotRedrivableException.class)
                .hasMessageContaining("State machine is in DELETING status");
        assertThat(sfn.describeExecution(b -> b.executionArn(failed)).redriveStatusReason())
                .isEqualTo("State machine is in DELETING status");
    }

    @Test
    void theSameClientTokenAnswersAsTheFirstRedriveDid() {
        BROKEN.add("k-only");
        String execution = run(machine("{\"StartAt\": \"Only\", \"States\": {" + task("Only", "k-only", null) + "}}"), "{}");
        Instant first = sfn.redriveExecution(b -> b.executionArn(execution).clientToken("token-1")).redriveDate();
        awaitEnd(sfn, execution);
        Instant again = sfn.redriveExecution(b -> b.executionArn(execution).clientToken("token-1")).redriveDate();

        assertThat(again).isEqualTo(first);
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).redriveCount()).isEqualTo(1);
        assertThat(CALLS.get("k-only")).isEqualTo(2);

        Instant second = sfn.redriveExecution(b -> b.executionArn(execution).clientToken("token-2")).redriveDate();
        awaitEnd(sfn, execution);
        assertThat(second).isAfter(first);
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).redriveCount()).isEqualTo(2);
    }

    @Test
    void listExecutionsShowsRedrivesAndFiltersByThem() {
        String machine = machine("{\"StartAt\": \"F\", \"States\": {\"F\": {\"Type\": \"Fail\", \"Error\": \"E\"}}}");
        String redriven = run(machine, "{}");
        String left = run(machine, "{}");
        sfn.redriveExecution(b -> b.executionArn(redriven));
        awaitEnd(sfn, redriven);

        List<ExecutionListItem> onlyRedriven = sfn.listExecutions(b -> b.stateMachineArn(machine)
                .redriveFilter(ExecutionRedriveFilter.REDRIVEN)).executions();
        List<ExecutionListItem> notRedriven = sfn.listExecutions(b -> b.stateMachineArn(machine)
                .redriveFilter(ExecutionRedriveFilter.NOT_REDRIVEN)).executions();
        List<ExecutionListItem> all = sfn.listExecutions(b -> b.stateMachineArn(machine)).executions();

        assertThat(onlyRedriven).extracting(ExecutionListItem::executionArn).containsExactly(redriven);
        assertThat(onlyRedriven.get(0).redriveCount()).isEqualTo(1);
        assertThat(onlyRedriven.get(0).redriveDate()).isNotNull();
        assertThat(notRedriven).extracting(ExecutionListItem::executionArn).containsExactly(left);
        assertThat(notRedriven.get(0).redriveCount()).isZero();
        assertThat(notRedriven.get(0).redriveDate()).isNull();
        assertThat(all).hasSize(2);
    }
}
