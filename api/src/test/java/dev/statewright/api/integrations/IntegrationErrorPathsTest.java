package dev.statewright.api.integrations;

import com.sun.net.httpserver.HttpServer;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.statewright.api.SfnTestClients.client;
import static dev.statewright.api.SfnTestClients.awaitEnd;
import static dev.statewright.api.SfnTestClients.scheduledToken;

/**
 * How each integration fails, through the service: a Lambda endpoint that is down or answers
 * HTTP 500, an activity worker that stops heartbeating, Step Functions actions called from a
 * task, and resources nothing handles. (Callback timeouts and heartbeats: CallbacksAndActivitiesTest;
 * HTTP Task errors: HttpTaskTest; a mock's responses running out: MockConfigTest.)
 */
class IntegrationErrorPathsTest {
    private static HttpServer brokenLambda;
    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    static void start() throws IOException {
        brokenLambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        brokenLambda.createContext("/", exchange -> {
            byte[] body = "{\"Type\":\"Service\",\"message\":\"the Lambda service is unwell\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ServiceException");
            exchange.sendResponseHeaders(500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        brokenLambda.start();
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1)
                .withActivityPollTimeout(Duration.ofMillis(500))
                .withLambdaEndpoint(URI.create("http://127.0.0.1:" + brokenLambda.getAddress().getPort())));
        sfn = client(service.port());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
        brokenLambda.stop(0);
    }

    @Test
    void aLambdaEndpointThatIsDownFailsTheTaskWithAnSdkClientError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StatewrightService down = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withLambdaEndpoint(URI.create("http://127.0.0.1:" + closedPort)));
             SfnClient client = client(down.port())) {
            DescribeExecutionResponse done = run(client, """
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:greet", "End": true}}}
                    """, "{}");
            assertThat(done.error()).isEqualTo("Lambda.SdkClientException");
            assertThat(done.cause()).contains("Unable to reach the Lambda endpoint", String.valueOf(closedPort), "greet");
        }
    }

    @Test
    void aLambdaEndpointAnsweringHttp500FailsWithLambdasServiceError() throws Exception {
        DescribeExecutionResponse done = run(sfn, """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "greet", "Payload": {}}, "End": true}}}
                """, "{}");
        assertThat(done.error()).isEqualTo("Lambda.ServiceException");
        assertThat(done.cause()).contains("Status Code: 500");
    }

    @Test
    void anActivityWorkerThatStopsHeartbeatingTimesTheTaskOutAndItsLateAnswerIsRefused() throws Exception {
        String activity = sfn.createActivity(b -> b.name("quiet-" + UUID.randomUUID().toString().substring(0, 8))).activityArn();
        String execution = start(sfn, """
                {"StartAt": "Pack", "States": {"Pack": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 1, "End": true}}}
                """.formatted(activity), "{}");
        GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity).workerName("quiet"));
        assertThat(task.taskToken()).isNotNull();
        DescribeExecutionResponse done = awaitEnd(sfn, execution);
        assertThat(done.error()).isEqualTo("States.Timeout");
        assertThat(types(execution)).containsSubsequence("ActivityScheduled", "ActivityStarted", "ActivityTimedOut", "ExecutionFailed");
        assertThatThrownBy(() -> sfn.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{}")))
                .isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void aTaskCanAnswerAnotherExecutionsTokenThroughStepFunctions() throws Exception {
        String waiting = start(sfn, """
                {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}
                """, "{}");
        String token = scheduledToken(sfn, waiting);
        DescribeExecutionResponse answering = run(sfn, """
                {"StartAt": "Answer", "States": {"Answer": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskSuccess",
                  "Parameters": {"TaskToken.$": "$.token", "Output": "{\\"approved\\": true}"}, "End": true}}}
                """, Json.write(Json.object().put("token", token)));
        assertThat(answering.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(awaitEnd(sfn, waiting).output())).isEqualTo(Json.parse("{\"approved\": true}"));

        DescribeExecutionResponse again = run(sfn, """
                {"StartAt": "Answer", "States": {"Answer": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:sendTaskFailure",
                  "Parameters": {"TaskToken.$": "$.token"}, "End": true}}}
                """, Json.write(Json.object().put("token", token)));
        assertThat(again.error()).as("the token's task has ended").isEqualTo("Sfn.TaskTimedOutException");
    }

    @Test
    void aStepFunctionsActionStatewrightDoesNotOfferIsNamed() throws Exception {
        DescribeExecutionResponse done = run(sfn, """
                {"StartAt": "List", "States": {"List": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:listExecutions",
                  "Parameters": {}, "End": true}}}
                """, "{}");
        assertThat(done.error()).isEqualTo("States.TaskFailed");
        assertThat(done.cause()).contains("arn:aws:states:::aws-sdk:sfn:listExecutions", "--mock-config");
    }

    @Test
    void resourcesWithoutAnIntegrationNameThemselvesAndHowToMockThemRatherThanEchoTheirInput() throws Exception {
        for (String resource : List.of("arn:aws:states:::glue:startJobRun", "arn:aws:states:::ecs:runTask")) {
            DescribeExecutionResponse done = run(sfn, """
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s",
                      "Parameters": {"Key": "k"}, "End": true}}}
                    """.formatted(resource), "{}");
            assertThat(done.statusAsString()).as(resource).isEqualTo("FAILED");
            assertThat(done.error()).as(resource).isEqualTo("States.TaskFailed");
            assertThat(done.cause()).as(resource).contains("'" + resource + "'", "--mock-config", "in-process task handler");
        }
    }

    @Test
    void integrationsWithoutAnEndpointNameTheStateTheServiceAndTheWaysOut() throws Exception {
        for (String resource : List.of("arn:aws:states:::sqs:sendMessage", "arn:aws:states:::aws-sdk:s3:getObject",
                "arn:aws:states:::dynamodb:putItem", "arn:aws:states:::sns:publish")) {
            DescribeExecutionResponse done = run(sfn, """
                    {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s",
                      "Parameters": {"Key": "k"}, "End": true}}}
                    """.formatted(resource), "{}");
            String service = resource.replace("arn:aws:states:::", "").replace("aws-sdk:", "").split(":")[0];
            assertThat(done.statusAsString()).as(resource).isEqualTo("FAILED");
            assertThat(done.error()).as(resource).isEqualTo("States.TaskFailed");
            assertThat(done.cause()).as(resource).contains("'Call'", "'" + service + "'", "--endpoint " + service + "=",
                    "--mock-config", "--allow-aws");
        }
    }

    private static DescribeExecutionResponse run(SfnClient client, String definition, String input) throws InterruptedException {
        return awaitEnd(client, start(client, definition, input));
    }

    private static String start(SfnClient client, String definition, String input) {
        String machine = client.createStateMachine(b -> b.name("m-" + UUID.randomUUID().toString().substring(0, 8))
                .definition(definition).roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        return client.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
    }

    private static List<String> types(String executionArn) {
        return sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events().stream().map(HistoryEvent::typeAsString).toList();
    }



}
