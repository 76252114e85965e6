package dev.statewright.api.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An activity's record as the store writes and reads it, with and without its encryption configuration. */
class ActivityCodecTest {
    private static final Instant CREATED = Instant.parse("2026-12-03T12:00:00Z");
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:activity:a";

    @Test
    void theEncryptionConfigurationGivenAtCreateIsKept() {
        ActivityRecord activity = new ActivityRecord(ARN, "a", CREATED, Map.of("team", "payments"),
                "{\"type\":\"CUSTOMER_MANAGED_KMS_KEY\",\"kmsKeyId\":\"alias/k\",\"kmsDataKeyReusePeriodSeconds\":300}");

        assertThat(RecordCodec.readActivity(RecordCodec.write(activity))).isEqualTo(activity);
    }

    @Test
    void aRecordWrittenBeforeEncryptionWasKeptReadsAsHavingNone() {
        String written = "{\"arn\":\"" + ARN + "\",\"name\":\"a\",\"creationDate\":\"2026-12-03T12:00:00Z\",\"tags\":{}}";

        assertThat(RecordCodec.readActivity(written)).isEqualTo(new ActivityRecord(ARN, "a", CREATED, Map.of()));
        assertThat(RecordCodec.write(new ActivityRecord(ARN, "a", CREATED, Map.of()))).isEqualTo(written);
    }
}
