package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ObservabilityConfig;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status events sent through events:PutEvents to an EventBridge-compatible endpoint, the one the
 * aws-sdk integrations use for eventbridge: each entry carries AWS's source, detail-type, the
 * execution as its resource and the event's detail as JSON text.
 */
class StatusEventsToEventBridgeTest {

    @Test
    void eachStatusChangeIsAPutEventsEntryOnTheBus() throws Exception {
        try (EventBridgeStandIn bus = new EventBridgeStandIn()) {
            ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                    .withEndpoints(new ServiceEndpoints(Map.of("eventbridge", bus.endpoint()), false))
                    .withObservability(ObservabilityConfig.NONE.withEventBridge("workflows"));
            try (StatewrightService service = StatewrightService.start(config, TaskHandlers.none())) {
                StepFunctions operations = service.stepFunctions();
                String machine = operations.createStateMachine("to-bus", """
                        {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 7, "End": true}}}""",
                        "arn:aws:iam::123456789012:role/r", StateMachineType.STANDARD, Map.of()).arn();
                String arn = operations.startExecution(machine, "one", "{}").join().arn();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (bus.events().size() < 2) {
                    assertThat(System.nanoTime()).as("events on the bus: %s", bus.events()).isLessThan(deadline);
                    Thread.sleep(20);
                }
                List<JsonNode> entries = bus.events();
                assertThat(entries).hasSize(2);
                for (JsonNode entry : entries) {
                    assertThat(entry.get("Source").asText()).isEqualTo("aws.states");
                    assertThat(entry.get("DetailType").asText()).isEqualTo("Step Functions Execution Status Change");
                    assertThat(entry.get("EventBusName").asText()).isEqualTo("workflows");
                    assertThat(entry.get("Resources").get(0).asText()).isEqualTo(arn);
                }
                JsonNode running = Json.parse(entries.get(0).get("Detail").asText());
                JsonNode succeeded = Json.parse(entries.get(1).get("Detail").asText());
                assertThat(running.get("status").asText()).isEqualTo("RUNNING");
                assertThat(succeeded.get("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(succeeded.get("output").asText()).isEqualTo("7");
                assertThat(succeeded.get("executionArn").asText()).isEqualTo(arn);
            }
        }
    }

    @Test
    void eventBridgeWithoutAnEndpointRefusesTheStart() {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withObservability(ObservabilityConfig.NONE.withEventBridge("workflows"));
        org.junit.jupiter.api.Assertions.assertThrows(dev.statewright.api.ServiceStartException.class,
                () -> StatewrightService.start(config, TaskHandlers.none()).close());
    }
}
