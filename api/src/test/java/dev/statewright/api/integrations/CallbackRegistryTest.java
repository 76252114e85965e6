package dev.statewright.api.integrations;

import dev.statewright.api.service.ServiceException;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackRegistryTest {
    private static final String TOKEN = "t".repeat(64);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void anAnswerThatComesBeforeItsTaskRegistersReachesTheTaskWhenItDoes() {
        CallbackRegistry registry = new CallbackRegistry(timers, Duration.ofSeconds(30));
        CompletableFuture<Void> acknowledged = registry.succeed(TOKEN, "{\"ok\": true}");
        assertThat(acknowledged).isNotDone();

        var answer = registry.register(TOKEN, "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Ask",
                Json.object(), () -> { });
        assertThat(answer.join()).isEqualTo(Json.parse("{\"ok\": true}"));
        assertThat(acknowledged).isNotDone(); // acknowledged only once the loop stores the outcome
    }

    @Test
    void anAnswerForATokenNoTaskTakesWithinTheGraceIsTaskDoesNotExist() {
        CallbackRegistry registry = new CallbackRegistry(timers, Duration.ofMillis(50));
        CompletableFuture<Void> acknowledged = registry.fail(TOKEN, "E", "c");
        assertThatThrownBy(acknowledged::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ServiceException.class).hasMessageContaining("Task Does Not Exist");
        // A task that registers after the grace does not get the answer that was refused.
        var answer = registry.register(TOKEN, "r", "S", Json.object(), () -> { });
        assertThat(answer).isNotDone();
    }

    @Test
    void aTokenIssuedBeforeTokensNamedTheirExecutionStillAnswersTheTaskAReplayIssuedAgain() {
        CallbackRegistry registry = new CallbackRegistry(timers, Duration.ofMillis(50));
        // The same random part, now followed by the execution's ARN (base64url).
        String reissued = TOKEN + "YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246bTplMQ";
        var answer = registry.register(reissued, "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Ask",
                Json.object(), () -> { });
        registry.succeed(TOKEN, "{\"ok\": true}");
        assertThat(answer.join()).isEqualTo(Json.parse("{\"ok\": true}"));
        assertThatThrownBy(() -> registry.succeed("u".repeat(64), "{}").join()).hasMessageContaining("Task Does Not Exist");
    }

    @Test
    void anActivityTokenOfTheOlderShapeAnswersTheTaskItsNewTokenNamesAndIsListedOnce() {
        CallbackRegistry registry = new CallbackRegistry(timers, Duration.ofMillis(50));
        String older = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
        String current = TOKEN + "YXJuOmF3czpzdGF0ZXM6dXMtZWFzdC0xOjEyMzQ1Njc4OTAxMjpleGVjdXRpb246bTplMQ";
        var answer = registry.register(current, older, "arn:aws:states:us-east-1:123456789012:activity:a", "Work",
                Json.object(), () -> { });
        assertThat(registry.waitingCount()).isEqualTo(1);
        assertThat(registry.describeWaiting()).singleElement()
                .satisfies(task -> assertThat(task.path("taskToken").asText()).isEqualTo(current));

        registry.succeed(older, "{\"ok\": 1}");
        assertThat(answer.join()).isEqualTo(Json.parse("{\"ok\": 1}"));
        // Ended under both: a late answer with either is told the task timed out.
        assertThatThrownBy(() -> registry.succeed(current, "{}").join()).hasMessageContaining("Task Timed Out");
        assertThatThrownBy(() -> registry.succeed(older, "{}").join()).hasMessageContaining("Task Timed Out");
        assertThat(registry.waitingCount()).isZero();
    }

    @Test
    void aTokenOfTheWrongShapeIsRefusedAtOnce() {
        CallbackRegistry registry = new CallbackRegistry(timers, Duration.ofSeconds(30));
        assertThatThrownBy(() -> registry.succeed("short", "{}")).isInstanceOf(ServiceException.class)
                .hasMessageContaining("Invalid Token");
    }
}
