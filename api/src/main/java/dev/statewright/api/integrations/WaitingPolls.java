package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Workers waiting in GetActivityTask on this node, per activity, oldest first. A poll waits
 * without a thread and ends with a task or, after the poll timeout (AWS: 60 s), with none.
 */
final class WaitingPolls {
    /** One waiting GetActivityTask. */
    record Poll(CompletableFuture<ObjectNode> answer, String workerName) {
    }

    private final ScheduledExecutorService timers;
    private final Duration timeout;
    private final Map<String, Deque<Poll>> polls = new HashMap<>();

    WaitingPolls(ScheduledExecutorService timers, Duration timeout) {
        this.timers = timers;
        this.timeout = timeout;
    }

    /** A new poll, last in line; however it ends (a task, the timeout, a client gone) it leaves the line. */
    synchronized Poll add(String activityArn, String workerName) {
        Poll poll = new Poll(new CompletableFuture<>(), workerName);
        polls.computeIfAbsent(activityArn, arn -> new ArrayDeque<>()).add(poll);
        ScheduledFuture<?> timer = timers.schedule(() -> poll.answer().complete(Json.object()), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        poll.answer().whenComplete((task, failure) -> {
            timer.cancel(false);
            forget(activityArn, poll);
        });
        return poll;
    }

    /** The longest-waiting poll still open, taken out of line; null when none waits. */
    synchronized Poll next(String activityArn) {
        Deque<Poll> waiting = polls.get(activityArn);
        while (waiting != null && !waiting.isEmpty()) {
            Poll poll = waiting.poll();
            if (!poll.answer().isDone()) {
                return poll;
            }
        }
        return null;
    }

    /** A poll {@link #next} gave that got no task after all: first in line again. */
    synchronized void putBack(String activityArn, Poll poll) {
        if (!poll.answer().isDone()) {
            polls.computeIfAbsent(activityArn, arn -> new ArrayDeque<>()).addFirst(poll);
        }
    }

    synchronized boolean anyFor(String activityArn) {
        Deque<Poll> waiting = polls.get(activityArn);
        return waiting != null && !waiting.isEmpty();
    }

    /** Every poll for the activity ends with no task (it was deleted). */
    void endAll(String activityArn) {
        Deque<Poll> waiting;
        synchronized (this) {
            waiting = polls.remove(activityArn);
        }
        if (waiting != null) {
            waiting.forEach(poll -> poll.answer().complete(Json.object()));
        }
    }

    /** How many polls wait, over all activities. */
    synchronized int count() {
        return polls.values().stream().mapToInt(Deque::size).sum();
    }

    private synchronized void forget(String activityArn, Poll poll) {
        Deque<Poll> waiting = polls.get(activityArn);
        if (waiting != null) {
            waiting.remove(poll);
            if (waiting.isEmpty()) {
                polls.remove(activityArn);
            }
        }
    }
}
