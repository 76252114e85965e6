package dev.statewright.api.runtime;

import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.engine.TaskTokens;

import java.util.regex.Pattern;

/**
 * Task tokens of activity tasks. The engine draws no token for them (only for
 * {@code .waitForTaskToken}), so theirs are made from the attempt: the same attempt of the same
 * state gives the same token, and a worker that took the task before a restart still answers it.
 * Like a drawn token, it ends with the ARN of the execution that drives the task, so a node that
 * receives the worker's SendTask* can pass it on to that execution's node.
 */
public final class ActivityTokens {
    private static final Pattern ACTIVITY = Pattern.compile("arn:[^:]+:states:[^:]*:[^:]*:activity:.+");

    private ActivityTokens() {
    }

    /** Whether a Task's resource is an activity. */
    public static boolean isActivity(String resource) {
        return resource != null && ACTIVITY.matcher(resource).matches();
    }

    /** The token of an activity task driven by {@code drivingExecutionArn} (a Distributed Map's parent for its children). */
    public static String issue(TaskRequest request, String drivingExecutionArn) {
        return TaskTokens.derive(older(request), drivingExecutionArn);
    }

    /**
     * The token the same task had before tokens named their execution (two UUIDs); still accepted
     * for a task sent again after an upgrade, whose worker may hold it. Also the token where no
     * execution drives the task (a state tested alone).
     */
    public static String older(TaskRequest request) {
        return TaskAttempt.id(request, "activity") + "-" + TaskAttempt.id(request, "activity token");
    }
}
