package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.json.Json;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Activity tasks of one node, in memory: per activity, the tasks no worker has taken yet and the
 * workers waiting in GetActivityTask. A poll waits (without a thread) up to the poll timeout
 * (AWS: 60 s) and then answers with no task.
 */
public final class ActivityQueues implements ActivityTaskQueue {
    private final Map<String, Deque<ActivityTask>> tasks = new HashMap<>();
    private final WaitingPolls polls;

    public ActivityQueues(ScheduledExecutorService scheduler, Duration pollTimeout) {
        this.polls = new WaitingPolls(scheduler, pollTimeout);
    }

    /** How many activity tasks wait for a worker, over all activities. */
    @Override
    public synchronized int queuedTasks() {
        int queued = 0;
        for (Deque<ActivityTask> waiting : tasks.values()) {
            queued += waiting.size();
        }
        return queued;
    }

    /** How many GetActivityTask calls wait for a task, over all activities. */
    @Override
    public int waitingPolls() {
        return polls.count();
    }

    /** A task for the activity: handed to a waiting worker at once, or queued for the next. */
    @Override
    public synchronized void offer(String activityArn, ActivityTask task) {
        for (WaitingPolls.Poll poll = polls.next(activityArn); poll != null; poll = polls.next(activityArn)) {
            if (poll.answer().complete(describe(task))) {
                task.pickedUp().accept(poll.workerName());
                return;
            }
        }
        tasks.computeIfAbsent(activityArn, arn -> new ArrayDeque<>()).add(task);
    }

    /** GetActivityTask: the next task, or (after the poll timeout) an answer with none. */
    @Override
    public synchronized CompletableFuture<ObjectNode> poll(String activityArn, String workerName) {
        Deque<ActivityTask> queued = tasks.get(activityArn);
        while (queued != null && !queued.isEmpty()) {
            ActivityTask task = queued.poll();
            if (!task.answer().isDone()) { // one the engine gave up on meanwhile is dropped
                task.pickedUp().accept(workerName);
                return CompletableFuture.completedFuture(describe(task));
            }
        }
        return polls.add(activityArn, workerName).answer();
    }

    /** When an activity is deleted: its queued tasks fail, its waiting workers get no task. */
    @Override
    public void remove(String activityArn) {
        Deque<ActivityTask> queued;
        synchronized (this) {
            queued = tasks.remove(activityArn);
        }
        if (queued != null) {
            queued.forEach(task -> task.answer().completeExceptionally(new StatesException(StatesErrors.TASK_FAILED,
                    "The activity " + activityArn + " was deleted before a worker took this task")));
        }
        polls.endAll(activityArn);
    }

    private static ObjectNode describe(ActivityTask task) {
        return Json.object().put("taskToken", task.token()).put("input", Json.write(task.input()));
    }
}
