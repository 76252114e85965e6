package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListMapRunsResponse;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static dev.statewright.api.SfnTestClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DescribeMapRun, ListMapRuns and UpdateMapRun through the AWS SDK: the counts of a Distributed
 * Map's run, paging through an execution's runs, updates that change a running Map (items parked
 * in a task this test answers, so it can count how many are in flight), and AWS's errors.
 */
class MapRunsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
    /** A task that waits until this test answers it: the items in flight are the tasks parked here. */
    private static final String PARK = "arn:aws:lambda:us-east-1:123456789012:function:park";

    private static StatewrightService service;
    private static SfnClient sfn;
    /** Parked tasks by their item's id ({@code $.id}), each answered by completing its future. */
    private static final Map<String, CompletableFuture<JsonNode>> parked = new ConcurrentHashMap<>();

    @BeforeAll
    static void startService() {
        TaskHandlers handlers = TaskHandlers.builder().resource(PARK, request -> {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            parked.put(request.input().get("id").asText(), answer);
            return answer;
        }).build();
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), handlers);
        sfn = client(service.port());
    }

    @AfterAll
    static void stopService() {
        sfn.close();
        service.close();
    }

    /** A Distributed Map over $.items whose iterations fail for an item with "fail": true. */
    private static String failingItems(String tolerance, int maxConcurrency) {
        return """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "Label": "Each",
                  "MaxConcurrency": %d, %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Check", "States": {
                      "Check": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Boom"}],
                                "Default": "Fine"},
                      "Boom": {"Type": "Fail", "Error": "Item.Bad", "Cause": "a bad item"},
                      "Fine": {"Type": "Pass", "End": true}}},
                  "End": true}}}
                """.formatted(maxConcurrency, tolerance);
    }

    /** A Distributed Map whose every item parks in the PARK task until the test answers it. */
    private static String parkedItems(String settings) {
        return """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}},
                  "End": true}}}
                """.formatted(settings, PARK);
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID()).definition(definition).roleArn(ROLE))
                .stateMachineArn();
    }

    private static String start(String machineArn, String input) {
        return sfn.startExecution(b -> b.stateMachineArn(machineArn).input(input)).executionArn();
    }

    /** Items {"id": "<prefix>i", "fail": true for the listed indexes}. */
    private static String items(String prefix, int count, List<Integer> failing) {
        StringBuilder text = new StringBuilder("{\"items\": [");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append("{\"id\": \"").append(prefix).append(i).append("\", \"fail\": ")
                    .append(failing.contains(i)).append("}");
        }
        return text.append("]}").toString();
    }

    /** The Map Run ARN its MapRunStarted event names. */
    private static String mapRunArn(String executionArn) {
        return until("a MapRunStarted event in " + executionArn, () -> {
            for (HistoryEvent event : sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events()) {
                if (event.mapRunStartedEventDetails() != null) {
                    return event.mapRunStartedEventDetails().mapRunArn();
                }
            }
            return null;
        }, arn -> arn != null);
    }

    private static DescribeMapRunResponse describe(String mapRunArn) {
        return sfn.describeMapRun(b -> b.mapRunArn(mapRunArn));
    }

    /** Polls until the Map Run's record satisfies {@code wanted}. */
    private static DescribeMapRunResponse describeUntil(String mapRunArn, String what, Predicate<DescribeMapRunResponse> wanted) {
        return until(what, () -> describe(mapRunArn), wanted);
    }

    private static <T> T until(String what, Supplier<T> read, Predicate<T> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (wanted.test(last)) {
                return last;
            }
            try {
                Thread.sleep(10); // polling the service's state, not waiting for it to be ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }

    private static long parkedWithPrefix(String prefix) {
        return parked.keySet().stream().filter(id -> id.startsWith(prefix)).count();
    }

    private static void answer(String id, boolean fail) {
        CompletableFuture<JsonNode> task = until("the task of " + id, () -> parked.get(id), t -> t != null);
        if (fail) {
            task.completeExceptionally(new StatesException("Item.Bad", "item " + id + " failed"));
        } else {
            task.complete(Json.object().put("done", id));
        }
    }

    @Test
    void describeMapRunCountsItemsOfARunThatToleratesItsFailures() {
        String machine = machine(failingItems("\"ToleratedFailurePercentage\": 30,", 4));
        List<Integer> failing = List.of(1, 4, 9, 10, 15); // 5 of 20: 25%
        String execution = start(machine, items("t", 20, failing));
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        String arn = mapRunArn(execution);
        DescribeMapRunResponse run = describe(arn);
        assertThat(run.mapRunArn()).isEqualTo(arn).startsWith(PREFIX + "mapRun:").contains("/Each:");
        assertThat(run.executionArn()).isEqualTo(execution);
        assertThat(run.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(run.startDate()).isNotNull();
        assertThat(run.stopDate()).isNotNull().isAfterOrEqualTo(run.startDate());
        assertThat(run.maxConcurrency()).isEqualTo(4);
        assertThat(run.toleratedFailurePercentage()).isEqualTo(30f);
        assertThat(run.toleratedFailureCount()).isZero();
        assertThat(run.itemCounts().total()).isEqualTo(20);
        assertThat(run.itemCounts().succeeded()).isEqualTo(15);
        assertThat(run.itemCounts().failed()).isEqualTo(5);
        assertThat(run.itemCounts().pending()).isZero();
        assertThat(run.itemCounts().running()).isZero();
        assertThat(run.itemCounts().aborted()).isZero();
        assertThat(run.executionCounts()).usingRecursiveComparison().isEqualTo(run.itemCounts());
        assertThat(run.redriveCount()).isZero();
        assertThat(run.redriveDate()).isNull();
    }

    @Test
    void aRunThatExceedsItsToleranceFailsWithTheItemsItNeverStartedStillPending() {
        // One at a time, so where it stops is certain: the 7th failure (35% of 20) is item 12.
        String machine = machine(failingItems("\"ToleratedFailurePercentage\": 30,", 1));
        String execution = start(machine, items("x", 20, List.of(0, 2, 4, 6, 8, 10, 12, 14)));
        DescribeExecutionResponse ended = awaitEnd(sfn, execution);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("States.ExceedToleratedFailureThreshold");

        DescribeMapRunResponse run = describe(mapRunArn(execution));
        assertThat(run.status()).isEqualTo(MapRunStatus.FAILED);
        assertThat(run.itemCounts().failed()).isEqualTo(7);
        assertThat(run.itemCounts().succeeded()).isEqualTo(6); // items 1, 3, 5, 7, 9, 11
        assertThat(run.itemCounts().pending()).isEqualTo(7); // items 13 to 19
        assertThat(run.itemCounts().running()).isZero();
        assertThat(run.itemCounts().total()).isEqualTo(20);
        assertThat(run.stopDate()).isNotNull();
    }

    @Test
    void listMapRunsPagesThroughAnExecutionsRunsNewestFirst() {
        StringBuilder states = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            states.append(i == 1 ? "" : ", ").append("""
                    "M%d": {"Type": "Map", "Label": "Run%d", "ItemsPath": "$.items", "ResultPath": null,
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "P%d", "States": {"P%d": {"Type": "Pass", "End": true}}},
                      %s}""".formatted(i, i, i, i, i < 5 ? "\"Next\": \"M" + (i + 1) + "\"" : "\"End\": true"));
        }
        String machine = machine("{\"StartAt\": \"M1\", \"States\": {" + states + "}}");
        String execution = start(machine, "{\"items\": [1, 2, 3]}");
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        List<MapRunListItem> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListMapRunsResponse page = sfn.listMapRuns(b -> b.executionArn(execution).maxResults(2).nextToken(next));
            assertThat(page.mapRuns()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.mapRuns());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).extracting(item -> item.mapRunArn().replaceAll(".*/(Run\\d):.*", "$1"))
                .containsExactly("Run5", "Run4", "Run3", "Run2", "Run1");
        String machineName = machine.substring(machine.lastIndexOf(':') + 1);
        for (MapRunListItem item : seen) {
            assertThat(item.executionArn()).isEqualTo(execution);
            assertThat(item.stateMachineArn()).isEqualTo(PREFIX + "stateMachine:" + machineName + "/"
                    + item.mapRunArn().replaceAll(".*/(Run\\d):.*", "$1"));
            assertThat(item.startDate()).isNotNull();
            assertThat(item.stopDate()).isAfterOrEqualTo(item.startDate());
            assertThat(describe(item.mapRunArn()).itemCounts().succeeded()).isEqualTo(3);
        }
        assertThat(sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns()).hasSize(5);

        String other = start(machine(failingItems("", 0)), "{\"items\": []}");
        assertThat(sfn.listMapRuns(b -> b.executionArn(other)).mapRuns()).hasSize(1);
        String tokenOfTheFirst = sfn.listMapRuns(b -> b.executionArn(execution).maxResults(2)).nextToken();
        assertThatThrownBy(() -> sfn.listMapRuns(b -> b.executionArn(other).nextToken(tokenOfTheFirst)))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listMapRuns(b -> b.executionArn(execution).nextToken("bm9wZQ")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void updateMapRunChangesHowManyItemsRunAtOnce() {
        String machine = machine(parkedItems("\"MaxConcurrency\": 2,"));
        String execution = start(machine, items("c", 10, List.of()));
        String arn = mapRunArn(execution);
        describeUntil(arn, "2 items running", run -> run.itemCounts().running() == 2);
        until("2 tasks parked", () -> parkedWithPrefix("c"), n -> n == 2);
        DescribeMapRunResponse before = describe(arn);
        assertThat(before.maxConcurrency()).isEqualTo(2);
        assertThat(before.itemCounts().pending()).isEqualTo(8);

        sfn.updateMapRun(b -> b.mapRunArn(arn).maxConcurrency(5));
        // Answered once durable: the record shows it at once, and the Map started 3 more items.
        DescribeMapRunResponse raised = describe(arn);
        assertThat(raised.maxConcurrency()).isEqualTo(5);
        assertThat(raised.itemCounts().running()).isEqualTo(5);
        assertThat(raised.itemCounts().pending()).isEqualTo(5);
        until("5 tasks parked", () -> parkedWithPrefix("c"), n -> n == 5);

        sfn.updateMapRun(b -> b.mapRunArn(arn).maxConcurrency(1));
        for (int i = 0; i < 4; i++) {
            answer("c" + i, false);
        }
        // The turn that takes an answer starts the next item if there is room: with 1 still running, none.
        DescribeMapRunResponse lowered = describeUntil(arn, "4 items succeeded", run -> run.itemCounts().succeeded() == 4);
        assertThat(lowered.maxConcurrency()).isEqualTo(1);
        assertThat(lowered.itemCounts().running()).isEqualTo(1);
        assertThat(lowered.itemCounts().pending()).isEqualTo(5);
        assertThat(parkedWithPrefix("c")).isEqualTo(5);

        answer("c4", false); // room for one: the next item starts, and only it
        DescribeMapRunResponse one = describeUntil(arn, "5 items succeeded", run -> run.itemCounts().succeeded() == 5);
        assertThat(one.itemCounts().running()).isEqualTo(1);
        assertThat(one.itemCounts().pending()).isEqualTo(4);
        for (int i = 5; i < 10; i++) {
            answer("c" + i, false);
        }
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        DescribeMapRunResponse done = describe(arn);
        assertThat(done.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(done.itemCounts().succeeded()).isEqualTo(10);
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(arn).maxConcurrency(3)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("only a running Map Run");
    }

    @Test
    void updateMapRunChangesTheFailuresARunTolerates() {
        String machine = machine(parkedItems("\"ToleratedFailureCount\": 1,"));
        String execution = start(machine, items("f", 6, List.of()));
        String arn = mapRunArn(execution);
        until("6 tasks parked", () -> parkedWithPrefix("f"), n -> n == 6);
        answer("f0", true);
        describeUntil(arn, "1 failure", run -> run.itemCounts().failed() == 1);

        sfn.updateMapRun(b -> b.mapRunArn(arn).toleratedFailureCount(3L));
        assertThat(describe(arn).toleratedFailureCount()).isEqualTo(3);
        answer("f1", true);
        answer("f2", true); // a third failure: more than the Map's own 1, within the update's 3
        for (int i = 3; i < 6; i++) {
            answer("f" + i, false);
        }
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        DescribeMapRunResponse run = describe(arn);
        assertThat(run.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(run.itemCounts().failed()).isEqualTo(3);
        assertThat(run.itemCounts().succeeded()).isEqualTo(3);
    }

    @Test
    void aToleranceLoweredBelowTheFailuresSoFarFailsTheRunAtOnce() {
        String machine = machine(parkedItems("\"ToleratedFailurePercentage\": 50,"));
        String execution = start(machine, items("g", 4, List.of()));
        String arn = mapRunArn(execution);
        until("4 tasks parked", () -> parkedWithPrefix("g"), n -> n == 4);
        answer("g0", true);
        describeUntil(arn, "1 failure", run -> run.itemCounts().failed() == 1);

        sfn.updateMapRun(b -> b.mapRunArn(arn).toleratedFailurePercentage(10f));
        DescribeExecutionResponse ended = awaitEnd(sfn, execution);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        DescribeMapRunResponse run = describe(arn);
        assertThat(run.status()).isEqualTo(MapRunStatus.FAILED);
        assertThat(run.toleratedFailurePercentage()).isEqualTo(10f);
        assertThat(run.itemCounts().aborted()).isEqualTo(3);
        assertThat(run.itemCounts().running()).isZero();
    }

    @Test
    void aStoppedExecutionAbortsItsRunningMapRun() {
        String machine = machine(parkedItems("\"MaxConcurrency\": 3,"));
        String execution = start(machine, items("s", 5, List.of()));
        String arn = mapRunArn(execution);
        describeUntil(arn, "3 items running", run -> run.itemCounts().running() == 3);
        sfn.stopExecution(b -> b.executionArn(execution));
        DescribeMapRunResponse run = describe(arn);
        assertThat(run.status()).isEqualTo(MapRunStatus.ABORTED);
        assertThat(run.itemCounts().aborted()).isEqualTo(3);
        assertThat(run.itemCounts().pending()).isEqualTo(2);
        assertThat(run.stopDate()).isNotNull();
    }

    @Test
    void mapRunOperationsRefuseUnknownAndInvalidArnsAsAwsDoes() {
        String unknown = PREFIX + "mapRun:nothing/Each:" + UUID.randomUUID();
        String notAMapRun = PREFIX + "execution:nothing:e1";
        assertThatThrownBy(() -> describe(unknown)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(unknown);
        assertThatThrownBy(() -> describe(notAMapRun)).isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> describe("not an arn")).isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(unknown).maxConcurrency(1)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(notAMapRun).maxConcurrency(1)))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.listMapRuns(b -> b.executionArn(PREFIX + "execution:nothing:e1")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.listMapRuns(b -> b.executionArn(unknown))).isInstanceOf(InvalidArnException.class);

        String execution = start(machine(failingItems("", 0)), items("e", 2, List.of()));
        awaitEnd(sfn, execution);
        String arn = mapRunArn(execution);
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(arn).toleratedFailurePercentage(150f)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("toleratedFailurePercentage");
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(arn).maxConcurrency(-1)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> sfn.updateMapRun(b -> b.mapRunArn(arn)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("At least one");
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.mapRunArn(unknown)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(unknown);
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.mapRunArn(notAMapRun))).isInstanceOf(InvalidArnException.class);
        String machineArn = sfn.describeExecution(b -> b.executionArn(execution)).stateMachineArn();
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.mapRunArn(arn).stateMachineArn(machineArn)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Only one of stateMachineArn and mapRunArn");
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.mapRunArn(arn).nextToken("bm90IG91cnM")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void listExecutionsOfAMapRunListsItsChildrenAndDescribeExecutionDescribesOne() {
        String machine = machine(failingItems("\"ToleratedFailureCount\": 2,", 3));
        String execution = start(machine, items("k", 7, List.of(2, 5)));
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String arn = mapRunArn(execution);
        String childMachine = arn.substring(0, arn.lastIndexOf(':')).replace(":mapRun:", ":stateMachine:");

        // Paged, the last started first; every child names its run and the child machine.
        List<ExecutionListItem> children = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            ListExecutionsResponse page = sfn.listExecutions(b -> b.mapRunArn(arn).maxResults(3).nextToken(from));
            assertThat(page.executions()).hasSizeLessThanOrEqualTo(3);
            children.addAll(page.executions());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(children).hasSize(7).allSatisfy(child -> {
            assertThat(child.mapRunArn()).isEqualTo(arn);
            assertThat(child.stateMachineArn()).isEqualTo(childMachine);
            assertThat(child.executionArn()).startsWith(childMachine.replace(":stateMachine:", ":execution:") + ":")
                    .endsWith(":" + child.name());
            assertThat(child.stopDate()).isAfterOrEqualTo(child.startDate());
            assertThat(child.redriveCount()).isZero();
        });
        assertThat(children).extracting(ExecutionListItem::executionArn).doesNotHaveDuplicates();
        assertThat(children).extracting(ExecutionListItem::status).containsExactly(ExecutionStatus.SUCCEEDED,
                ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
                ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED);

        // statusFilter applies; a status no child is in lists nothing.
        List<ExecutionListItem> failed = sfn.listExecutions(b -> b.mapRunArn(arn).statusFilter(ExecutionStatus.FAILED))
                .executions();
        assertThat(failed).extracting(ExecutionListItem::executionArn)
                .containsExactly(children.get(1).executionArn(), children.get(4).executionArn());
        assertThat(sfn.listExecutions(b -> b.mapRunArn(arn).statusFilter(ExecutionStatus.SUCCEEDED)).executions())
                .hasSize(5);
        assertThat(sfn.listExecutions(b -> b.mapRunArn(arn).statusFilter(ExecutionStatus.TIMED_OUT)).executions()).isEmpty();
        assertThat(sfn.listExecutions(b -> b.mapRunArn(arn).redriveFilter("REDRIVEN")).executions()).isEmpty();

        // DescribeExecution of a child: its input, and its output or error, and its run.
        DescribeExecutionResponse bad = sfn.describeExecution(b -> b.executionArn(failed.get(0).executionArn()));
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.mapRunArn()).isEqualTo(arn);
        assertThat(bad.stateMachineArn()).isEqualTo(childMachine);
        assertThat(Json.parse(bad.input())).isEqualTo(Json.parse("{\"id\": \"k5\", \"fail\": true}"));
        assertThat(bad.error()).isEqualTo("Item.Bad");
        assertThat(bad.cause()).isEqualTo("a bad item");
        assertThat(bad.output()).isNull();
        assertThat(bad.redriveStatusAsString()).isEqualTo("REDRIVABLE_BY_MAP_RUN");
        DescribeExecutionResponse good = sfn.describeExecution(b -> b.executionArn(children.get(0).executionArn()));
        assertThat(good.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(good.input())).isEqualTo(Json.parse("{\"id\": \"k6\", \"fail\": false}"));
        assertThat(Json.parse(good.output())).isEqualTo(Json.parse(good.input()));
        assertThat(good.name()).isEqualTo(children.get(0).name());
        assertThat(good.startDate()).isEqualTo(children.get(0).startDate());
        assertThat(sfn.describeExecution(b -> b.executionArn(children.get(0).executionArn())
                .includedData("METADATA_ONLY")).input()).isNull();

        // Its history: its start and its end, from its record.
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(bad.executionArn())).events())
                .extracting(HistoryEvent::typeAsString).containsExactly("ExecutionStarted", "ExecutionFailed");
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(good.executionArn()).reverseOrder(true)).events())
                .first().satisfies(event -> assertThat(Json.parse(event.executionSucceededEventDetails().output()))
                        .isEqualTo(Json.parse(good.output())));

        // The parent machine lists its execution, never the children; the parent names no Map Run.
        String parentMachine = sfn.describeExecution(b -> b.executionArn(execution)).stateMachineArn();
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(parentMachine)).executions())
                .extracting(ExecutionListItem::executionArn).containsExactly(execution);
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).mapRunArn()).isNull();
        String unknownChild = childMachine.replace(":stateMachine:", ":execution:") + ":" + UUID.randomUUID();
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(unknownChild)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void knownFailuresAreWhatTheServiceDoes() throws java.io.IOException {
        java.nio.file.Path list = java.nio.file.Path.of(System.getProperty("basedir", "."))
                .resolve("../test-fixtures/map-runs-known-failures.txt").normalize();
        List<String> cases = java.nio.file.Files.readAllLines(list).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('#')).trim()).toList();
        assertThat(cases).as("every case in %s has a check below", list).containsExactlyInAnyOrder(
                "GetExecutionHistory.childStates", "ChildExecution.otherOperations", "ListMapRuns.nestedMapRun",
                "DescribeMapRun.unmeasuredCounts");

        String nested = machine("""
                {"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "ItemsPath": "$.outer", "Label": "Outer",
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Inner", "States": {"Inner": {"Type": "Map", "ItemsPath": "$.inner", "Label": "Inner",
                      "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                        "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                      "End": true}}},
                  "End": true}}}
                """);
        String execution = start(nested, "{\"outer\": [{\"inner\": [1, 2]}, {\"inner\": [3]}]}");
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String outer = mapRunArn(execution);
        List<ExecutionListItem> children = sfn.listExecutions(b -> b.mapRunArn(outer)).executions();
        assertThat(children).hasSize(2);
        String child = children.get(0).executionArn();

        // GetExecutionHistory.childStates: a child's history is its start and end only.
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(child)).events()).extracting(HistoryEvent::typeAsString)
                .containsExactly("ExecutionStarted", "ExecutionSucceeded");

        // ChildExecution.otherOperations: a child is not an execution of its own to stop, redrive or ask the machine of.
        assertThatThrownBy(() -> sfn.stopExecution(b -> b.executionArn(child)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeStateMachineForExecution(b -> b.executionArn(child)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.redriveExecution(b -> b.executionArn(child)))
                .isInstanceOf(ExecutionDoesNotExistException.class);

        // ListMapRuns.nestedMapRun: only the outer run is the execution's.
        assertThat(sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns()).singleElement()
                .satisfies(run -> assertThat(run.mapRunArn()).isEqualTo(outer));

        // DescribeMapRun.unmeasuredCounts
        DescribeMapRunResponse run = describe(outer);
        assertThat(run.itemCounts().succeeded()).isEqualTo(2);
        for (var counts : List.of(List.of(run.itemCounts().timedOut(), run.itemCounts().resultsWritten(),
                run.itemCounts().failuresNotRedrivable(), run.itemCounts().pendingRedrive()), List.of(
                run.executionCounts().timedOut(), run.executionCounts().resultsWritten(),
                run.executionCounts().failuresNotRedrivable(), run.executionCounts().pendingRedrive()))) {
            assertThat(counts).containsOnly(0L);
        }
    }
}
