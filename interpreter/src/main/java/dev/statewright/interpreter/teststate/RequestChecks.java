package dev.statewright.interpreter.teststate;

import dev.statewright.interpreter.model.MapState;
import dev.statewright.interpreter.model.ParallelState;
import dev.statewright.interpreter.model.State;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.TaskState;

/**
 * What TestState refuses before it runs anything, as AWS does: a mock where nothing would use
 * it, a mock of the wrong shape, and states that could only wait for the world (a worker, a
 * callback, a whole Map or Parallel) without one.
 */
final class RequestChecks {
    private static final java.util.regex.Pattern ACTIVITY = java.util.regex.Pattern.compile("arn:[^:]+:states:[^:]*:[^:]*:activity:.+");

    private RequestChecks() {
    }

    static void check(State state, TestStateRequest request) {
        TestStateMock mock = request.mock();
        boolean runsOthers = state instanceof MapState || state instanceof ParallelState;
        if (mock == null) {
            if (runsOthers) {
                throw TestStateRejected.validation("TestState runs a " + state.type() + " state only with a mock:"
                        + " give mock.result (what its " + (state instanceof MapState ? "iterations" : "branches")
                        + " return) or mock.errorOutput");
            }
            if (state instanceof TaskState task && waitsForTheWorld(task.resource())) {
                throw TestStateRejected.validation("TestState runs the task '" + task.resource() + "' only with a mock:"
                        + " it would wait for a worker or a callback");
            }
        } else if (!(state instanceof TaskState) && !runsOthers) {
            throw TestStateRejected.validation("State type '" + state.type() + "' is not supported when a mock is specified");
        } else if (mock instanceof TestStateMock.Result result) {
            if (state instanceof MapState && !result.value().isArray()) {
                throw TestStateRejected.validation("Mocked result must be an array.");
            }
            if (state instanceof ParallelState parallel && (!result.value().isArray()
                    || result.value().size() != parallel.branches().size())) {
                throw TestStateRejected.validation("Mocked result must be an array with one element per branch ("
                        + parallel.branches().size() + ").");
            }
        }
        String causedBy = request.configuration() == null ? null : request.configuration().errorCausedByState();
        if (causedBy != null && !(state instanceof MapState map && holds(map.processor(), causedBy))) {
            throw TestStateRejected.validation("stateConfiguration.errorCausedByState names '" + causedBy
                    + "', which is not a state in the tested Map state's item processor");
        }
    }

    /** An activity, a callback or a child execution to wait for: nothing in a test would answer it. */
    private static boolean waitsForTheWorld(String resource) {
        return ACTIVITY.matcher(resource).matches() || resource.endsWith(".waitForTaskToken") || resource.contains(".sync");
    }

    private static boolean holds(StateMachine processor, String name) {
        return processor != null && processor.state(name) != null;
    }

}
