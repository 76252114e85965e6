package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.concurrent.CompletableFuture;

/**
 * Activity tasks on their way to workers: what executions offer and GetActivityTask takes. One
 * node keeps them in memory ({@link ActivityQueues}); nodes sharing a database keep them there
 * ({@link SharedActivityQueues}), so a worker polling any node gets the tasks of every node.
 */
public interface ActivityTaskQueue {

    /** A task for the activity: handed to a waiting worker, or kept for the next. */
    void offer(String activityArn, ActivityTask task);

    /** GetActivityTask: completes with {@code {taskToken, input}}, or after the poll timeout with an empty object. */
    CompletableFuture<ObjectNode> poll(String activityArn, String workerName);

    /** When an activity is deleted: its waiting tasks fail, its waiting workers get no task. */
    void remove(String activityArn);

    /** How many activity tasks offered here wait for a worker. */
    int queuedTasks();

    /** How many GetActivityTask calls wait here for a task. */
    int waitingPolls();
}
