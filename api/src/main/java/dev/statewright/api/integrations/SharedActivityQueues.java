package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.store.FencedWriteException;
import dev.statewright.api.store.ForwardedInput;
import dev.statewright.api.store.SharedActivityTasks;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskTokens;
import dev.statewright.interpreter.json.Json;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Activity tasks of nodes sharing a database: an execution's task goes into the shared table, and
 * GetActivityTask on any node takes from it, so workers may poll whichever node a load balancer
 * gives them. The node that drives the execution keeps the task's answer; the node that hands the
 * task out tells it which worker took it (directly, or through the inbox when another node drives
 * it), and the worker's SendTask* finds it by the execution its token names.
 *
 * <p>At least once, as elsewhere: a task taken by a worker just before its node died, whose
 * pick-up was not yet journaled, is offered again after the takeover.
 */
public final class SharedActivityQueues implements ActivityTaskQueue {
    /** The kind of {@link ForwardedInput} that tells the driving node a worker took its task. */
    public static final String PICKED_UP = "activityPickedUp";
    private static final Logger LOG = Logger.getLogger(SharedActivityQueues.class.getName());
    private static final long RETRY_MILLIS = 1_000;

    /** A task offered by an execution this node drives. */
    private record Offered(String activityArn, ActivityTask task, AtomicBoolean taken) {
    }

    /** Passes an input to the node that drives an execution; false when no other node drives it. */
    @FunctionalInterface
    public interface PassOn {
        boolean forward(String executionArn, String kind, String body);
    }

    private final SharedActivityTasks table;
    private final PassOn elsewhere;
    private final ScheduledExecutorService timers;
    private final WaitingPolls polls;
    /** The database work, one call at a time in order: a task's removal never overtakes its addition. */
    private final ExecutorService io = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statewright-activity-tasks");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Offered> offered = new ConcurrentHashMap<>();

    /**
     * @param elsewhere passes a pick-up to the node that drives the task's execution
     * @param timers    ends polls that got no task within {@code pollTimeout}
     */
    public SharedActivityQueues(SharedActivityTasks table, PassOn elsewhere,
                                ScheduledExecutorService timers, Duration pollTimeout) {
        this.table = table;
        this.elsewhere = elsewhere;
        this.timers = timers;
        this.polls = new WaitingPolls(timers, pollTimeout);
        table.onArrival(activityArn -> {
            if (polls.anyFor(activityArn)) {
                io.execute(() -> serve(activityArn));
            }
        });
    }

    @Override
    public void offer(String activityArn, ActivityTask task) {
        String token = task.token();
        offered.put(token, new Offered(activityArn, task, new AtomicBoolean()));
        task.answer().whenComplete((result, failure) -> {
            // A task whose execution moved to another node stays in the table: that node offered it again.
            if (offered.remove(token) != null && !FencedWriteException.isMove(failure)) {
                io.execute(() -> quietly(() -> table.drop(token), "remove the ended activity task"));
            }
        });
        io.execute(() -> add(activityArn, task));
    }

    /** Adds the task to the table; while the database is away, tries again until it takes it or the task ends. */
    private void add(String activityArn, ActivityTask task) {
        if (task.answer().isDone()) {
            return;
        }
        try {
            table.add(activityArn, task.token(), Json.write(task.input()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not queue an activity task for " + activityArn + " (" + e.getMessage()
                    + "); trying again", e);
            timers.schedule(() -> io.execute(() -> add(activityArn, task)), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public CompletableFuture<ObjectNode> poll(String activityArn, String workerName) {
        CompletableFuture<ObjectNode> poll = polls.add(activityArn, workerName).answer();
        io.execute(() -> serve(activityArn));
        return poll;
    }

    /** Hands the activity's tasks in the table to the workers waiting here, oldest first, while both last. */
    private void serve(String activityArn) {
        while (true) {
            WaitingPolls.Poll poller = polls.next(activityArn);
            if (poller == null) {
                return;
            }
            Optional<SharedActivityTasks.Taken> taken;
            try {
                taken = table.take(activityArn);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not take an activity task of " + activityArn + " (" + e.getMessage()
                        + "); the worker waits for the next task or its poll's end", e);
                polls.putBack(activityArn, poller);
                return;
            }
            if (taken.isEmpty()) {
                polls.putBack(activityArn, poller);
                return;
            }
            SharedActivityTasks.Taken task = taken.get();
            if (!pickedUp(task.token(), poller.workerName())) {
                polls.putBack(activityArn, poller); // a task whose execution gave up on it: gone, take the next
                continue;
            }
            ObjectNode answer = Json.object().put("taskToken", task.token()).put("input", task.input());
            if (!poller.answer().complete(answer)) {
                // The worker's poll ended meanwhile: the task goes back for the next worker.
                quietly(() -> table.add(activityArn, task.token(), task.input()), "queue an activity task again");
            }
        }
    }

    /**
     * Tells the execution that a worker took its task: here when this node drives it, else through
     * the node that does. False for a task nobody waits for any more (its execution ended, or it
     * is being resumed here and will offer the task again).
     */
    private boolean pickedUp(String token, String workerName) {
        Offered local = offered.get(token);
        if (local != null) {
            if (local.task().answer().isDone()) {
                return false;
            }
            local.taken().set(true);
            local.task().pickedUp().accept(workerName);
            return true;
        }
        Optional<String> execution = TaskTokens.executionOf(token);
        if (execution.isEmpty()) {
            return false;
        }
        try {
            return elsewhere.forward(execution.get(), PICKED_UP, Json.write(Json.object().put("taskToken", token)
                    .put("workerName", workerName)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not tell the node driving " + execution.get() + " that a worker took its"
                    + " activity task (" + e.getMessage() + "); the worker gets it anyway", e);
            return true;
        }
    }

    /** A pick-up another node passed on for a task offered here; false for an input of another kind. */
    public boolean takeForwarded(ForwardedInput input) {
        if (!PICKED_UP.equals(input.kind())) {
            return false;
        }
        JsonNode body = Json.parse(input.body());
        Offered local = offered.get(body.path("taskToken").asText());
        if (local == null || local.task().answer().isDone()) {
            LOG.fine(() -> "A worker took an activity task of " + input.executionArn() + " that had ended here");
            return true;
        }
        local.taken().set(true);
        local.task().pickedUp().accept(body.path("workerName").isTextual() ? body.get("workerName").asText() : null);
        return true;
    }

    @Override
    public void remove(String activityArn) {
        io.execute(() -> quietly(() -> table.dropAll(activityArn), "remove the tasks of a deleted activity"));
        offered.values().stream().filter(each -> each.activityArn().equals(activityArn) && !each.taken().get())
                .forEach(each -> each.task().answer().completeExceptionally(new StatesException(StatesErrors.TASK_FAILED,
                        "The activity " + activityArn + " was deleted before a worker took this task")));
        polls.endAll(activityArn);
    }

    @Override
    public int queuedTasks() {
        return (int) offered.values().stream().filter(each -> !each.taken().get()).count();
    }

    @Override
    public int waitingPolls() {
        return polls.count();
    }

    private static void quietly(Runnable work, String what) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not " + what + " (" + e.getMessage() + ")", e);
        }
    }
}
