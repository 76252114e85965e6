package dev.statewright.api.auth;

import dev.statewright.api.RawHttp;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AWS protocol with {@code --credentials}: the AWS SDK signing with a key of the file works
 * for every kind of operation; each way of getting it wrong gets AWS's error and status.
 */
class SignedRequestsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}";

    @TempDir
    static Path directory;
    private static StatewrightService service;
    private static SfnClient team;

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withActivityPollTimeout(Duration.ofSeconds(1))
                .withSecurity(SecuritySettings.none().withCredentialsFile(TestCredentials.write(directory))));
        team = TestCredentials.teamClient(service.port());
    }

    @AfterAll
    static void stop() {
        team.close();
        service.close();
    }

    @Test
    void theSdkWithAKeyOfTheFileRunsEveryKindOfOperation() throws Exception {
        String machine = team.createStateMachine(b -> b.name("signed").definition(PASS).roleArn(ROLE)).stateMachineArn();
        assertThat(team.describeStateMachine(b -> b.stateMachineArn(machine)).name()).isEqualTo("signed");
        assertThat(team.listStateMachines(b -> { }).stateMachines()).extracting(m -> m.name()).contains("signed");
        team.tagResource(b -> b.resourceArn(machine).tags(t -> t.key("team").value("a")));
        assertThat(team.listTagsForResource(b -> b.resourceArn(machine)).tags()).hasSize(1);
        assertThat(team.validateStateMachineDefinition(b -> b.definition(PASS)).resultAsString()).isEqualTo("OK");
        String execution = team.startExecution(b -> b.stateMachineArn(machine).input("{\"a\":1}")).executionArn();
        assertThat(awaitEnd(team, execution).output()).isEqualTo("{\"a\":1}");
        assertThat(team.getExecutionHistory(b -> b.executionArn(execution)).events()).isNotEmpty();
        assertThat(team.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);

        String express = team.createStateMachine(b -> b.name("signed-express").definition(PASS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();
        StartSyncExecutionResponse sync = team.startSyncExecution(b -> b.stateMachineArn(express).input("{\"b\":2}"));
        assertThat(sync.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(sync.output()).isEqualTo("{\"b\":2}");
        assertThat(team.testState(b -> b.definition("{\"Type\":\"Pass\",\"End\":true}").roleArn(ROLE).input("{}"))
                .statusAsString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aSignedLongPollWaitsForItsActivityTask() throws Exception {
        String activity = team.createActivity(b -> b.name("signed-work")).activityArn();
        // No task: the poll ends empty after the (shortened) poll timeout, signed the whole time.
        assertThat(team.getActivityTask(b -> b.activityArn(activity)).taskToken()).isNull();
        String machine = team.createStateMachine(b -> b.name("signed-activity").roleArn(ROLE).definition(
                "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\"" + activity + "\",\"End\":true}}}"))
                .stateMachineArn();
        try (SfnClient worker = TestCredentials.client("http://127.0.0.1:" + service.port(), TestCredentials.temporary())) {
            CompletableFuture<GetActivityTaskResponse> poll = CompletableFuture.supplyAsync(() -> {
                for (Instant deadline = Instant.now().plusSeconds(20); Instant.now().isBefore(deadline); ) {
                    GetActivityTaskResponse task = worker.getActivityTask(b -> b.activityArn(activity).workerName("w"));
                    if (task.taskToken() != null) {
                        return task;
                    }
                }
                throw new AssertionError("no activity task within 20 s");
            });
            String execution = team.startExecution(b -> b.stateMachineArn(machine).input("{\"n\":1}")).executionArn();
            GetActivityTaskResponse task = poll.get(30, TimeUnit.SECONDS);
            assertThat(task.input()).isEqualTo("{\"n\":1}");
            worker.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"done\":true}"));
            assertThat(awaitEnd(team, execution).output()).isEqualTo("{\"done\":true}");
        }
    }

    @Test
    void temporaryCredentialsNeedTheirSessionToken() {
        String endpoint = "http://127.0.0.1:" + service.port();
        try (SfnClient withToken = TestCredentials.client(endpoint, TestCredentials.temporary());
             SfnClient withoutToken = TestCredentials.client(endpoint,
                     AwsBasicCredentials.create(TestCredentials.TEMP_KEY, TestCredentials.TEMP_SECRET))) {
            assertThat(withToken.listActivities(b -> { }).activities()).isNotNull();
            assertRefused(() -> withoutToken.listActivities(b -> { }), 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void aRequestWithoutAuthorizationIsMissingItsToken() throws IOException {
        RawHttp.Response response = RawHttp.aws(service.port(), "127.0.0.1", "ListStateMachines", "{}");
        assertError(response, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void aMalformedAuthorizationIsAnIncompleteSignature() throws IOException {
        RawHttp.Response noSignature = RawHttp.aws(service.port(), "127.0.0.1", "ListStateMachines", "{}",
                "Authorization: AWS4-HMAC-SHA256 Credential=" + TestCredentials.TEAM_KEY + "/20260101/us-east-1/states/aws4_request",
                "X-Amz-Date: 20260101T000000Z");
        assertError(noSignature, 400, "IncompleteSignatureException", "Authorization header requires 'Signature' parameter.");
        assertThat(Json.parse(noSignature.body()).get("message").asText())
                .contains("Authorization header requires 'SignedHeaders' parameter.");
        RawHttp.Response basic = RawHttp.aws(service.port(), "127.0.0.1", "ListStateMachines", "{}",
                "Authorization: Basic dXNlcjpwYXNz");
        assertError(basic, 400, "IncompleteSignatureException", "AWS4-HMAC-SHA256");
        String[] signed = TestCredentials.signedHeaders("127.0.0.1:" + service.port(), "ListStateMachines", "{}",
                TestCredentials.TEAM_KEY, TestCredentials.TEAM_SECRET, "us-east-1", Instant.now());
        RawHttp.Response noDate = RawHttp.aws(service.port(), "127.0.0.1:" + service.port(), "ListStateMachines", "{}",
                signed[1]);
        assertError(noDate, 400, "IncompleteSignatureException", "X-Amz-Date");
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        try (SfnClient wrong = TestCredentials.client("http://127.0.0.1:" + service.port(),
                AwsBasicCredentials.create(TestCredentials.TEAM_KEY, "not-the-secret"))) {
            assertRefused(() -> wrong.listStateMachines(b -> { }), 400, "InvalidSignatureException",
                    "The request signature we calculated does not match the signature you provided.");
        }
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        try (SfnClient stranger = TestCredentials.client("http://127.0.0.1:" + service.port(),
                AwsBasicCredentials.create("AKIDUNKNOWN000000000", TestCredentials.TEAM_SECRET))) {
            assertRefused(() -> stranger.listStateMachines(b -> { }), 400, "UnrecognizedClientException",
                    "The security token included in the request is invalid.");
        }
    }

    @Test
    void aRequestSignedMoreThanFiveMinutesAgoOrAheadHasExpired() throws IOException {
        String host = "127.0.0.1:" + service.port();
        RawHttp.Response old = RawHttp.aws(service.port(), host, "ListStateMachines", "{}", TestCredentials.signedHeaders(
                host, "ListStateMachines", "{}", TestCredentials.TEAM_KEY, TestCredentials.TEAM_SECRET, "us-east-1",
                Instant.now().minus(Duration.ofMinutes(6))));
        assertError(old, 400, "InvalidSignatureException", "Signature expired: ");
        assertThat(Json.parse(old.body()).get("message").asText()).endsWith(" - 5 min.)");
        RawHttp.Response ahead = RawHttp.aws(service.port(), host, "ListStateMachines", "{}", TestCredentials.signedHeaders(
                host, "ListStateMachines", "{}", TestCredentials.TEAM_KEY, TestCredentials.TEAM_SECRET, "us-east-1",
                Instant.now().plus(Duration.ofMinutes(6))));
        assertError(ahead, 400, "InvalidSignatureException", "Signature not yet current: ");
        RawHttp.Response recent = RawHttp.aws(service.port(), host, "ListStateMachines", "{}", TestCredentials.signedHeaders(
                host, "ListStateMachines", "{}", TestCredentials.TEAM_KEY, TestCredentials.TEAM_SECRET, "us-east-1",
                Instant.now().minus(Duration.ofMinutes(4))));
        assertThat(recent.status()).as(recent.body()).isEqualTo(200);
    }

    @Test
    void theSignatureCoversTheBodyTheHostAndTheRegion() throws IOException {
        String host = "127.0.0.1:" + service.port();
        String[] signed = TestCredentials.signedHeaders(host, "ListActivities", "{}", TestCredentials.TEAM_KEY,
                TestCredentials.TEAM_SECRET, "us-east-1", Instant.now());
        assertThat(RawHttp.aws(service.port(), host, "ListActivities", "{}", signed).status()).isEqualTo(200);
        assertError(RawHttp.aws(service.port(), host, "ListActivities", "{\"maxResults\":1}", signed), 400,
                "InvalidSignatureException", "does not match");
        assertError(RawHttp.aws(service.port(), "localhost:" + service.port(), "ListActivities", "{}", signed), 400,
                "InvalidSignatureException", "does not match");
        String[] otherRegion = TestCredentials.signedHeaders(host, "ListActivities", "{}", TestCredentials.TEAM_KEY,
                TestCredentials.TEAM_SECRET, "eu-west-1", Instant.now());
        assertError(RawHttp.aws(service.port(), host, "ListActivities", "{}", otherRegion), 400,
                "InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'");
    }

    /** StartSyncExecution goes to sync-HOST: the SDKs sign that name, and so it is checked. */
    @Test
    void aRequestToTheSyncHostIsSignedForThatHost() throws IOException {
        String machine = team.createStateMachine(b -> b.name("sync-host").definition(PASS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();
        String host = "sync-localhost:" + service.port();
        String body = "{\"stateMachineArn\":\"" + machine + "\",\"input\":\"{}\"}";
        RawHttp.Response response = RawHttp.aws(service.port(), host, "StartSyncExecution", body,
                TestCredentials.signedHeaders(host, "StartSyncExecution", body, TestCredentials.TEAM_KEY,
                        TestCredentials.TEAM_SECRET, "us-east-1", Instant.now()));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(Json.parse(response.body()).get("status").asText()).isEqualTo("SUCCEEDED");
    }

    private static void assertError(RawHttp.Response response, int status, String type, String messagePart) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo(type);
        assertThat(Json.parse(response.body()).get("__type").asText()).isEqualTo(type);
        assertThat(Json.parse(response.body()).get("message").asText()).contains(messagePart);
    }

    private static void assertRefused(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }
}
