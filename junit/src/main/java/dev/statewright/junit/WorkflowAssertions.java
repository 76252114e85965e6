package dev.statewright.junit;

/** The entry point of the assertions: {@code assertThat(run).succeeded().hasOutput("...")}. */
public final class WorkflowAssertions {
    private WorkflowAssertions() {
    }

    public static WorkflowRunAssert assertThat(WorkflowRun run) {
        return new WorkflowRunAssert(run);
    }
}
