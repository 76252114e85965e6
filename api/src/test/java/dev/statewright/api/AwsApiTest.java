package dev.statewright.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesResponse;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.StopExecutionResponse;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.statewright.api.SfnTestClients.client;
import static dev.statewright.api.SfnTestClients.awaitEnd;

/**
 * Every operation of the AWS Step Functions API, called through the real AWS SDK for Java v2, as
 * a user pointing their SDK at Statewright would.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class AwsApiTest {

    /** Where the service keeps its executions: in memory here; a subclass runs the same tests on another store. */
    protected ServiceConfig onStore(ServiceConfig config) {
        return config.withDataDirectory(null);
    }

    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static final String ACCOUNT_PREFIX = "arn:aws:states:us-east-1:123456789012:";
    /** A task handler that answers {"echo": its input}. */
    private static final String ECHO = "arn:aws:lambda:us-east-1:123456789012:function:echo";

    private static StatewrightService service;
    /** A service with Waits in real time, for an execution that must stay parked. */
    private static StatewrightService realTimeService;
    private static SfnClient sfn;
    private static SfnClient realTimeSfn;

    private static final String PASS = """
            {"StartAt": "Hello", "States": {
              "Hello": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hello {}', $.who)"}, "End": true}}}
            """;
    private static final String TWO_PASSES = """
            {"StartAt": "One", "States": {
              "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Two"},
              "Two": {"Type": "Pass", "Result": 2, "ResultPath": "$.two", "Next": "Done"},
              "Done": {"Type": "Succeed"}}}
            """;
    private static final String CHOOSE = """
            {"StartAt": "Choose", "States": {
              "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Boom"}],
                         "Default": "Fine"},
              "Boom": {"Type": "Fail", "Error": "Custom.Boom", "Cause": "asked to fail"},
              "Fine": {"Type": "Pass", "End": true}}}
            """;
    private static final String ECHO_TASK = """
            {"StartAt": "Echo", "States": {
              "Echo": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(ECHO);
    private static final String LONG_WAIT = """
            {"StartAt": "Park", "States": {
              "Park": {"Type": "Wait", "Seconds": 3600, "End": true}}}
            """;
    private static final String MISSING_NEXT = """
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "Nowhere"}}}
            """;

    @BeforeAll
    void startServices() {
        TaskHandlers handlers = TaskHandlers.builder()
                .resource(ECHO, request -> CompletableFuture.completedFuture(Json.object().set("echo", request.input())))
                .build();
        service = StatewrightService.start(onStore(ServiceConfig.defaults().withPort(0)
                .withWaitTimeScale(0)), handlers);
        realTimeService = StatewrightService.start(onStore(ServiceConfig.defaults().withPort(0)
                .withWaitTimeScale(1)), TaskHandlers.none());
        sfn = client(service.port());
        realTimeSfn = client(realTimeService.port());
    }

    @AfterAll
    void stopServices() {
        sfn.close();
        realTimeSfn.close();
        service.close();
        realTimeService.close();
    }


    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static String createExpress(String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();
    }

    private static String start(String machineArn, String name, String input) {
        return sfn.startExecution(b -> b.stateMachineArn(machineArn).name(name).input(input)).executionArn();
    }

    /** Polls the history until an event of this type is committed (the execution then sits after it). */
    private static void awaitEvent(SfnClient client, String executionArn, HistoryEventType type) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (client.getExecutionHistory(b -> b.executionArn(executionArn)).events().stream()
                .noneMatch(e -> e.type() == type)) {
            assertThat(Instant.now()).as("no %s in %s", type, executionArn).isBefore(deadline);
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) {
        return Json.parse(text);
    }

    // ---- state machines ----

    @Test
    void createStateMachineAndDescribeIt() {
        String name = unique("create");
        Instant before = Instant.now().minusSeconds(1);
        CreateStateMachineResponse created = sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(ROLE));

        assertThat(created.stateMachineArn()).isEqualTo(ACCOUNT_PREFIX + "stateMachine:" + name);
        assertThat(created.creationDate()).isAfter(before).isBefore(Instant.now().plusSeconds(1));

        DescribeStateMachineResponse described = sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
        assertThat(described.stateMachineArn()).isEqualTo(created.stateMachineArn());
        assertThat(described.name()).isEqualTo(name);
        assertThat(described.definition()).isEqualTo(PASS);
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(described.statusAsString()).isEqualTo("ACTIVE");
        assertThat(described.creationDate()).isEqualTo(created.creationDate());
    }

    @Test
    void createStateMachineIsIdempotentForTheSameSettings() {
        String name = unique("idempotent");
        CreateStateMachineResponse first = sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(ROLE));
        CreateStateMachineResponse again = sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(ROLE));

        assertThat(again.stateMachineArn()).isEqualTo(first.stateMachineArn());
        assertThat(again.creationDate()).isEqualTo(first.creationDate());

        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name(name).definition(TWO_PASSES).roleArn(ROLE)))
                .isInstanceOf(StateMachineAlreadyExistsException.class)
                .hasMessageContaining(first.stateMachineArn());
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name(name).definition(PASS)
                .roleArn("arn:aws:iam::123456789012:role/other")))
                .isInstanceOf(StateMachineAlreadyExistsException.class);
    }

    @Test
    void createStateMachineWithAnInvalidDefinitionGivesTheValidatorsDiagnostic() {
        assertThatThrownBy(() -> create(unique("invalid"), MISSING_NEXT))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("MISSING_TRANSITION_TARGET")
                .hasMessageContaining("/States/A/Next");
        assertThatThrownBy(() -> create(unique("invalid"), "{not json"))
                .isInstanceOf(InvalidDefinitionException.class);
    }

    @Test
    void createStateMachineRejectsInvalidNames() {
        assertThatThrownBy(() -> create("has space", PASS)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> create("colon:name", PASS)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> create("x".repeat(81), PASS)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void listStateMachinesPagesWithMaxResultsAndNextToken() {
        String prefix = unique("list");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(prefix + "-" + i, PASS));
        }

        List<StateMachineListItem> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            ListStateMachinesResponse page = sfn.listStateMachines(b -> b.maxResults(2).nextToken(from));
            assertThat(page.stateMachines()).hasSizeLessThanOrEqualTo(2);
            all.addAll(page.stateMachines());
            token = page.nextToken();
            pages++;
        } while (token != null);

        List<String> arns = all.stream().map(StateMachineListItem::stateMachineArn).collect(Collectors.toList());
        assertThat(arns).doesNotHaveDuplicates().containsAll(created);
        assertThat(pages).isEqualTo((arns.size() + 1) / 2);
        StateMachineListItem first = all.stream().filter(m -> m.stateMachineArn().equals(created.get(0))).findFirst()
                .orElseThrow();
        assertThat(first.name()).isEqualTo(prefix + "-0");
        assertThat(first.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(first.creationDate()).isNotNull();

        // Without maxResults everything (fewer than the default page) comes at once.
        assertThat(sfn.listStateMachines(b -> { }).stateMachines()).hasSameSizeAs(all);
    }

    @Test
    void updateStateMachineChangesWhatNewExecutionsRun() {
        // On the real-time service, so that the first execution is still in its Wait when the machine changes.
        String machine = realTimeSfn.createStateMachine(b -> b.name(unique("update")).roleArn(ROLE).definition("""
                {"StartAt": "Pause", "States": {
                  "Pause": {"Type": "Wait", "Seconds": 2, "Next": "Which"},
                  "Which": {"Type": "Pass", "Result": "v1", "End": true}}}
                """)).stateMachineArn();
        String old = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("before")).executionArn();
        awaitEvent(realTimeSfn, old, HistoryEventType.WAIT_STATE_ENTERED);
        String revision = realTimeSfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId();

        String v2 = """
                {"StartAt": "Which", "States": {"Which": {"Type": "Pass", "Result": "v2", "End": true}}}
                """;
        UpdateStateMachineResponse updated = realTimeSfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(v2));
        assertThat(updated.updateDate()).isNotNull();
        assertThat(updated.revisionId()).isNotNull().isNotEqualTo(revision);

        DescribeStateMachineResponse described = realTimeSfn.describeStateMachine(b -> b.stateMachineArn(machine));
        assertThat(described.definition()).isEqualTo(v2);
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.revisionId()).isEqualTo(updated.revisionId());

        String fresh = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("after")).executionArn();
        assertThat(json(awaitEnd(realTimeSfn, fresh).output())).isEqualTo(json("\"v2\""));

        // The execution that was running keeps the definition it started with.
        assertThat(realTimeSfn.describeExecution(b -> b.executionArn(old)).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(json(awaitEnd(realTimeSfn, old).output())).isEqualTo(json("\"v1\""));
        assertThat(realTimeSfn.describeStateMachineForExecution(b -> b.executionArn(old)).definition()).contains("\"v1\"");
        assertThat(realTimeSfn.describeStateMachineForExecution(b -> b.executionArn(fresh)).definition()).isEqualTo(v2);

        String role = "arn:aws:iam::123456789012:role/another";
        realTimeSfn.updateStateMachine(b -> b.stateMachineArn(machine).roleArn(role));
        assertThat(realTimeSfn.describeStateMachine(b -> b.stateMachineArn(machine)).roleArn()).isEqualTo(role);
        assertThat(realTimeSfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition()).isEqualTo(v2);
    }

    @Test
    void updateStateMachineErrors() {
        String machine = create(unique("update-errors"), PASS);
        assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(MISSING_NEXT)))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("MISSING_TRANSITION_TARGET");
        // AWS's own type for an update that changes nothing.
        assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(machine)))
                .isInstanceOf(MissingRequiredParameterException.class);
        assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(ACCOUNT_PREFIX + "stateMachine:"
                + unique("absent")).definition(PASS)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition()).isEqualTo(PASS);
    }

    @Test
    void deleteStateMachine() {
        String name = unique("delete");
        String machine = create(name, PASS);
        String execution = start(machine, "ran", "{\"who\": \"x\"}");
        awaitEnd(sfn, execution);

        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));

        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machine)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThat(sfn.listStateMachines(b -> { }).stateMachines())
                .extracting(StateMachineListItem::stateMachineArn).doesNotContain(machine);
        assertThatThrownBy(() -> start(machine, "after-delete", "{}"))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        // Its executions are still there, with the definition they ran.
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(execution)).definition()).isEqualTo(PASS);
        // Deleting again is not an error; the name can be used afresh.
        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
        assertThat(create(name, TWO_PASSES)).isEqualTo(machine);
    }

    @Test
    void validateStateMachineDefinition() {
        ValidateStateMachineDefinitionResponse ok = sfn.validateStateMachineDefinition(b -> b.definition(PASS));
        assertThat(ok.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(ok.diagnostics()).isEmpty();

        ValidateStateMachineDefinitionResponse fail = sfn.validateStateMachineDefinition(b -> b.definition(MISSING_NEXT));
        assertThat(fail.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(fail.diagnostics()).anySatisfy(d -> {
            assertThat(d.severityAsString()).isEqualTo("ERROR");
            assertThat(d.code()).isEqualTo("MISSING_TRANSITION_TARGET");
            assertThat(d.location()).isEqualTo("/States/A/Next");
            assertThat(d.message()).isNotBlank();
        });
        assertThat(fail.truncated()).isFalse();

        ValidateStateMachineDefinitionResponse notJson = sfn.validateStateMachineDefinition(b -> b.definition("{oops"));
        assertThat(notJson.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(notJson.diagnostics()).isNotEmpty();
    }

    @Test
    void definitionsWithTextAfterTheJsonAreInvalid() {
        String trailing = PASS + " and more";
        assertThat(sfn.validateStateMachineDefinition(b -> b.definition(trailing)).result())
                .isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThatThrownBy(() -> create(unique("trailing"), trailing))
                .isInstanceOf(InvalidDefinitionException.class);
    }

    @Test
    void validateTakesTheMachineTypeIntoAccount() {
        // A Wait is fine in both types, but .sync integrations are not allowed in EXPRESS machines.
        String sync = """
                {"StartAt": "Run", "States": {"Run": {"Type": "Task",
                  "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x"},
                  "End": true}}}
                """;
        assertThat(sfn.validateStateMachineDefinition(b -> b.definition(sync)).result())
                .isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(sfn.validateStateMachineDefinition(b -> b.definition(sync)
                .type(StateMachineType.EXPRESS)).result())
                .isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
    }

    // ---- executions ----

    @Test
    void startExecutionAndDescribeItsSuccess() {
        String machine = create(unique("run"), PASS);
        Instant before = Instant.now().minusSeconds(1);
        StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(machine).name("first")
                .input("{\"who\": \"world\"}"));
        assertThat(started.executionArn()).isEqualTo(machine.replace(":stateMachine:", ":execution:") + ":first");
        assertThat(started.startDate()).isAfter(before);

        DescribeExecutionResponse done = awaitEnd(sfn, started.executionArn());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.name()).isEqualTo("first");
        assertThat(done.stateMachineArn()).isEqualTo(machine);
        assertThat(done.startDate()).isEqualTo(started.startDate());
        assertThat(done.stopDate()).isAfterOrEqualTo(done.startDate());
        assertThat(json(done.input())).isEqualTo(json("{\"who\": \"world\"}"));
        assertThat(json(done.output())).isEqualTo(json("{\"greeting\": \"hello world\"}"));
        assertThat(done.error()).isNull();
        assertThat(done.cause()).isNull();
    }

    @Test
    void startExecutionWithoutNameOrInput() {
        String machine = create(unique("defaults"), TWO_PASSES);
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.name()).isNotBlank();
        assertThat(json(done.input())).isEqualTo(json("{}"));
        assertThat(json(done.output())).isEqualTo(json("{\"one\": 1, \"two\": 2}"));
    }

    @Test
    void describeExecutionAfterAFailState() {
        String machine = create(unique("fail"), CHOOSE);
        String execution = start(machine, "boom", "{\"fail\": true}");
        DescribeExecutionResponse done = awaitEnd(sfn, execution);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Custom.Boom");
        assertThat(done.cause()).isEqualTo("asked to fail");
        assertThat(done.output()).isNull();
        assertThat(done.stopDate()).isNotNull();
    }

    @Test
    void describeExecutionAfterATimeout() {
        // In real time: on the service that skips Waits, the machine's TimeoutSeconds (real time) would come second.
        String machine = realTimeSfn.createStateMachine(b -> b.name(unique("timeout")).roleArn(ROLE).definition("""
                {"TimeoutSeconds": 1, "StartAt": "Long", "States": {
                  "Long": {"Type": "Wait", "Seconds": 5, "End": true}}}
                """)).stateMachineArn();
        String execution = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("slow").input("{}")).executionArn();
        DescribeExecutionResponse done = awaitEnd(realTimeSfn, execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(done.error()).isEqualTo("States.Timeout");
        assertThat(realTimeSfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.TIMED_OUT))
                .executions()).extracting(ExecutionListItem::executionArn).containsExactly(execution);
        List<HistoryEvent> events = realTimeSfn.getExecutionHistory(b -> b.executionArn(execution)).events();
        assertThat(events.get(events.size() - 1).type()).isEqualTo(HistoryEventType.EXECUTION_TIMED_OUT);
    }

    @Test
    void startExecutionIsIdempotentWhileRunningWithTheSameInput() {
        String machine = realTimeSfn.createStateMachine(b -> b.name(unique("idem-run")).definition(LONG_WAIT)
                .roleArn(ROLE)).stateMachineArn();
        String input = "{\"n\": 1, \"s\": \"x\"}";
        StartExecutionResponse first = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("once").input(input));
        // The same JSON, written differently, is the same input.
        StartExecutionResponse again = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("once")
                .input("{ \"s\" : \"x\", \"n\" : 1 }"));
        assertThat(again.executionArn()).isEqualTo(first.executionArn());
        assertThat(again.startDate()).isEqualTo(first.startDate());

        assertThatThrownBy(() -> realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class)
                .hasMessageContaining(first.executionArn());

        realTimeSfn.stopExecution(b -> b.executionArn(first.executionArn()));
        // Once it has ended the name is taken, even with the same input.
        assertThatThrownBy(() -> realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("once").input(input)))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThat(realTimeSfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void startExecutionErrors() {
        String machine = create(unique("start-errors"), PASS);
        assertThatThrownBy(() -> start(machine, "bad", "not json"))
                .isInstanceOf(InvalidExecutionInputException.class);
        assertThatThrownBy(() -> start(machine, "trailing", "{\"a\": 1} trailing"))
                .isInstanceOf(InvalidExecutionInputException.class);
        assertThatThrownBy(() -> start(machine, "empty", ""))
                .isInstanceOf(InvalidExecutionInputException.class);
        assertThatThrownBy(() -> start(machine, "bad name", "{}"))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> start(ACCOUNT_PREFIX + "stateMachine:" + unique("absent"), "x", "{}"))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> start("arn:aws:lambda:us-east-1:123456789012:function:f", "x", "{}"))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.name("no-machine")))
                .isInstanceOf(ValidationException.class);
        // None of the failed starts left an execution behind.
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void startSyncExecutionOnAnExpressMachine() {
        String machine = createExpress(unique("express"), PASS);
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).type()).isEqualTo(StateMachineType.EXPRESS);

        StartSyncExecutionResponse result = sfn.startSyncExecution(b -> b.stateMachineArn(machine).name("sync")
                .input("{\"who\": \"sync\"}"));
        assertThat(result.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(json(result.output())).isEqualTo(json("{\"greeting\": \"hello sync\"}"));
        assertThat(json(result.input())).isEqualTo(json("{\"who\": \"sync\"}"));
        assertThat(result.name()).isEqualTo("sync");
        assertThat(result.stateMachineArn()).isEqualTo(machine);
        assertThat(result.startDate()).isNotNull();
        assertThat(result.stopDate()).isAfterOrEqualTo(result.startDate());
        // EXPRESS executions have ARNs of their own: express:MACHINE:NAME:UUID.
        assertThat(result.executionArn()).startsWith(ACCOUNT_PREFIX + "express:" + machine.substring(machine.lastIndexOf(':') + 1)
                + ":sync:");
    }

    @Test
    void startSyncExecutionReportsAFailure() {
        String machine = createExpress(unique("express-fail"), CHOOSE);
        StartSyncExecutionResponse result = sfn.startSyncExecution(b -> b.stateMachineArn(machine)
                .input("{\"fail\": true}"));
        assertThat(result.status()).isEqualTo(SyncExecutionStatus.FAILED);
        assertThat(result.error()).isEqualTo("Custom.Boom");
        assertThat(result.cause()).isEqualTo("asked to fail");
        assertThat(result.output()).isNull();
    }

    @Test
    void startSyncExecutionOnAStandardMachineIsAnError() {
        String machine = create(unique("standard-sync"), PASS);
        assertThatThrownBy(() -> sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{}")))
                .isInstanceOf(StateMachineTypeNotSupportedException.class);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
    }

    @Test
    void describeStateMachineForExecution() {
        String name = unique("for-execution");
        String machine = create(name, PASS);
        String execution = start(machine, "e", "{\"who\": \"x\"}");
        awaitEnd(sfn, execution);

        DescribeStateMachineForExecutionResponse described =
                sfn.describeStateMachineForExecution(b -> b.executionArn(execution));
        assertThat(described.stateMachineArn()).isEqualTo(machine);
        assertThat(described.name()).isEqualTo(name);
        assertThat(described.definition()).isEqualTo(PASS);
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.updateDate()).isNotNull();

        assertThatThrownBy(() -> sfn.describeStateMachineForExecution(b -> b.executionArn(execution + "-absent")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeStateMachineForExecution(b -> b.executionArn(machine)))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void listExecutionsFiltersByStatusAndPages() {
        String machine = create(unique("list-executions"), CHOOSE);
        List<String> succeeded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            succeeded.add(start(machine, "ok-" + i, "{\"fail\": false}"));
        }
        for (int i = 0; i < 2; i++) {
            failed.add(start(machine, "ko-" + i, "{\"fail\": true}"));
        }
        succeeded.forEach(arn -> awaitEnd(sfn, arn));
        failed.forEach(arn -> awaitEnd(sfn, arn));

        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.FAILED)).executions())
                .extracting(ExecutionListItem::executionArn).containsExactlyInAnyOrderElementsOf(failed);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.SUCCEEDED))
                .executions()).extracting(ExecutionListItem::executionArn).containsExactlyInAnyOrderElementsOf(succeeded);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING))
                .executions()).isEmpty();

        List<ExecutionListItem> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            ListExecutionsResponse page = sfn.listExecutions(b -> b.stateMachineArn(machine).maxResults(2).nextToken(from));
            assertThat(page.executions()).hasSizeLessThanOrEqualTo(2);
            all.addAll(page.executions());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(all).extracting(ExecutionListItem::executionArn).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(concat(succeeded, failed));
        // Newest first, as on AWS.
        assertThat(all).extracting(ExecutionListItem::startDate)
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        ExecutionListItem item = all.stream().filter(e -> e.name().equals("ko-0")).findFirst().orElseThrow();
        assertThat(item.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(item.stateMachineArn()).isEqualTo(machine);
        assertThat(item.stopDate()).isNotNull();
    }

    @Test
    void listExecutionsShowsRunningOnes() {
        String machine = realTimeSfn.createStateMachine(b -> b.name(unique("list-running")).definition(LONG_WAIT)
                .roleArn(ROLE)).stateMachineArn();
        String running = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("waiting")).executionArn();
        assertThat(realTimeSfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING))
                .executions()).extracting(ExecutionListItem::executionArn).containsExactly(running);
        DescribeExecutionResponse described = realTimeSfn.describeExecution(b -> b.executionArn(running));
        assertThat(described.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(described.stopDate()).isNull();
        assertThat(described.output()).isNull();

        realTimeSfn.stopExecution(b -> b.executionArn(running));
        assertThat(realTimeSfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING))
                .executions()).isEmpty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void getExecutionHistory() {
        String machine = create(unique("history"), TWO_PASSES);
        String execution = start(machine, "h", "{\"start\": true}");
        awaitEnd(sfn, execution);

        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(
                HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.PASS_STATE_ENTERED, HistoryEventType.PASS_STATE_EXITED,
                HistoryEventType.SUCCEED_STATE_ENTERED, HistoryEventType.SUCCEED_STATE_EXITED,
                HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(events.get(0).previousEventId()).isEqualTo(0L);
        assertThat(events.get(1).previousEventId()).isEqualTo(1L);
        assertThat(events).extracting(HistoryEvent::timestamp).allSatisfy(t -> assertThat(t).isNotNull())
                .isSorted();

        assertThat(json(events.get(0).executionStartedEventDetails().input())).isEqualTo(json("{\"start\": true}"));
        assertThat(events.get(0).executionStartedEventDetails().roleArn()).isEqualTo(ROLE);
        assertThat(events.get(1).stateEnteredEventDetails().name()).isEqualTo("One");
        assertThat(json(events.get(2).stateExitedEventDetails().output()))
                .isEqualTo(json("{\"start\": true, \"one\": 1}"));
        assertThat(json(events.get(7).executionSucceededEventDetails().output()))
                .isEqualTo(json("{\"start\": true, \"one\": 1, \"two\": 2}"));

        List<HistoryEvent> reversed = sfn.getExecutionHistory(b -> b.executionArn(execution).reverseOrder(true)).events();
        assertThat(reversed).extracting(HistoryEvent::id).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);

        List<HistoryEvent> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(b -> b.executionArn(execution).maxResults(3)
                    .nextToken(from));
            assertThat(page.events()).hasSizeLessThanOrEqualTo(3);
            paged.addAll(page.events());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).isEqualTo(events);

        List<HistoryEvent> reversedPaged = new ArrayList<>();
        token = null;
        do {
            String from = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(b -> b.executionArn(execution).maxResults(5)
                    .reverseOrder(true).nextToken(from));
            reversedPaged.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        assertThat(reversedPaged).isEqualTo(reversed);
    }

    @Test
    void getExecutionHistoryWithoutExecutionData() {
        String machine = create(unique("history-nodata"), TWO_PASSES);
        String execution = start(machine, "h", "{\"secret\": 42}");
        awaitEnd(sfn, execution);

        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution)
                .includeExecutionData(false)).events();
        assertThat(events).hasSize(8);
        assertThat(events.get(0).executionStartedEventDetails().input()).isNull();
        assertThat(events.get(0).executionStartedEventDetails().roleArn()).isEqualTo(ROLE);
        assertThat(events.get(1).stateEnteredEventDetails().name()).isEqualTo("One");
        assertThat(events.get(1).stateEnteredEventDetails().input()).isNull();
        assertThat(events.get(2).stateExitedEventDetails().name()).isEqualTo("One");
        assertThat(events.get(2).stateExitedEventDetails().output()).isNull();
        assertThat(events.get(7).executionSucceededEventDetails().output()).isNull();
        assertThat(events).allSatisfy(event -> assertThat(event.toString()).doesNotContain("secret"));

        List<HistoryEvent> withData = sfn.getExecutionHistory(b -> b.executionArn(execution)
                .includeExecutionData(true)).events();
        assertThat(withData.get(0).executionStartedEventDetails().input()).contains("secret");
    }

    @Test
    void historyOfAFailedExecution() {
        String machine = create(unique("history-fail"), CHOOSE);
        String execution = start(machine, "f", "{\"fail\": true}");
        awaitEnd(sfn, execution);
        List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(
                HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.CHOICE_STATE_ENTERED, HistoryEventType.CHOICE_STATE_EXITED,
                HistoryEventType.FAIL_STATE_ENTERED,
                HistoryEventType.EXECUTION_FAILED);
        HistoryEvent last = events.get(events.size() - 1);
        assertThat(last.executionFailedEventDetails().error()).isEqualTo("Custom.Boom");
        assertThat(last.executionFailedEventDetails().cause()).isEqualTo("asked to fail");
    }

    @Test
    void stopExecutionParkedInALongWait() {
        String machine = realTimeSfn.createStateMachine(b -> b.name(unique("park")).definition(LONG_WAIT).roleArn(ROLE))
                .stateMachineArn();
        String execution = realTimeSfn.startExecution(b -> b.stateMachineArn(machine).name("parked")).executionArn();
        awaitEvent(realTimeSfn, execution, HistoryEventType.WAIT_STATE_ENTERED);
        assertThat(realTimeSfn.describeExecution(b -> b.executionArn(execution)).status())
                .isEqualTo(ExecutionStatus.RUNNING);

        Instant before = Instant.now().minusSeconds(1);
        StopExecutionResponse stopped = realTimeSfn.stopExecution(b -> b.executionArn(execution)
                .error("Operator.Stop").cause("no longer needed"));
        assertThat(stopped.stopDate()).isAfter(before).isBefore(Instant.now().plusSeconds(1));

        DescribeExecutionResponse described = realTimeSfn.describeExecution(b -> b.executionArn(execution));
        assertThat(described.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(described.stopDate()).isEqualTo(stopped.stopDate());
        assertThat(described.error()).isEqualTo("Operator.Stop");
        assertThat(described.cause()).isEqualTo("no longer needed");

        List<HistoryEvent> events = realTimeSfn.getExecutionHistory(b -> b.executionArn(execution)).events();
        assertThat(events.get(0).type()).isEqualTo(HistoryEventType.EXECUTION_STARTED);
        assertThat(events).extracting(HistoryEvent::type).contains(HistoryEventType.WAIT_STATE_ENTERED);
        HistoryEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
        assertThat(last.executionAbortedEventDetails().error()).isEqualTo("Operator.Stop");
        assertThat(last.executionAbortedEventDetails().cause()).isEqualTo("no longer needed");

        // Stopping it again changes nothing.
        realTimeSfn.stopExecution(b -> b.executionArn(execution));
        assertThat(realTimeSfn.getExecutionHistory(b -> b.executionArn(execution)).events()).hasSameSizeAs(events);
        assertThat(realTimeSfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.ABORTED))
                .executions()).extracting(ExecutionListItem::executionArn).containsExactly(execution);
    }

    @Test
    void stopExecutionErrors() {
        assertThatThrownBy(() -> sfn.stopExecution(b -> b.executionArn(ACCOUNT_PREFIX + "execution:"
                + unique("absent") + ":x")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.stopExecution(b -> b.executionArn("nonsense")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.stopExecution(b -> { }))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void taskStatesCallTheirHandlers() {
        String machine = create(unique("task"), ECHO_TASK);
        String execution = start(machine, "t", "{\"n\": 7}");
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"echo\": {\"n\": 7}}"));
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(execution)).events()).extracting(HistoryEvent::type)
                .contains(HistoryEventType.LAMBDA_FUNCTION_SCHEDULED, HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED);

        StartSyncExecutionResponse sync = sfn.startSyncExecution(b -> b.stateMachineArn(
                createExpress(unique("task-express"), ECHO_TASK)).input("{\"m\": 1}"));
        assertThat(sync.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(json(sync.output())).isEqualTo(json("{\"echo\": {\"m\": 1}}"));
    }

    // ---- tags ----

    @Test
    void tagUntagAndListTags() {
        String machine = sfn.createStateMachine(b -> b.name(unique("tags")).definition(PASS).roleArn(ROLE)
                .tags(Tag.builder().key("team").value("core").build())).stateMachineArn();
        assertThat(tags(machine)).containsExactlyInAnyOrderEntriesOf(Map.of("team", "core"));

        sfn.tagResource(b -> b.resourceArn(machine).tags(Tag.builder().key("env").value("test").build(),
                Tag.builder().key("team").value("platform").build()));
        assertThat(tags(machine)).containsExactlyInAnyOrderEntriesOf(Map.of("team", "platform", "env", "test"));

        sfn.untagResource(b -> b.resourceArn(machine).tagKeys("team", "not-there"));
        assertThat(tags(machine)).containsExactlyInAnyOrderEntriesOf(Map.of("env", "test"));

        // Tags do not change the machine otherwise.
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition()).isEqualTo(PASS);
    }

    @Test
    void tagErrors() {
        String absent = ACCOUNT_PREFIX + "stateMachine:" + unique("absent");
        assertThatThrownBy(() -> sfn.listTagsForResource(b -> b.resourceArn(absent)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.tagResource(b -> b.resourceArn(absent).tags(Tag.builder().key("k").value("v").build())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.untagResource(b -> b.resourceArn(absent).tagKeys("k")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.listTagsForResource(b -> b.resourceArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.listTagsForResource(b -> { }))
                .isInstanceOf(ValidationException.class);
    }

    private static Map<String, String> tags(String arn) {
        return sfn.listTagsForResource(b -> b.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    // ---- error cases ----

    @Test
    void invalidArns() {
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(ACCOUNT_PREFIX + "execution:m:e")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(ACCOUNT_PREFIX + "stateMachine:m")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn("arn:aws:states:us-east-1:1:nothing")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.deleteStateMachine(b -> b.stateMachineArn("bad")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn("bad")))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void resourcesThatDoNotExist() {
        String machine = ACCOUNT_PREFIX + "stateMachine:" + unique("absent");
        String execution = ACCOUNT_PREFIX + "execution:" + unique("absent") + ":e";
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machine)))
                .isInstanceOf(StateMachineDoesNotExistException.class)
                .hasMessageContaining(machine);
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(machine)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(execution)))
                .isInstanceOf(ExecutionDoesNotExistException.class)
                .hasMessageContaining(execution);
        assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(execution)))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void missingRequiredMembers() {
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> { }))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("stateMachineArn");
        assertThatThrownBy(() -> sfn.describeExecution(b -> { }))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("executionArn");
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name(unique("no-definition")).roleArn(ROLE)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("definition");
        assertThatThrownBy(() -> sfn.validateStateMachineDefinition(b -> { }))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> sfn.untagResource(b -> b.resourceArn(ACCOUNT_PREFIX + "stateMachine:x")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void invalidPageTokens() {
        String machine = create(unique("tokens"), PASS);
        assertThatThrownBy(() -> sfn.listStateMachines(b -> b.nextToken("garbage!")))
                .isInstanceOf(InvalidTokenException.class);
        // A token pointing before the start of the list is refused too, not a 500.
        String negative = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("stateMachines:-1".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> sfn.listStateMachines(b -> b.nextToken(negative)))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(machine).nextToken("garbage")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void executionsRunConcurrently() {
        String machine = create(unique("many"), PASS);
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            executions.add(start(machine, "e" + i, "{\"who\": \"" + i + "\"}"));
        }
        for (int i = 0; i < executions.size(); i++) {
            DescribeExecutionResponse done = awaitEnd(sfn, executions.get(i));
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(json(done.output())).isEqualTo(json("{\"greeting\": \"hello " + i + "\"}"));
        }
    }
}
