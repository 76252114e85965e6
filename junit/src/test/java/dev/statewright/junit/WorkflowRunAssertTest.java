package dev.statewright.junit;

import org.junit.jupiter.api.Test;

import static dev.statewright.junit.WorkflowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assertions fail when they should, and say what the run did. */
@StatewrightTest
class WorkflowRunAssertTest {
    private static final String MACHINE = """
            {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"}, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}],
                "OutputPath": "$.Payload", "End": true},
              "Oops": {"Type": "Fail", "Error": "Custom.Oops", "Cause": "it failed"}}}
            """;

    @Test
    void eachAssertionFailsWithWhatTheRunDid(Workflows workflows) {
        WorkflowRun ok = workflows.define(MACHINE).mockReturning("Call", "{\"Payload\": {\"n\": 1}}").run("{}");
        assertThat(ok).succeeded().hasOutput("{\"n\": 1.0}").wentThrough("Call").hasEvent("TaskSucceeded");
        assertThatThrownBy(() -> assertThat(ok).failed())
                .hasMessageContaining("Expected StateMachine to end FAILED, but it ended StateMachine SUCCEEDED through [Call]");
        assertThatThrownBy(() -> assertThat(ok).hasOutput("{\"n\": 2}"))
                .hasMessageContaining("{\"n\":2}").hasMessageContaining("{\"n\":1}");
        assertThatThrownBy(() -> assertThat(ok).wentThrough("Call", "Oops")).hasMessageContaining("[Call, Oops]");
        assertThatThrownBy(() -> assertThat(ok).hasEvents("TaskFailed", 1)).hasMessageContaining("the history has 0");
        assertThatThrownBy(() -> assertThat(ok).passedThrough("Oops")).hasMessageContaining("no Oops after the start");

        WorkflowRun caught = workflows.define(MACHINE).mockFailing("Call", "Lambda.Unknown", "boom").run("{}");
        assertThat(caught).failedWith("Custom.Oops", "it failed").wentThrough("Call", "Oops").entered("Oops", 1)
                .hasEventsInOrder("TaskFailed", "FailStateEntered", "ExecutionFailed");
        assertThatThrownBy(() -> assertThat(caught).failedWith("Lambda.Unknown"))
                .hasMessageContaining("failed with Custom.Oops: it failed");
    }

    @Test
    void anUnmockedTaskFailsSayingSoAndAMockCalledTooOftenIsStatesRuntime(Workflows workflows) {
        String noCatch = MACHINE.replace(", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Oops\"}]",
                ", \"Retry\": [{\"ErrorEquals\": [\"States.TaskFailed\"], \"MaxAttempts\": 3}]");
        assertThat(workflows.define(noCatch).run("{}")).failedWith("States.TaskFailed");
        assertThat(workflows.define(noCatch).mock("Call", MockAnswer.inOrder(MockAnswer.failing("States.TaskFailed", "x")))
                .run("{}")).failedWith("States.Runtime");
    }
}
