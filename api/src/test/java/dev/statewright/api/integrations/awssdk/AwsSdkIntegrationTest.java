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
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS SDK integration through the service, against real local implementations of SQS
 * (ElasticMQ) and S3 (s3proxy): requests and results in Step Functions' PascalCase, errors named
 * as Step Functions names them and caught and retried by names written for AWS.
 */
class AwsSdkIntegrationTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";
    private static LocalSqs sqs;
    private static LocalS3 s3;
    private static StatewrightService service;
    private static SfnClient sfn;
    private static SqsClient sqsClient;
    private static S3Client s3Client;

    @BeforeAll
    static void start() throws Exception {
        sqs = new LocalSqs();
        s3 = new LocalS3();
        ServiceEndpoints endpoints = new ServiceEndpoints(Map.of("sqs", sqs.endpoint(), "s3", s3.endpoint()), false);
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0).withEndpoints(endpoints));
        sfn = SfnTestClients.client(service.port());
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        sqsClient = SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        s3Client = S3Client.builder().endpointOverride(s3.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        sfn.close();
        service.close();
        sqsClient.close();
        s3Client.close();
        s3.close();
        sqs.close();
    }

    private static DescribeExecutionResponse run(String definition, String input) {
        String machine = sfn.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn(ROLE)).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
        return SfnTestClients.awaitEnd(sfn, execution);
    }

    private static List<HistoryEvent> history(DescribeExecutionResponse execution) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(execution.executionArn())).events().stream().toList();
    }

    @Test
    void aMessageSentThroughTheSdkIntegrationArrivesInTheQueue() {
        String queueUrl = sqsClient.createQueue(b -> b.queueName("orders-" + UUID.randomUUID().toString().substring(0, 8)))
                .queueUrl();
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Send", "States": {"Send": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage",
                  "Parameters": {"QueueUrl.$": "$.queue", "MessageBody.$": "$.order",
                                 "MessageAttributes": {"kind": {"DataType": "String", "StringValue": "order"}}},
                  "End": true}}}
                """, Json.write(Json.object().put("queue", queueUrl).set("order", Json.object().put("id", 7))));
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output.path("MessageId").asText()).isNotEmpty();
        assertThat(output.path("MD5OfMessageBody").asText()).hasSize(32);

        List<Message> received = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).messageAttributeNames("All")
                .waitTimeSeconds(1)).messages();
        assertThat(received).hasSize(1);
        assertThat(Json.parse(received.get(0).body())).isEqualTo(Json.object().put("id", 7));
        assertThat(received.get(0).messageAttributes().get("kind").stringValue()).isEqualTo("order");
        assertThat(received.get(0).messageId()).isEqualTo(output.path("MessageId").asText());
    }

    @Test
    void aWorkerAnswersTheTokenItReceivedThroughTheQueue() {
        String queueUrl = sqsClient.createQueue(b -> b.queueName("work-" + UUID.randomUUID().toString().substring(0, 8)))
                .queueUrl();
        String machine = sfn.createStateMachine(b -> b.name("cb-" + UUID.randomUUID().toString().substring(0, 8))
                .roleArn(ROLE).definition("""
                        {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                          "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken",
                          "Parameters": {"QueueUrl": "%s", "MessageBody": {"token.$": "$$.Task.Token", "n": 1}},
                          "End": true}}}
                        """.formatted(queueUrl))).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        List<Message> received = sqsClient.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)).messages();
        assertThat(received).hasSize(1);
        JsonNode body = Json.parse(received.get(0).body());
        assertThat(body.path("n").asInt()).isEqualTo(1);
        sfn.sendTaskSuccess(b -> b.taskToken(body.path("token").asText()).output("{\"done\": true}"));
        DescribeExecutionResponse ended = SfnTestClients.awaitEnd(sfn, execution);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.parse(ended.output())).isEqualTo(Json.object().put("done", true));
    }

    @Test
    void anObjectPutIsStoredAsItsJsonTextAndReadBack() {
        String bucket = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
        s3Client.createBucket(b -> b.bucket(bucket));
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Put", "States": {
                  "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                          "Parameters": {"Bucket.$": "$.bucket", "Key": "greeting.txt", "Body": "hello, S3"},
                          "ResultPath": "$.put", "Next": "Get"},
                  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                          "Parameters": {"Bucket.$": "$.bucket", "Key": "greeting.txt"}, "End": true}}}
                """, Json.write(Json.object().put("bucket", bucket)));
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        // As on AWS, the string is sent as its JSON text, quotes included.
        assertThat(output.path("Body").asText()).isEqualTo("\"hello, S3\"");
        assertThat(output.path("ContentLength").asLong()).isEqualTo(11);
        assertThat(output.path("ETag").asText()).startsWith("\"");
        assertThat(output.has("LastModified")).isTrue();
        // The body went as it is, not in aws-chunked framing that a local S3 might keep as the object's encoding.
        assertThat(output.has("ContentEncoding")).as(output.toString()).isFalse();
        assertThat(s3Client.getObjectAsBytes(b -> b.bucket(bucket).key("greeting.txt")).asUtf8String())
                .isEqualTo("\"hello, S3\"");
    }

    @Test
    void aMissingBucketIsCaughtByTheNameAwsGivesIt() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Get", "States": {
                  "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                          "Parameters": {"Bucket": "no-such-bucket-here", "Key": "k"},
                          "Catch": [{"ErrorEquals": ["S3.NoSuchBucketException"], "ResultPath": "$.error",
                                     "Next": "Caught"}],
                          "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}
                """, "{}");
        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode error = Json.parse(execution.output()).path("error");
        assertThat(error.path("Error").asText()).isEqualTo("S3.NoSuchBucketException");
        assertThat(error.path("Cause").asText()).contains("(Service: S3, Status Code: 404");
    }

    @Test
    void aServiceErrorIsRetriedByItsName() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Send", "States": {
                  "Send": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage",
                           "Parameters": {"QueueUrl": "%s/000000000000/no-such-queue", "MessageBody": "x"},
                           "Retry": [{"ErrorEquals": ["Sqs.QueueDoesNotExistException"], "MaxAttempts": 2,
                                      "IntervalSeconds": 1}],
                           "End": true}}}
                """.formatted(sqs.endpoint()), "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("Sqs.QueueDoesNotExistException");
        assertThat(history(execution).stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).count())
                .as("the first attempt and two retries").isEqualTo(3);
    }

    @Test
    void aServiceWithoutAnEndpointFailsTheTaskSayingHowToSetOne() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Publish", "States": {
                  "Publish": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sns:publish",
                              "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"},
                              "End": true}}}
                """, "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.TaskFailed");
        assertThat(execution.cause()).contains("'Publish'", "sns", "--endpoint sns=", "--allow-aws");
    }

    @Test
    void aParameterTheActionDoesNotHaveIsNamed() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "Send", "States": {
                  "Send": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage",
                           "Parameters": {"QueueUrl": "http://x", "MessageBody": "x", "Colour": "red"},
                           "End": true}}}
                """, "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.cause()).contains("Colour", "MessageBody");
    }

    @Test
    void aServiceWithoutAnSdkModuleFailsTheTaskNamingTheModule() {
        DescribeExecutionResponse execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:mediatailor:listChannels", "End": true}}}
                """, "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("States.TaskFailed");
        assertThat(execution.cause()).contains("software.amazon.awssdk:mediatailor");
    }

    @Test
    void endpointsAreTakenFromTheOptionAndFromStepFunctionsLocalsVariables() {
        ServiceEndpoints endpoints = ServiceEndpoints.of(Map.of("S3", URI.create("http://localhost:9000")),
                Map.of("SQS_ENDPOINT", "http://localhost:9324", "DYNAMODB_ENDPOINT", " "), false);
        assertThat(endpoints.of("s3")).contains(URI.create("http://localhost:9000"));
        assertThat(endpoints.of("sqs")).contains(URI.create("http://localhost:9324"));
        assertThat(endpoints.of("dynamodb")).isEmpty();
        assertThat(ServiceEndpoints.parseOption("sns=http://localhost:4566"))
                .isEqualTo(Map.entry("sns", URI.create("http://localhost:4566")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceEndpoints.parseOption("sns"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SERVICE=URL");
    }
}
