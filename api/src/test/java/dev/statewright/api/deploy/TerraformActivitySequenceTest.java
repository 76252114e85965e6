package dev.statewright.api.deploy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ActivityDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.CreateActivityRequest;
import software.amazon.awssdk.services.sfn.model.DescribeActivityResponse;
import software.amazon.awssdk.services.sfn.model.EncryptionConfiguration;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.statewright.api.deploy.DeployService.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform AWS provider's {@code aws_sfn_activity}: CreateActivity with the tags (and an
 * encryption configuration when given); the read is DescribeActivity (a creationDate is
 * required: without one the provider reports an empty result) and then ListTagsForResource;
 * an update changes tags only (UntagResource, TagResource); delete is DeleteActivity, and
 * ActivityDoesNotExist means gone.
 */
@ExtendWith(KnownFailures.class)
class TerraformActivitySequenceTest {
    private static DeployService service;
    private static SfnClient sfn;

    /** The attributes the provider keeps. */
    record ActivityState(String name, String creationDate, EncryptionConfiguration encryption, Map<String, String> tags) {
    }

    @BeforeAll
    static void start() {
        service = DeployService.start();
        sfn = service.sfn;
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Optional<ActivityState> refresh(String arn) {
        DescribeActivityResponse described;
        try {
            described = sfn.describeActivity(b -> b.activityArn(arn));
        } catch (ActivityDoesNotExistException gone) {
            return Optional.empty();
        }
        assertThat(described.creationDate()).as("the provider treats an answer without creationDate as empty").isNotNull();
        Map<String, String> tags = new HashMap<>();
        sfn.listTagsForResource(b -> b.resourceArn(arn)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return Optional.of(new ActivityState(described.name(), described.creationDate().toString(),
                described.encryptionConfiguration(), tags));
    }

    private static ActivityState read(String arn) {
        return refresh(arn).orElseThrow(() -> new AssertionError("the read after a write found no " + arn));
    }

    @Test
    void createWithoutTagsReadsBackTheNameAndNoTags() {
        String name = unique("tf-activity");

        String arn = sfn.createActivity(b -> b.name(name)).activityArn();
        ActivityState state = read(arn);

        assertThat(arn).endsWith(":activity:" + name);
        assertThat(state.name()).isEqualTo(name);
        assertThat(state.tags()).isEmpty();
    }

    @Test
    void tagsGivenAtCreateReadBack() {
        String arn = sfn.createActivity(b -> b.name(unique("tf-activity-tags"))
                .tags(TerraformStateMachine.tags(Map.of("team", "payments")))).activityArn();

        assertThat(read(arn).tags()).isEqualTo(Map.of("team", "payments"));
    }

    @Test
    void tagsChangeThroughUntagAndTag() {
        String arn = sfn.createActivity(b -> b.name(unique("tf-activity-retag"))
                .tags(TerraformStateMachine.tags(Map.of("team", "payments", "env", "test")))).activityArn();

        sfn.untagResource(b -> b.resourceArn(arn).tagKeys("env"));
        sfn.tagResource(b -> b.resourceArn(arn).tags(TerraformStateMachine.tags(Map.of("team", "billing"))));

        assertThat(read(arn).tags()).isEqualTo(Map.of("team", "billing"));
    }

    @Test
    void anEncryptionConfigurationGivenAtCreateReadsBack() {
        EncryptionConfiguration encryption = EncryptionConfiguration.builder().type("CUSTOMER_MANAGED_KMS_KEY")
                .kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .kmsDataKeyReusePeriodSeconds(300).build();

        String arn = sfn.createActivity(CreateActivityRequest.builder().name(unique("tf-activity-kms"))
                .encryptionConfiguration(encryption).build()).activityArn();

        assertThat(read(arn).encryption()).isEqualTo(encryption);
    }

    @Test
    void describeAnswersTheEncryptionConfigurationGivenAtCreate() {
        EncryptionConfiguration encryption = EncryptionConfiguration.builder().type("CUSTOMER_MANAGED_KMS_KEY")
                .kmsKeyId("alias/activities").kmsDataKeyReusePeriodSeconds(60).build();
        String arn = sfn.createActivity(CreateActivityRequest.builder().name(unique("tf-activity-describe"))
                .encryptionConfiguration(encryption).build()).activityArn();
        String plain = sfn.createActivity(b -> b.name(unique("tf-activity-plain"))).activityArn();

        // The part of the read that DescribeActivity answers (the tags are a separate call).
        assertThat(sfn.describeActivity(b -> b.activityArn(arn)).encryptionConfiguration()).isEqualTo(encryption);
        assertThat(sfn.describeActivity(b -> b.activityArn(plain)).encryptionConfiguration()).isNull();
    }

    @Test
    void destroyThenRefreshDropsTheActivity() {
        String arn = sfn.createActivity(b -> b.name(unique("tf-activity-gone"))).activityArn();

        sfn.deleteActivity(b -> b.activityArn(arn));

        assertThat(refresh(arn)).isEmpty();
    }

    @Test
    void importByArnAloneReadsEveryAttribute() {
        String name = unique("tf-activity-import");
        String arn = sfn.createActivity(b -> b.name(name)).activityArn();

        ActivityState imported = read(arn);

        assertThat(imported.name()).isEqualTo(name);
        assertThat(imported.creationDate()).isNotNull();
    }
}
