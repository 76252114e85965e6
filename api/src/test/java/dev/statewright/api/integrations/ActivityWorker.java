package dev.statewright.api.integrations;

import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * A test worker for one activity: polls GetActivityTask until it gets a task, then acts as its
 * plan says (answers with the input, fails, heartbeats first, or keeps the task and stays silent).
 * Its call returns null when all went as planned, or what went wrong.
 */
record ActivityWorker(SfnClient sfn, String activityArn, ServiceCasePlan plan) implements Callable<String> {
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(20);

    @Override
    public String call() throws InterruptedException {
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        GetActivityTaskResponse task = null;
        while (Instant.now().isBefore(deadline) && (task == null || task.taskToken() == null)) {
            task = sfn.getActivityTask(b -> b.activityArn(activityArn).workerName(plan.workerName()));
        }
        if (task == null || task.taskToken() == null) {
            return "the worker for " + activityArn + " got no task";
        }
        String token = task.taskToken();
        String input = task.input();
        for (int i = 0; i < plan.heartbeats(); i++) {
            Thread.sleep(300);
            sfn.sendTaskHeartbeat(b -> b.taskToken(token));
        }
        switch (plan.behaviour()) {
            case ECHO_ACTIVITY_INPUT -> sfn.sendTaskSuccess(b -> b.taskToken(token).output(input));
            case FAIL_WITH_INPUT_AS_CAUSE -> sfn.sendTaskFailure(b -> b.taskToken(token).error(plan.error())
                    .cause(Json.write(Json.parse(input))));
            case TAKE_TASK_AND_STAY_SILENT -> { }
            default -> {
                return "no activity worker does " + plan.behaviour();
            }
        }
        return null;
    }
}
