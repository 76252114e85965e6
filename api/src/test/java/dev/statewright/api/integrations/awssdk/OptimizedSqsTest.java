package dev.statewright.api.integrations.awssdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optimized SQS integration ({@code arn:aws:states:::sqs:sendMessage}) against ElasticMQ:
 * AWS's result shape (with the HTTP metadata of the AWS SDK for Java v1 that AWS built it on) and
 * v1's error names, caught as AWS users write them.
 */
class OptimizedSqsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static LocalSqs sqs;
    private static StatewrightService service;
    private static SfnClient sfn;
    private static SqsClient sqsClient;

    @BeforeAll
    static void start() {
        sqs = new LocalSqs();
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withEndpoints(new ServiceEndpoints(Map.of("sqs", sqs.endpoint()), false)));
        sfn = SfnTestClients.client(service.port());
        sqsClient = SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
        sqsClient.close();
        sqs.close();
    }

    private static String queue() {
        return sqsClient.createQueue(b -> b.queueName("q-" + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static DescribeExecutionResponse run(String definition, String input) {
        String machine = machine(definition);
        return SfnTestClients.awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn());
    }

    @Test
    void aMessageIsSentAndAnsweredInAwssShape() {
        String queueUrl = queue();
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "%s", "MessageBody.$": "$"}, "End": true}}}
                """.formatted(queueUrl), "{\"order\": 12}");
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output.path("MessageId").asText()).isNotEmpty();
        assertThat(output.path("MD5OfMessageBody").asText()).hasSize(32);
        assertThat(output.path("SdkHttpMetadata").path("HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(output.path("SdkHttpMetadata").path("AllHttpHeaders").isObject()).isTrue();
        assertThat(output.path("SdkResponseMetadata").has("RequestId")).isTrue();
        List<Message> received = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
        assertThat(received).extracting(Message::body).containsExactly("{\"order\":12}");
    }

    @Test
    void aMissingQueueIsCaughtByVersionOnesName() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "%s/000000000000/missing", "MessageBody": "x"},
                  "Catch": [{"ErrorEquals": ["SQS.QueueDoesNotExistException"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}
                """.formatted(sqs.endpoint()), "{}");
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode caught = Json.parse(execution.output());
        assertThat(caught.path("Error").asText()).isEqualTo("SQS.QueueDoesNotExistException");
        assertThat(caught.path("Cause").asText()).contains("(Service: AmazonSQS; Status Code: 400; Error Code: ")
                .endsWith("; Proxy: null)");
    }

    @Test
    void aCallbackSendsItsTokenAndWaitsForIt() {
        String queueUrl = queue();
        String machine = machine("""
                {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "%s", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}
                """.formatted(queueUrl));
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        List<Message> received = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)).messages();
        assertThat(received).hasSize(1);
        String token = Json.parse(received.get(0).body()).path("token").asText();
        sfn.sendTaskFailure(b -> b.taskToken(token).error("Worker.Refused").cause("no"));
        DescribeExecutionResponse ended = SfnTestClients.awaitEnd(sfn, execution);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("Worker.Refused");
    }
}
