package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SNS's and EventBridge's optimized integrations against stand-ins that check each request as
 * the services' API references define it (see {@link SnsStandIn} and {@link EventBridgeStandIn}).
 */
class SnsAndEventBridgeTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static SnsStandIn sns;
    private static EventBridgeStandIn events;
    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    static void start() throws Exception {
        sns = new SnsStandIn();
        events = new EventBridgeStandIn();
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withEndpoints(new ServiceEndpoints(
                        Map.of("sns", sns.endpoint(), "eventbridge", events.endpoint()), false)));
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
        sns.close();
        events.close();
    }

    private static DescribeExecutionResponse run(String definition, String input) {
        String machine = sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn(ROLE)).stateMachineArn();
        return SfnTestClients.awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn());
    }

    @Test
    void aMessageIsPublishedWithItsAttributes() {
        String topic = sns.createTopic("orders-" + UUID.randomUUID().toString().substring(0, 8));
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Publish", "States": {"Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                  "Parameters": {"TopicArn": "%s", "Message.$": "$", "Subject": "new order",
                                 "MessageAttributes": {"priority": {"DataType": "Number", "StringValue": "2"}}},
                  "End": true}}}
                """.formatted(topic), "{\"order\": 5}");
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output.path("MessageId").asText()).isNotEmpty();
        assertThat(output.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(sns.published()).contains(new SnsStandIn.Published(topic, "{\"order\":5}", "new order",
                Map.of("priority", "2")));
    }

    @Test
    void aMissingTopicIsSnssNotFound() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Publish", "States": {"Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                  "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:missing", "Message": "m"},
                  "End": true}}}
                """, "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("SNS.NotFoundException");
        assertThat(execution.cause()).startsWith("Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code:"
                + " NotFound; Request ID: ").endsWith("; Proxy: null)");
    }

    @Test
    void eventsArePutAndAFailedEntryFailsTheTask() {
        DescribeExecutionResponse accepted = run("""
                {"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                  "Parameters": {"Entries": [
                    {"Source": "orders", "DetailType": "created", "Detail": {"id": 1}},
                    {"Source": "orders", "DetailType": "created", "Detail": {"id": 2}}]},
                  "End": true}}}
                """, "{}");
        assertThat(accepted.status()).as(accepted.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(accepted.output());
        assertThat(output.path("FailedEntryCount").asInt()).isZero();
        assertThat(output.path("Entries")).hasSize(2);
        assertThat(output.has("SdkHttpMetadata")).as("EventBridge's answer has no HTTP metadata").isFalse();
        assertThat(events.events()).extracting(e -> Json.parse(e.path("Detail").asText()).path("id").asInt())
                .contains(1, 2);

        DescribeExecutionResponse refused = run("""
                {"StartAt": "Put", "States": {"Put": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
                  "Parameters": {"Entries": [
                    {"Source": "orders", "DetailType": "created", "Detail": {"id": 3}},
                    {"Source": "orders", "DetailType": "created", "Detail": "not json"}]},
                  "End": true}}}
                """, "{}");
        assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error()).isEqualTo("EventBridge.FailedEntry");
        JsonNode cause = Json.parse(refused.cause());
        assertThat(cause.path("FailedEntryCount").asInt()).isEqualTo(1);
        assertThat(cause.path("Entries").get(1).path("ErrorCode").asText()).isEqualTo("MalformedDetail");
    }
}
