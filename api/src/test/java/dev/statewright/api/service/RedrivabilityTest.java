package dev.statewright.api.service;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS's rules for which executions may be redriven, at chosen times (the service's tests cannot wait 14 days). */
class RedrivabilityTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant STOP = START.plus(Duration.ofHours(1));
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:e";

    private static ExecutionRecord ended(String arn, ExecutionStatus status) {
        return new ExecutionRecord(arn, "e", "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m", "{}", "r", "{}",
                1, status, START, status == ExecutionStatus.RUNNING ? null : STOP, null, "E", "c");
    }

    private static Redrivability judge(ExecutionRecord record, Instant now) {
        return Redrivability.of(record, true, () -> 10, now);
    }

    @Test
    void failedTimedOutAndAbortedExecutionsMayBeRedrivenWithinFourteenDaysOfTheirEnd() {
        for (ExecutionStatus status : new ExecutionStatus[] {ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT,
                ExecutionStatus.ABORTED}) {
            Redrivability verdict = judge(ended(ARN, status), STOP.plus(Duration.ofDays(14)));
            assertThat(verdict.redrivable()).as(status.name()).isTrue();
            assertThat(verdict.redriveStatus()).isEqualTo("REDRIVABLE");
            assertThat(verdict.reason()).isNull();
        }
    }

    @Test
    void eachRefusalHasAwsReason() {
        assertThat(judge(ended(ARN, ExecutionStatus.FAILED), STOP.plus(Duration.ofDays(14)).plusMillis(1)).reason())
                .isEqualTo("Execution redrivable period exceeded");
        assertThat(judge(ended(ARN, ExecutionStatus.SUCCEEDED), STOP).reason())
                .isEqualTo("Execution is SUCCEEDED and cannot be redriven");
        assertThat(judge(ended(ARN, ExecutionStatus.RUNNING), STOP).reason())
                .isEqualTo("Execution is RUNNING and cannot be redriven");
        assertThat(judge(ended(ARN, ExecutionStatus.PENDING_REDRIVE), STOP).reason())
                .isEqualTo("Execution is RUNNING and cannot be redriven");
        assertThat(Redrivability.of(ended(ARN, ExecutionStatus.FAILED), false, () -> 10, STOP).reason())
                .isEqualTo("State machine is in DELETING status");
        assertThat(Redrivability.of(ended(ARN, ExecutionStatus.FAILED), true, () -> 24_999, STOP).reason())
                .isEqualTo("Execution history event limit exceeded");
        assertThat(Redrivability.of(ended(ARN, ExecutionStatus.FAILED), true, () -> 24_998, STOP).redrivable()).isTrue();
        assertThat(judge(ended(ARN.replace(":execution:", ":express:") + ":uuid", ExecutionStatus.FAILED), STOP)
                .redriveStatus()).isEqualTo("NOT_REDRIVABLE");
    }

    @Test
    void anExecutionOpenForMoreThanAYearIsNotRedrivenEvenWithinItsPeriod() {
        ExecutionRecord redrivenLate = ended(ARN, ExecutionStatus.FAILED).finished(ExecutionStatus.FAILED,
                START.plus(Duration.ofDays(364)), null, "E", "c");
        assertThat(judge(redrivenLate, START.plus(Duration.ofDays(366))).reason())
                .isEqualTo("Execution has exceeded the max execution time");
        assertThat(judge(redrivenLate, START.plus(Duration.ofDays(365))).redrivable()).isTrue();
    }
}
