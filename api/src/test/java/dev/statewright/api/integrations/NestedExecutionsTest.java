package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code states:startExecution}, {@code .sync} and {@code .sync:2}: child executions in the same service. */
class NestedExecutionsTest {
    private static StatewrightService service;
    private static StepFunctions api;
    private static String child;
    private static String failingChild;
    private static String waitingChild;

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1));
        api = service.stepFunctions();
        child = machine("child", """
                {"StartAt": "Double", "States": {"Double": {"Type": "Pass",
                  "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}}
                """);
        failingChild = machine("failing-child", """
                {"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Child.Refused", "Cause": "not today"}}}
                """);
        waitingChild = machine("waiting-child", """
                {"StartAt": "Hour", "States": {"Hour": {"Type": "Wait", "Seconds": 3600, "End": true}}}
                """);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String machine(String name, String definition) {
        return api.createStateMachine(name + "-" + UUID.randomUUID().toString().substring(0, 6), definition,
                "arn:aws:iam::123456789012:role/r", StateMachineType.STANDARD, Map.of()).arn();
    }

    private static ExecutionRecord runParent(String resource, String childArn, String extra) throws InterruptedException {
        String parent = machine("parent", """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", %s
                  "Parameters": {"StateMachineArn": "%s", "Input": {"n": 21}}, "End": true}}}
                """.formatted(resource, extra, childArn));
        ExecutionRecord started = api.startExecution(parent, null, "{}").join();
        for (int i = 0; i < 500; i++) {
            ExecutionRecord record = api.describeExecution(started.arn());
            if (record.status().isFinished()) {
                return record;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the parent did not finish");
    }

    @Test
    void syncWaitsForTheChildAndGivesItsOutputAsText() throws Exception {
        ExecutionRecord parent = runParent("arn:aws:states:::states:startExecution.sync", child, "");
        assertThat(parent.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(parent.output());
        assertThat(output.get("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(output.get("Output").asText()).isEqualTo("{\"doubled\":42}");
        assertThat(output.get("Input").asText()).isEqualTo("{\"n\":21}");
        assertThat(api.describeExecution(output.get("ExecutionArn").asText()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void sync2GivesTheChildsOutputAsJson() throws Exception {
        JsonNode output = Json.parse(runParent("arn:aws:states:::states:startExecution.sync:2", child, "").output());
        assertThat(output.get("Output")).isEqualTo(Json.parse("{\"doubled\": 42}"));
        assertThat(output.get("Input")).isEqualTo(Json.parse("{\"n\": 21}"));
    }

    @Test
    void withoutSyncTheTaskEndsOnceTheChildStarted() throws Exception {
        ExecutionRecord parent = runParent("arn:aws:states:::states:startExecution", waitingChild, "");
        assertThat(parent.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String childArn = Json.parse(parent.output()).get("ExecutionArn").asText();
        assertThat(api.describeExecution(childArn).status()).isEqualTo(ExecutionStatus.RUNNING);
        api.stopExecution(childArn, null, null).join();
    }

    @Test
    void aChildThatFailsFailsTheTaskWithItsDescription() throws Exception {
        ExecutionRecord parent = runParent("arn:aws:states:::states:startExecution.sync", failingChild, "");
        assertThat(parent.error()).isEqualTo("States.TaskFailed");
        JsonNode cause = Json.parse(parent.cause());
        assertThat(cause.get("Status").asText()).isEqualTo("FAILED");
        assertThat(cause.get("Error").asText()).isEqualTo("Child.Refused");
        assertThat(cause.get("Cause").asText()).isEqualTo("not today");
    }

    @Test
    void aChildMachineThatDoesNotExistIsAStepFunctionsError() throws Exception {
        ExecutionRecord parent = runParent("arn:aws:states:::states:startExecution.sync",
                "arn:aws:states:us-east-1:123456789012:stateMachine:nobody", "");
        assertThat(parent.error()).isEqualTo("StepFunctions.StateMachineDoesNotExistException");
        assertThat(parent.cause()).startsWith("State Machine Does Not Exist: 'arn:aws:states:us-east-1:123456789012:stateMachine:nobody'");
    }

    @Test
    void aParentThatGivesUpStopsTheChildItWaitedFor() throws Exception {
        String ownChild = machine("abandoned-child", """
                {"StartAt": "Hour", "States": {"Hour": {"Type": "Wait", "Seconds": 3600, "End": true}}}
                """);
        ExecutionRecord parent = runParent("arn:aws:states:::states:startExecution.sync", ownChild, "\"TimeoutSeconds\": 1,");
        assertThat(parent.error()).isEqualTo("States.Timeout");
        ExecutionRecord stopped = null;
        for (int i = 0; i < 300 && stopped == null; i++) {
            stopped = api.listExecutions(ownChild, ExecutionStatus.ABORTED, 10, null).executions().stream().findFirst()
                    .map(summary -> api.describeExecution(summary.arn())).orElse(null);
            Thread.sleep(10);
        }
        assertThat(stopped).as("the abandoned child was stopped").isNotNull();
    }
}
