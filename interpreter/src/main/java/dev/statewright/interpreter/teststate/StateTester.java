package dev.statewright.interpreter.teststate;

import dev.statewright.interpreter.RandomIds;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.Execution;
import dev.statewright.interpreter.engine.ExecutionInfo;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.LocalExecutionLoop;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * AWS's TestState: runs one state, once, through the engine (its data flow, Retry and Catch are
 * the engine's own), and reports how that attempt ended and, at DEBUG and TRACE, each step of its
 * data flow. It never waits for a retry and never goes on to the next state.
 */
public final class StateTester {
    private static final String MACHINE_NAME = "TestStateMachine";

    private final TaskHandlers handlers;
    private final EngineOptions options;

    /** @param handlers what runs the tested Task when the request does not mock it */
    public StateTester(TaskHandlers handlers, EngineOptions options) {
        this.handlers = handlers;
        this.options = options;
    }

    /** @throws TestStateRejected when the definition or the request is not valid */
    public TestStateResult test(TestStateRequest request) {
        TestStateConfiguration configuration = request.configuration() != null ? request.configuration()
                : TestStateConfiguration.none();
        TestStateRequest settled = new TestStateRequest(request.definition(), request.stateName(), request.input(),
                request.inspectionLevel() != null ? request.inspectionLevel() : InspectionLevel.INFO,
                request.variables() != null ? request.variables() : java.util.Map.of(), request.context(),
                request.mock(), configuration);
        TestedState tested = TestedState.of(settled.definition(), settled.stateName(), configuration);
        RequestChecks.check(tested.machine().state(tested.name()), settled);
        TestInspector inspector = new TestInspector(settled);
        Engine engine = new Engine(settled.mock() != null ? mocked(settled.mock()) : handlers, options);
        Instant start = Instant.now();
        LocalExecutionLoop loop = new LocalExecutionLoop(start, 0); // never waits: one attempt decides
        ExecutionInfo express = ExecutionInfo.of(options.region(), options.account(), MACHINE_NAME,
                RandomIds.uuid(new SplittableRandom()), start, settled.input()).asExpress();
        // A test runs as an express execution that no role runs: AWS's context object shows a null RoleArn.
        ExecutionInfo info = new ExecutionInfo(express.executionArn(), express.executionName(), express.stateMachineArn(),
                express.stateMachineName(), null, start, express.input(), null);
        Execution execution = engine.start(tested.machine(), info, loop, null, inspector, settled.variables());
        try {
            loop.runUntil(() -> execution.status().isFinished());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            execution.stop("Statewright.Interrupted", "The thread running the test was interrupted");
            loop.runReady();
        }
        return result(execution.result(), inspector, tested, settled.inspectionLevel());
    }

    /** Every Task resource answers with the mock. */
    private static TaskHandlers mocked(TestStateMock mock) {
        TaskHandler handler = mock instanceof TestStateMock.Failure failure
                ? request -> CompletableFuture.failedFuture(new StatesException(failure.error(), failure.cause()))
                : request -> CompletableFuture.completedFuture(((TestStateMock.Result) mock).value());
        return TaskHandlers.builder().resourcePrefix("", handler).build();
    }

    private static TestStateResult result(ExecutionResult run, TestInspector inspector, TestedState tested,
                                          InspectionLevel level) {
        TestStatus status;
        ErrorDetails details = null;
        String error = run.error();
        String cause = run.cause();
        if (inspector.retriable) {
            status = TestStatus.RETRIABLE;
            details = new ErrorDetails(null, inspector.retryIndex, inspector.retryBackoffSeconds);
        } else if (inspector.catchIndex != null && inspector.exited) {
            status = TestStatus.CAUGHT_ERROR;
            details = new ErrorDetails(inspector.catchIndex, null, null);
            error = inspector.handledError.error();
            cause = inspector.handledError.cause();
        } else if (run.status() == ExecutionStatus.SUCCEEDED) {
            status = TestStatus.SUCCEEDED;
        } else {
            status = TestStatus.FAILED;
            if (inspector.retryIndex != null) {
                details = new ErrorDetails(null, inspector.retryIndex, null);
            }
        }
        boolean exited = status == TestStatus.SUCCEEDED || status == TestStatus.CAUGHT_ERROR;
        InspectionData data = level == InspectionLevel.INFO ? null
                : InspectionRules.inspectionData(tested.machine().state(tested.name()), inspector.steps, details);
        return new TestStateResult(status, exited ? inspector.output : null, exited && status == TestStatus.SUCCEEDED ? null : error,
                exited && status == TestStatus.SUCCEEDED ? null : cause, exited ? inspector.next : null, data);
    }
}
