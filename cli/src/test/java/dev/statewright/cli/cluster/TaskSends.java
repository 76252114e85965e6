package dev.statewright.cli.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every time a task reached the outside (a Lambda invocation, an activity task handed to a worker),
 * by task and by node, with when its answer was given back: the test's own account of what was
 * sent, to count sends per task without trusting the service.
 *
 * <p>A task is named by what is in its payload (execution, state, Map index, retry count), so a
 * retry is a task of its own and a task sent again after a takeover is the same task.
 */
final class TaskSends {
    /** One send of a task by a node; {@link #answeredAt} is set once the answer was given back (or failed to be). */
    static final class Send {
        final String task;
        final int node;
        final long sentAt;
        private volatile long answeredAt;

        private Send(String task, int node, long sentAt) {
            this.task = task;
            this.node = node;
            this.sentAt = sentAt;
        }

        /** When the answer went back (System.nanoTime), or 0 while it has not. */
        long answeredAt() {
            return answeredAt;
        }

        void answered() {
            answeredAt = System.nanoTime();
        }

        @Override
        public String toString() {
            return "node " + node + " at " + sentAt / 1_000_000 + " ms, answered "
                    + (answeredAt == 0 ? "never" : "at " + answeredAt / 1_000_000 + " ms");
        }
    }

    private final List<Send> sends = new ArrayList<>();

    /** Records that {@code node} sent {@code task} now. */
    synchronized Send sent(String task, int node) {
        Send send = new Send(task, node, System.nanoTime());
        sends.add(send);
        return send;
    }

    /** Every task's sends, first first. */
    synchronized Map<String, List<Send>> byTask() {
        Map<String, List<Send>> byTask = new LinkedHashMap<>();
        sends.stream().sorted(Comparator.comparingLong(send -> send.sentAt))
                .forEach(send -> byTask.computeIfAbsent(send.task, key -> new ArrayList<>()).add(send));
        return byTask;
    }

    /** How many sends {@code node} made whose answer has not gone back yet. */
    synchronized long unanswered(int node) {
        return sends.stream().filter(send -> send.node == node && send.answeredAt == 0).count();
    }

    synchronized long count(int node) {
        return sends.stream().filter(send -> send.node == node).count();
    }
}
