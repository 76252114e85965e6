package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.statewright.api.ObservabilityConfig;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status events through a real RabbitMQ: published to a topic exchange with publisher confirms,
 * every status change of 100 executions reaches the bound queue in order per execution, each a
 * persistent JSON message whose message id is the event's id. Events published before any queue
 * was bound come back (mandatory) and are sent again once one is.
 */
class AmqpEventsTest {
    private static final String EXCHANGE = "statewright.events";
    private static final String ROUTING_KEY = "step-functions.status";

    @TempDir
    Path directory;

    @Test
    void everyStatusChangeReachesTheQueueInOrder() throws Exception {
        try (RabbitMqBroker broker = RabbitMqBroker.start(directory);
             Connection connection = broker.factory().newConnection();
             Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, "topic", true);
            ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                    .withObservability(ObservabilityConfig.NONE.withAmqp(
                            new ObservabilityConfig.Amqp(broker.uri(), EXCHANGE, ROUTING_KEY)));
            try (StatewrightService service = StatewrightService.start(config, TaskHandlers.none())) {
                AwsCalls aws = new AwsCalls(service.port());
                String machine = aws.createMachine("amqp-events", """
                        {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""", null);
                List<String> arns = new ArrayList<>();
                Map<String, List<String>> expected = new HashMap<>();
                for (int i = 0; i < 100; i++) {
                    String arn = aws.start(machine, "a" + i, "{}");
                    arns.add(arn);
                    expected.put(arn, List.of("RUNNING", "SUCCEEDED"));
                }
                // No queue is bound yet: the broker returns what is published, and the service tries again.
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!aws.get("/metrics").matches("(?s).*statewright_events_failed_sends_total [1-9].*")) {
                    assertThat(System.nanoTime()).as("no send was refused").isLessThan(deadline);
                    AwsCalls.pause();
                }
                channel.queueDeclare("events", true, false, false, null);
                channel.queueBind("events", EXCHANGE, "step-functions.#");

                List<JsonNode> events = new ArrayList<>();
                Map<String, List<String>> statuses = new HashMap<>();
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!statuses.equals(expected) && System.nanoTime() < deadline) {
                    GetResponse message = channel.basicGet("events", true);
                    if (message == null) {
                        AwsCalls.pause();
                        continue;
                    }
                    JsonNode event = Json.parse(new String(message.getBody(), StandardCharsets.UTF_8));
                    assertThat(message.getProps().getMessageId()).isEqualTo(event.get("id").asText());
                    assertThat(message.getProps().getContentType()).isEqualTo("application/json");
                    assertThat(message.getProps().getDeliveryMode()).isEqualTo(2);
                    assertThat(message.getEnvelope().getRoutingKey()).isEqualTo(ROUTING_KEY);
                    assertThat(event.get("detail-type").asText()).isEqualTo("Step Functions Execution Status Change");
                    events.add(event);
                    statuses = TestWebhook.deduplicated(events);
                }
                assertThat(statuses).isEqualTo(expected);
                // In order per execution: a RUNNING never arrives after its execution's SUCCEEDED.
                TestWebhook.statusesByExecution(events).forEach((arn, seen) ->
                        assertThat(seen.indexOf("RUNNING")).as(arn).isLessThan(seen.indexOf("SUCCEEDED")));
            }
        }
    }
}
