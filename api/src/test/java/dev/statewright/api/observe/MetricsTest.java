package dev.statewright.api.observe;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandlers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /metrics after a known set of executions: every count is the one those executions make. */
class MetricsTest {
    private static final String ECHO = "arn:aws:states:::test:echo";
    private static final String HANG = "arn:aws:states:::test:hang";

    @Test
    void countsWhatAKnownSetOfExecutionsDid() {
        TaskHandlers handlers = TaskHandlers.builder()
                .resource(ECHO, request -> request.input().path("fail").asBoolean()
                        ? CompletableFuture.failedFuture(new StatesException("Echo.Refused", "asked to fail"))
                        : CompletableFuture.completedFuture(request.input()))
                .resource(HANG, request -> new CompletableFuture<>())
                .build();
        try (StatewrightService service = StatewrightService.startWithHandlers(ServiceConfig.defaults().withPort(0)
                .withDataDirectory(null).withWaitTimeScale(0), handlers)) {
            AwsCalls aws = new AwsCalls(service.port());
            String pass = aws.createMachine("m-pass", """
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}}""", null);
            String fail = aws.createMachine("m-fail", """
                    {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "E", "Cause": "c"}}}""", null);
            String task = aws.createMachine("m-task", """
                    {"StartAt": "Echo", "States": {"Echo": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(ECHO), null);
            String hang = aws.createMachine("m-timeout", """
                    {"TimeoutSeconds": 1, "StartAt": "Hang", "States": {"Hang": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                    .formatted(HANG), null);
            String callback = aws.createMachine("m-callback", """
                    {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                      "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"QueueUrl": "http://127.0.0.1:1/q", "MessageBody.$": "$$.Task.Token"}, "End": true}}}""", null);

            List<String> ended = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ended.add(aws.start(pass, "p" + i, "{}"));
            }
            for (int i = 0; i < 2; i++) {
                ended.add(aws.start(fail, "f" + i, "{}"));
            }
            ended.add(aws.start(task, "t-ok-1", "{\"fail\": false}"));
            ended.add(aws.start(task, "t-ok-2", "{\"fail\": false}"));
            ended.add(aws.start(task, "t-fail", "{\"fail\": true}"));
            ended.add(aws.start(hang, "timeout", "{}"));
            String waiting = aws.start(callback, "waits", "{}");
            for (String arn : ended) {
                aws.awaitEnd(arn, Duration.ofSeconds(20));
            }
            Map<String, String> parked = awaitMetrics(aws, Map.of(
                    "statewright_executions_running", "1.0",
                    "statewright_executions_parked", "1.0",
                    "statewright_callbacks_waiting", "1.0",
                    "statewright_executions_finished_total{state_machine=\"m-timeout\",status=\"TIMED_OUT\"}", "1.0"));
            assertThat(parked).containsEntry("statewright_activity_tasks_queued", "0.0");

            aws.stop(waiting);
            aws.awaitEnd(waiting, Duration.ofSeconds(10));
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("statewright_executions_started_total{state_machine=\"m-pass\"}", "3.0");
            expected.put("statewright_executions_started_total{state_machine=\"m-fail\"}", "2.0");
            expected.put("statewright_executions_started_total{state_machine=\"m-task\"}", "3.0");
            expected.put("statewright_executions_started_total{state_machine=\"m-timeout\"}", "1.0");
            expected.put("statewright_executions_started_total{state_machine=\"m-callback\"}", "1.0");
            expected.put("statewright_executions_finished_total{state_machine=\"m-pass\",status=\"SUCCEEDED\"}", "3.0");
            expected.put("statewright_executions_finished_total{state_machine=\"m-fail\",status=\"FAILED\"}", "2.0");
            expected.put("statewright_executions_finished_total{state_machine=\"m-task\",status=\"SUCCEEDED\"}", "2.0");
            expected.put("statewright_executions_finished_total{state_machine=\"m-task\",status=\"FAILED\"}", "1.0");
            expected.put("statewright_executions_finished_total{state_machine=\"m-timeout\",status=\"TIMED_OUT\"}", "1.0");
            expected.put("statewright_executions_finished_total{state_machine=\"m-callback\",status=\"ABORTED\"}", "1.0");
            expected.put("statewright_state_transitions_total{state_machine=\"m-pass\"}", "6.0");
            expected.put("statewright_state_transitions_total{state_machine=\"m-fail\"}", "2.0");
            expected.put("statewright_state_transitions_total{state_machine=\"m-task\"}", "3.0");
            expected.put("statewright_execution_state_transitions_count{state_machine=\"m-pass\"}", "3");
            expected.put("statewright_execution_state_transitions_sum{state_machine=\"m-pass\"}", "6.0");
            expected.put("statewright_execution_state_transitions_bucket{state_machine=\"m-pass\",le=\"1.0\"}", "0");
            expected.put("statewright_execution_state_transitions_bucket{state_machine=\"m-pass\",le=\"2.0\"}", "3");
            expected.put("statewright_execution_duration_seconds_count{state_machine=\"m-fail\"}", "2");
            expected.put("statewright_execution_duration_seconds_count{state_machine=\"m-timeout\"}", "1");
            expected.put("statewright_task_duration_seconds_count{resource=\"" + ECHO + "\"}", "3");
            expected.put("statewright_task_errors_total{resource=\"" + ECHO + "\"}", "1.0");
            expected.put("statewright_task_duration_seconds_count{resource=\"" + HANG + "\"}", "1");
            expected.put("statewright_task_errors_total{resource=\"" + HANG + "\"}", "1.0");
            expected.put("statewright_executions_running", "0.0");
            expected.put("statewright_executions_parked", "0.0");
            expected.put("statewright_callbacks_waiting", "0.0");
            Map<String, String> after = awaitMetrics(aws, expected);
            // The machines' durations are real: at least the one-second timeout, under the test's own time.
            assertThat(Double.parseDouble(after.get("statewright_execution_duration_seconds_sum{state_machine=\"m-timeout\"}")))
                    .isBetween(1.0, 20.0);
            assertThat(Long.parseLong(after.get("statewright_store_commit_seconds_count"))).isGreaterThanOrEqualTo(10);
            assertThat(Long.parseLong(after.get("statewright_store_group_batches_count"))).isGreaterThan(0);
            assertThat(after).containsKey("jvm_memory_used_bytes{area=\"heap\"}").containsKey("jvm_threads_current");
            assertThat(after.keySet()).noneMatch(name -> name.startsWith("statewright_") && name.contains("state_machine=\"other\""));
        }
    }

    /** Scrapes until every expected sample has its value (the counts follow the commits by a moment), then returns them all. */
    private static Map<String, String> awaitMetrics(AwsCalls aws, Map<String, String> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, String> samples;
        while (true) {
            samples = samples(aws.get("/metrics"));
            Map<String, String> actual = new LinkedHashMap<>();
            for (String name : expected.keySet()) {
                actual.put(name, samples.get(name));
            }
            if (actual.equals(expected) || System.nanoTime() > deadline) {
                assertThat(actual).isEqualTo(expected);
                return samples;
            }
            AwsCalls.pause();
        }
    }

    private static Map<String, String> samples(String text) {
        Map<String, String> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), line.substring(space + 1));
        }
        return samples;
    }
}
