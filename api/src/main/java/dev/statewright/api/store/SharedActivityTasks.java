package dev.statewright.api.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Activity tasks kept where every node sharing the store sees them, so GetActivityTask on any
 * node hands out the tasks of executions any node drives (see {@link Store#sharedActivityTasks}).
 * A row is the task's token, activity and input; the execution it belongs to is in the token.
 */
public interface SharedActivityTasks {

    /** A task a worker took: removed for every node. */
    record Taken(String token, String input) {
    }

    /** Adds a task (again after a restart: a token added before stays one row) and wakes the nodes' pollers. */
    void add(String activityArn, String token, String input);

    /** Takes the oldest task of the activity, if any; two nodes taking at once never get the same one. */
    Optional<Taken> take(String activityArn);

    /** Removes a task nobody needs any more (answered, timed out, stopped). */
    void drop(String token);

    /** Removes every task of an activity (it was deleted). */
    void dropAll(String activityArn);

    /** From now on, {@code arrived} hears of tasks added for an activity, by any node (on the store's own thread). */
    void onArrival(Consumer<String> arrived);
}
