package dev.statewright.api;

import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** The real AWS SDK client pointed at a test service, and the waits tests need around it. */
public final class SfnTestClients {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private SfnTestClients() {
    }

    public static SfnClient client(int port) {
        return SfnClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                // StartSyncExecution and TestState go to sync-<host>: at an IP address that name cannot resolve.
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /**
     * A client that sends each request once (no retries: a fault test counts every answer) and
     * gives up on an answer after {@code patience}, so a hang is a failure, not a stuck test.
     */
    public static SfnClient clientWithoutRetries(int port, Duration patience) {
        return SfnClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(patience).socketTimeout(patience).build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(patience)
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
                .build();
    }

    /** Polls DescribeExecution until the execution is no longer RUNNING. */
    public static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (described.status() != ExecutionStatus.RUNNING) {
                return described;
            }
            pause(10);
        }
        throw new AssertionError(executionArn + " did not finish");
    }

    /** The token a callback Task was scheduled with (its MessageBody.token), read as a worker would read its message. */
    public static String scheduledToken(SfnClient sfn, String executionArn) {
        return scheduledToken(sfn, executionArn, 1);
    }

    /** The token in the {@code nth} TaskScheduled event's MessageBody (1 for the first), once there is one. */
    public static String scheduledToken(SfnClient sfn, String executionArn, int nth) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            int seen = 0;
            for (HistoryEvent event : sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events()) {
                if (event.taskScheduledEventDetails() != null && ++seen == nth) {
                    return Json.parse(event.taskScheduledEventDetails().parameters()).get("MessageBody").get("token").asText();
                }
            }
            pause(20);
        }
        throw new AssertionError("no task number " + nth + " was scheduled in " + executionArn);
    }

    /** Waits until the execution's history has an event of the type (a state reached, say). */
    public static void awaitHistory(SfnClient sfn, String executionArn, String eventType) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            if (sfn.getExecutionHistory(b -> b.executionArn(executionArn)).events().stream()
                    .anyMatch(event -> event.typeAsString().equals(eventType))) {
                return;
            }
            pause(20);
        }
        throw new AssertionError("no " + eventType + " event in " + executionArn);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
