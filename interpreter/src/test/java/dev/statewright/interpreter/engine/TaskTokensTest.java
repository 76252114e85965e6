package dev.statewright.interpreter.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TaskTokensTest {
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:run-1";

    @Test
    void aTokenNamesTheExecutionThatIssuedIt() {
        String token = TaskTokens.issue(new Random(1), ARN);
        assertThat(token).matches("[A-Za-z0-9_-]{64,}");
        assertThat(TaskTokens.executionOf(token)).contains(ARN);
    }

    @Test
    void theSameRandomSourceIssuesTheSameTokenSoAReplayMatches() {
        assertThat(TaskTokens.issue(new Random(7), ARN)).isEqualTo(TaskTokens.issue(new Random(7), ARN));
        assertThat(TaskTokens.issue(new Random(7), ARN)).isNotEqualTo(TaskTokens.issue(new Random(8), ARN));
    }

    @Test
    void aTokenWithoutAnExecutionOrNotOursNamesNone() {
        assertThat(TaskTokens.executionOf(TaskTokens.issue(new Random(1), null))).isEmpty();
        assertThat(TaskTokens.executionOf("A".repeat(64))).isEmpty();
        assertThat(TaskTokens.executionOf("A".repeat(64) + "!!not base64")).isEmpty();
        assertThat(TaskTokens.executionOf("A".repeat(64) + "aGVsbG8")).as("decodes, but to no ARN").isEmpty();
        assertThat(TaskTokens.executionOf(null)).isEmpty();
    }
}
