package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ObservabilityConfig;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.engine.TaskHandlers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status change of 100 executions reaches a webhook, in order per execution, in
 * EventBridge's "Step Functions Execution Status Change" shape, though the webhook refuses every
 * fifth request (the sender retries).
 */
class EventsWebhookTest {

    @Test
    void everyStatusChangeOfAHundredExecutionsArrivesInOrder() {
        try (TestWebhook webhook = new TestWebhook()) {
            webhook.refuse(request -> request % 5 == 0);
            ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                    .withObservability(ObservabilityConfig.NONE.withWebhooks(List.of(webhook.url())));
            try (StatewrightService service = StatewrightService.start(config, TaskHandlers.none())) {
                AwsCalls aws = new AwsCalls(service.port());
                String succeeds = aws.createMachine("events-ok", """
                        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "Next": "P"},
                         "P": {"Type": "Pass", "Result": {"done": true}, "End": true}}}""", null);
                String fails = aws.createMachine("events-fail", """
                        {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Custom.Boom", "Cause": "asked to"}}}""",
                        null);
                List<String> arns = new ArrayList<>();
                Map<String, List<String>> expected = new HashMap<>();
                for (int i = 0; i < 100; i++) {
                    boolean ok = i % 3 != 0;
                    String arn = aws.start(ok ? succeeds : fails, "e" + i, "{\"n\": " + i + "}");
                    arns.add(arn);
                    expected.put(arn, List.of("RUNNING", ok ? "SUCCEEDED" : "FAILED"));
                }
                List<JsonNode> events = webhook.awaitAll(arns, expected, Duration.ofSeconds(60));
                // Refused requests are retried, never recorded twice: each execution's two events, once each, in order.
                assertThat(TestWebhook.statusesByExecution(events)).isEqualTo(expected);
                assertThat(webhook.headerIds()).isEqualTo(events.stream().map(event -> event.get("id").asText()).toList());
                assertThat(events.stream().map(event -> event.get("id").asText()).distinct()).hasSize(200);

                JsonNode described = aws.describe(arns.get(1));
                JsonNode succeeded = events.stream().filter(event -> event.at("/detail/executionArn").asText().equals(arns.get(1))
                        && event.at("/detail/status").asText().equals("SUCCEEDED")).findFirst().orElseThrow();
                assertThat(names(succeeded)).containsExactly("version", "id", "detail-type", "source", "account", "time",
                        "region", "resources", "detail");
                assertThat(succeeded.get("version").asText()).isEqualTo("0");
                assertThat(succeeded.get("detail-type").asText()).isEqualTo("Step Functions Execution Status Change");
                assertThat(succeeded.get("source").asText()).isEqualTo("aws.states");
                assertThat(succeeded.get("account").asText()).isEqualTo("123456789012");
                assertThat(succeeded.get("region").asText()).isEqualTo("us-east-1");
                assertThat(succeeded.get("resources")).hasSize(1);
                assertThat(succeeded.get("resources").get(0).asText()).isEqualTo(arns.get(1));
                assertThat(succeeded.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                JsonNode detail = succeeded.get("detail");
                assertThat(detail.get("stateMachineArn").asText()).isEqualTo(succeeds);
                assertThat(detail.get("name").asText()).isEqualTo("e1");
                assertThat(detail.get("startDate").asLong()).isEqualTo(millis(described.get("startDate")));
                assertThat(detail.get("stopDate").asLong()).isEqualTo(millis(described.get("stopDate")));
                assertThat(detail.get("input").asText()).isEqualTo("{\"n\": 1}");
                assertThat(detail.at("/inputDetails/included").asBoolean()).isTrue();
                assertThat(detail.get("output").asText()).isEqualTo(described.get("output").asText());
                assertThat(detail.at("/outputDetails/included").asBoolean()).isTrue();
                assertThat(detail.get("error").isNull()).isTrue();
                assertThat(detail.get("redriveCount").asInt()).isZero();
                assertThat(detail.get("redriveStatus").asText()).isEqualTo("NOT_REDRIVABLE");
                assertThat(detail.get("redriveStatusReason").asText()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");

                JsonNode running = events.stream().filter(event -> event.at("/detail/executionArn").asText().equals(arns.get(0))
                        && event.at("/detail/status").asText().equals("RUNNING")).findFirst().orElseThrow();
                assertThat(running.at("/detail/stopDate").isNull()).isTrue();
                assertThat(running.at("/detail/output").isNull()).isTrue();
                assertThat(running.at("/detail/outputDetails").isNull()).isTrue();
                JsonNode failed = events.stream().filter(event -> event.at("/detail/executionArn").asText().equals(arns.get(0))
                        && event.at("/detail/status").asText().equals("FAILED")).findFirst().orElseThrow();
                assertThat(failed.at("/detail/error").asText()).isEqualTo("Custom.Boom");
                assertThat(failed.at("/detail/cause").asText()).isEqualTo("asked to");
                assertThat(failed.at("/detail/redriveStatus").asText()).isEqualTo("REDRIVABLE");

                assertThat(aws.get("/metrics")).contains("statewright_events_pending 0.0")
                        .contains("statewright_events_delivered_total 200.0");
                assertThat(webhook.requests()).isGreaterThan(200); // the refused ones were sent again
            }
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The AWS protocol's date (epoch seconds, fractional) in milliseconds. */
    private static long millis(JsonNode date) {
        return Instant.ofEpochMilli(Math.round(date.asDouble() * 1000)).toEpochMilli();
    }
}
