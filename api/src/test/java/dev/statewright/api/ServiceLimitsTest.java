package dev.statewright.api;

import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AWS's limits inside the service: payload sizes and the history limit end in AWS's errors, stored whole. */
class ServiceLimitsTest {
    private static StatewrightService service;
    private static StepFunctions api;

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0),
                TaskHandlers.none());
        api = service.stepFunctions();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String machine(String name, String definition) {
        return api.createStateMachine(name, definition, "arn:aws:iam::123456789012:role/r", StateMachineType.STANDARD,
                Map.of()).arn();
    }

    @Test
    void aRunawayLoopFailsAtAwsHistoryLimitWithItsWholeHistoryStored() throws Exception {
        String loop = machine("runaway", """
                {"StartAt": "Spin", "States": {
                  "Spin": {"Type": "Pass", "Next": "Again"},
                  "Again": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}],
                            "Default": "Spin"},
                  "Done": {"Type": "Succeed"}}}
                """);
        ExecutionRecord started = api.startExecution(loop, "spin", "{}").join();
        ExecutionRecord ended = waitFor(started.arn());
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("States.Runtime");
        assertThat(ended.cause()).contains("25000");
        List<HistoryEvent> history = api.history(started.arn());
        assertThat(history).hasSize(25_000);
        assertThat(history.get(history.size() - 1).type()).isEqualTo("ExecutionFailed");
        assertThat(history.get(24_999).id()).isEqualTo(25_000);
    }

    @Test
    void anExecutionInputOverTheLimitIsRefusedAtStart() {
        String pass = machine("big-input", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
                """);
        String big = "{\"x\": \"" + "a".repeat(256 * 1024) + "\"}";
        assertThatThrownBy(() -> api.startExecution(pass, "big", big))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.type()).isEqualTo("InvalidExecutionInput"));
        assertThatThrownBy(() -> api.startExecution(pass, "notjson", "{oops"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.type()).isEqualTo("InvalidExecutionInput"));
    }

    @Test
    void aStateOutputOverTheLimitFailsTheExecutionWithDataLimitExceeded() throws Exception {
        String grow = machine("grow", """
                {"StartAt": "Double", "States": {"Double": {"Type": "Pass",
                  "Parameters": {"a.$": "$.s", "b.$": "$.s", "c.$": "$.s"}, "End": true}}}
                """);
        String input = "{\"s\": \"" + "x".repeat(100 * 1024) + "\"}";
        ExecutionRecord started = api.startExecution(grow, "grow", input).join();
        ExecutionRecord ended = waitFor(started.arn());
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("States.DataLimitExceeded");
    }

    private static ExecutionRecord waitFor(String arn) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            ExecutionRecord record = api.describeExecution(arn);
            if (record.status().isFinished()) {
                return record;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(arn + " did not finish");
    }
}
