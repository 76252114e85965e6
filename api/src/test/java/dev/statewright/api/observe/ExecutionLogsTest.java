package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.ObservabilityConfig;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Execution logs at each level, compared field by field with the execution's history as AWS's
 * CloudWatch Logs entries render it: id, type, details, previous_event_id, event_timestamp,
 * execution_arn, redrive_count, numbers as strings.
 */
class ExecutionLogsTest {
    private static final String FLAKY = "arn:aws:states:::test:flaky";
    private static final String MACHINE = """
            {"StartAt": "Greet", "States": {
              "Greet": {"Type": "Pass", "Result": {"x": 1}, "Next": "Call"},
              "Call": {"Type": "Task", "Resource": "%s", "Next": "Boom",
                       "Retry": [{"ErrorEquals": ["Flaky.Once"], "IntervalSeconds": 1, "MaxAttempts": 1}]},
              "Boom": {"Type": "Fail", "Error": "Custom.Boom", "Cause": "the end"}}}""".formatted(FLAKY);
    private static final List<String> FIELDS = List.of("id", "type", "details", "previous_event_id", "event_timestamp",
            "execution_arn", "redrive_count");
    private static final Set<String> DATA = Set.of("input", "output", "parameters", "inputDetails", "outputDetails");

    @TempDir
    Path logs;

    @Test
    void eachLevelWritesTheEventsAwsWritesInCloudWatchsShape() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        TaskHandlers handlers = TaskHandlers.builder().resource(FLAKY, request -> calls.incrementAndGet() % 2 == 1
                ? CompletableFuture.failedFuture(new StatesException("Flaky.Once", "first call"))
                : CompletableFuture.completedFuture(Json.object().put("called", true))).build();
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withObservability(ObservabilityConfig.NONE.withLogDirectory(logs));
        try (StatewrightService service = StatewrightService.startWithHandlers(config, handlers)) {
            AwsCalls aws = new AwsCalls(service.port());
            String all = run(aws, "ALL", true, "all");
            String withoutData = run(aws, "ALL", false, "nodata");
            String error = run(aws, "ERROR", true, "error");
            String fatal = run(aws, "FATAL", true, "fatal");
            run(aws, "OFF", true, "off");

            List<JsonNode> history = history(aws, all);
            assertThat(history).extracting(event -> event.get("type").asText()).containsExactly("ExecutionStarted",
                    "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed",
                    "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "FailStateEntered", "ExecutionFailed");
            compare(awaitLines("all", history.size()), history, all, true, 0);
            compare(awaitLines("nodata", history.size()), history(aws, withoutData), withoutData, false, 0);
            compare(awaitLines("error", 3), only(history(aws, error), "TaskFailed", "FailStateEntered", "ExecutionFailed"),
                    error, true, 0);
            compare(awaitLines("fatal", 1), only(history(aws, fatal), "ExecutionFailed"), fatal, true, 0);

            aws.call("RedriveExecution", Json.object().put("executionArn", all));
            aws.awaitEnd(all, Duration.ofSeconds(20));
            List<JsonNode> redriven = history(aws, all);
            List<JsonNode> after = redriven.subList(history.size(), redriven.size());
            assertThat(after.get(0).get("type").asText()).isEqualTo("ExecutionRedriven");
            List<JsonNode> lines = awaitLines("all", redriven.size());
            compare(lines.subList(history.size(), lines.size()), after, all, true, 1);
        }
        // OFF writes nothing at all; every other level wrote its own group's file only.
        try (var files = Files.list(logs)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    "aws_vendedlogs_states_all.log", "aws_vendedlogs_states_nodata.log", "aws_vendedlogs_states_error.log",
                    "aws_vendedlogs_states_fatal.log");
        }
    }

    private String run(AwsCalls aws, String level, boolean includeData, String group) {
        ObjectNode logging = Json.object().put("level", level).put("includeExecutionData", includeData);
        logging.putArray("destinations").addObject().putObject("cloudWatchLogsLogGroup")
                .put("logGroupArn", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/" + group + ":*");
        String machine = aws.createMachine("logs-" + group, MACHINE, logging);
        String execution = aws.start(machine, "run", "{\"who\": \"" + group + "\"}");
        assertThat(aws.awaitEnd(execution, Duration.ofSeconds(20)).get("status").asText()).isEqualTo("FAILED");
        return execution;
    }

    private static List<JsonNode> history(AwsCalls aws, String execution) {
        List<JsonNode> events = new ArrayList<>();
        aws.call("GetExecutionHistory", Json.object().put("executionArn", execution)).get("events").forEach(events::add);
        return events;
    }

    private static List<JsonNode> only(List<JsonNode> history, String... types) {
        Set<String> wanted = Set.of(types);
        return history.stream().filter(event -> wanted.contains(event.get("type").asText())).toList();
    }

    private void compare(List<JsonNode> lines, List<JsonNode> events, String executionArn, boolean withData, int redrives) {
        assertThat(lines).hasSameSizeAs(events);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            JsonNode event = events.get(i);
            List<String> fields = new ArrayList<>();
            line.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("fields of %s", line).containsExactlyElementsOf(FIELDS);
            assertThat(line.get("id").asText()).isEqualTo(event.get("id").asText());
            assertThat(line.get("id").isTextual()).isTrue();
            assertThat(line.get("type").asText()).isEqualTo(event.get("type").asText());
            assertThat(line.get("previous_event_id").asText()).isEqualTo(event.get("previousEventId").asText());
            assertThat(line.get("event_timestamp").asText())
                    .isEqualTo(Long.toString(Math.round(event.get("timestamp").asDouble() * 1000)));
            assertThat(line.get("execution_arn").asText()).isEqualTo(executionArn);
            assertThat(line.get("redrive_count").asText()).isEqualTo(Integer.toString(redrives));
            assertThat(line.get("details")).as("details of %s", line).isEqualTo(expectedDetails(event, withData));
        }
    }

    /** The history event's details object, without the execution's data when it is not to be logged. */
    private static JsonNode expectedDetails(JsonNode event, boolean withData) {
        ObjectNode details = Json.object();
        Iterator<String> names = event.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.endsWith("EventDetails")) {
                event.get(name).fields().forEachRemaining(field -> {
                    if (withData || !DATA.contains(field.getKey())) {
                        details.set(field.getKey(), field.getValue());
                    }
                });
            }
        }
        return details;
    }

    /** The lines of a log group's file once it holds {@code count} (they are written on a thread of their own). */
    private List<JsonNode> awaitLines(String group, int count) throws IOException {
        Path file = logs.resolve("aws_vendedlogs_states_" + group + ".log");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= count || System.nanoTime() > deadline) {
                assertThat(lines).as("lines of %s", file).hasSize(count);
                return lines.stream().map(Json::parse).toList();
            }
            AwsCalls.pause();
        }
    }
}
