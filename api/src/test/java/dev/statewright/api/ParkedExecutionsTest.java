package dev.statewright.api;

import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Executions parked in a Wait hold no thread: timers are entries on one scheduler, not sleepers. */
class ParkedExecutionsTest {

    @Test
    void tenThousandExecutionsInAnHourLongWaitNeedNoMoreThanTenThreads() {
        try (StatewrightService service = StatewrightService.start(
                ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1.0), TaskHandlers.none())) {
            StepFunctions api = service.stepFunctions();
            String machine = api.createStateMachine("parked", """
                    {"StartAt": "Hour", "States": {"Hour": {"Type": "Wait", "Seconds": 3600, "End": true}}}
                    """, "arn:aws:iam::123456789012:role/r", StateMachineType.STANDARD, Map.of()).arn();
            int threadsBefore = Thread.activeCount();
            List<CompletableFuture<ExecutionRecord>> starts = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                starts.add(api.startExecution(machine, "e" + i, "{}"));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();

            assertThat(api.listExecutions(machine, ExecutionStatus.RUNNING, 20_000, null).executions()).hasSize(10_000);
            assertThat(Thread.activeCount() - threadsBefore).as("threads added for 10,000 parked executions")
                    .isLessThanOrEqualTo(10);
            // Each is really parked in its Wait, not finished or failed.
            String last = api.listExecutions(machine, null, 1, null).executions().get(0).arn();
            assertThat(api.history(last)).extracting(e -> e.type())
                    .containsExactly("ExecutionStarted", "WaitStateEntered");
        }
    }
}
