package dev.statewright.api.properties;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.Arns;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.StoreOptions;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Starting the service for the properties, and reading back what it acknowledged. */
final class ServiceRuns {
    private ServiceRuns() {
    }

    /**
     * A service on a data directory with small log segments, a short activity poll (a poll with
     * no task would otherwise be answered after AWS's 60 s) and the given wait scale.
     */
    static StatewrightService start(Path dataDirectory, double waitTimeScale) {
        return StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(dataDirectory)
                .withWaitTimeScale(waitTimeScale).withActivityPollTimeout(Duration.ofMillis(100))
                .withStoreOptions(StoreOptions.defaults().withSegmentBytes(1 << 20)));
    }

    /**
     * The machines and activity the generated requests name most (m1, m2, express-1, wait-m,
     * activity-m, callback-m, act1), so that starts, histories and tokens get past "does not exist".
     */
    static void createKnownResources(Traffic traffic) {
        Map<String, String> machines = new java.util.LinkedHashMap<>();
        machines.put("m1", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        machines.put("m2", "{\"StartAt\": \"C\", \"States\": {\"C\": {\"Type\": \"Choice\", \"Choices\": [{\"Variable\": \"$.n\","
                + " \"IsNumeric\": true, \"Next\": \"F\"}], \"Default\": \"S\"}, \"F\": {\"Type\": \"Fail\", \"Error\": \"Numeric\"},"
                + " \"S\": {\"Type\": \"Succeed\"}}}");
        machines.put("wait-m", AwsRequests.WAIT_MACHINE);
        machines.put("activity-m", AwsRequests.ACTIVITY_MACHINE);
        machines.put("callback-m", AwsRequests.CALLBACK_MACHINE);
        for (Map.Entry<String, String> machine : machines.entrySet()) {
            create(traffic, "CreateStateMachine", Json.object().put("name", machine.getKey()).put("definition", machine.getValue())
                    .put("roleArn", AwsRequests.ROLE));
        }
        create(traffic, "CreateStateMachine", Json.object().put("name", "express-1").put("type", "EXPRESS")
                .put("roleArn", AwsRequests.ROLE)
                .put("definition", machines.get("m1")));
        create(traffic, "CreateActivity", Json.object().put("name", "act1"));
    }

    private static void create(Traffic traffic, String operation, com.fasterxml.jackson.databind.node.ObjectNode members) {
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        members.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
        Answer answer = traffic.send(new AwsRequests.AwsRequest("AWSStepFunctions." + operation, AnswerShape.AWS_JSON, fields, 0, ""));
        assertThat(answer.status()).as("%s %s: %s", operation, members, answer).isEqualTo(200);
    }

    /**
     * Every acknowledged execution is there, through DescribeExecution, with the input it was started
     * with; an EXPRESS one, which AWS's DescribeExecution refuses, through the service's own reads.
     */
    static void assertAcknowledgedReadBack(StatewrightService service, Session session, String when) {
        Wire wire = new Wire(service.port());
        for (Map.Entry<String, String> execution : session.acknowledged().entrySet()) {
            if (Arns.isExpress(execution.getKey())) {
                ExecutionRecord stored = service.stepFunctions().describeExecution(execution.getKey());
                if (!execution.getValue().equals(stored.input())) {
                    throw new AssertionError(when + ": the input of " + execution.getKey() + " reads back otherwise: "
                            + firstDifference(execution.getValue(), stored.input()));
                }
                continue;
            }
            HttpCall describe = new HttpCall("POST", "/", Map.of("X-Amz-Target", "AWSStepFunctions.DescribeExecution",
                    "Content-Type", AnswerShape.AWS_JSON),
                    HttpCall.utf8(Json.write(Json.object().put("executionArn", execution.getKey()))));
            Answer answer = wire.send(describe);
            assertThat(answer.status()).as("%s: DescribeExecution of %s: %s", when, execution.getKey(), answer).isEqualTo(200);
            JsonNode described = answer.json().orElseThrow();
            String input = described.path("input").textValue();
            if (!execution.getValue().equals(input)) {
                throw new AssertionError(when + ": the input of " + execution.getKey() + " reads back otherwise: "
                        + firstDifference(execution.getValue(), input));
            }
            assertThat(described.path("status").asText()).as("%s: the status of %s", when, execution.getKey())
                    .isIn("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");
        }
    }

    /** Where two texts part, with some context and the UTF-16 units there, for messages about long texts. */
    static String firstDifference(String expected, String actual) {
        if (actual == null) {
            return "no input at all (expected " + expected.length() + " characters)";
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 40);
        return "lengths " + expected.length() + " and " + actual.length() + ", first difference at " + at
                + ": expected ..." + expected.substring(from, Math.min(expected.length(), at + 40)) + "... ("
                + units(expected, at) + "), got ..." + actual.substring(from, Math.min(actual.length(), at + 40)) + "... ("
                + units(actual, at) + ")";
    }

    private static String units(String text, int at) {
        StringBuilder units = new StringBuilder();
        for (int i = at; i < Math.min(text.length(), at + 4); i++) {
            units.append(String.format("\\u%04x", (int) text.charAt(i)));
        }
        return units.toString();
    }

    static Path newDataDirectory() {
        try {
            return Files.createTempDirectory("statewright-properties-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
