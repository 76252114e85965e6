package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * Does the work of Task states for one kind of resource. The engine never calls a network itself.
 *
 * <p>Complete the stage with the result, or exceptionally with a
 * {@link dev.statewright.interpreter.StatesException} to fail with that error and cause; any other
 * exception fails the task with States.TaskFailed. The stage may complete on any thread.
 */
@FunctionalInterface
public interface TaskHandler {
    CompletionStage<JsonNode> invoke(TaskRequest request);

    /**
     * Why the resource cannot be used at all (an activity that does not exist), or null. AWS
     * fails such a state with States.Runtime before it schedules anything, so the engine asks
     * first; the answer must depend on the resource only.
     */
    default String refusal(String resource) {
        return null;
    }
}
