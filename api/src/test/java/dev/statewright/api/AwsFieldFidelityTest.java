package dev.statewright.api;

import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineForExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.EncryptionType;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TooManyTagsException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The members of AWS's answers and requests beyond the basics, through the AWS SDK: includedData,
 * traceHeader, a machine's settings and their defaults, tags on activities, the required role.
 */
class AwsFieldFidelityTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";
    private static final String PASS = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}";

    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    static void startService() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0),
                TaskHandlers.none());
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stopService() {
        sfn.close();
        service.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String machine(String name) {
        return sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(ROLE)).stateMachineArn();
    }

    private static String finishedExecution(String machine, String traceHeader) {
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"secret\": 1}")
                .traceHeader(traceHeader)).executionArn();
        assertThat(awaitEnd(sfn, execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        return execution;
    }

    @Test
    void aMachineNeverGivenSettingsIsDescribedWithAwsDefaults() {
        DescribeStateMachineResponse described = sfn.describeStateMachine(b -> b.stateMachineArn(machine(unique("defaults"))));
        assertThat(described.loggingConfiguration().level()).isEqualTo(LogLevel.OFF);
        assertThat(described.loggingConfiguration().includeExecutionData()).isFalse();
        assertThat(described.loggingConfiguration().destinations()).isEmpty();
        assertThat(described.tracingConfiguration().enabled()).isFalse();
        // AWS answers no encryptionConfiguration at all for a machine created without one.
        assertThat(described.encryptionConfiguration()).isNull();
    }

    @Test
    void settingsAreKeptDescribedAndUpdated() {
        String group = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/m:*";
        String machine = sfn.createStateMachine(b -> b.name(unique("settings")).definition(PASS).roleArn(ROLE)
                .loggingConfiguration(l -> l.level(LogLevel.ALL).includeExecutionData(true)
                        .destinations(d -> d.cloudWatchLogsLogGroup(g -> g.logGroupArn(group))))
                .tracingConfiguration(t -> t.enabled(true))
                .encryptionConfiguration(e -> e.type(EncryptionType.CUSTOMER_MANAGED_KMS_KEY).kmsKeyId("alias/statewright")
                        .kmsDataKeyReusePeriodSeconds(120))).stateMachineArn();
        DescribeStateMachineResponse described = sfn.describeStateMachine(b -> b.stateMachineArn(machine));
        assertThat(described.loggingConfiguration().level()).isEqualTo(LogLevel.ALL);
        assertThat(described.loggingConfiguration().includeExecutionData()).isTrue();
        assertThat(described.loggingConfiguration().destinations().get(0).cloudWatchLogsLogGroup().logGroupArn())
                .isEqualTo(group);
        assertThat(described.tracingConfiguration().enabled()).isTrue();
        assertThat(described.encryptionConfiguration().type()).isEqualTo(EncryptionType.CUSTOMER_MANAGED_KMS_KEY);
        assertThat(described.encryptionConfiguration().kmsKeyId()).isEqualTo("alias/statewright");
        assertThat(described.encryptionConfiguration().kmsDataKeyReusePeriodSeconds()).isEqualTo(120);

        // An update replaces the settings it names and keeps the others.
        sfn.updateStateMachine(b -> b.stateMachineArn(machine).loggingConfiguration(l -> l.level(LogLevel.FATAL)
                .destinations(d -> d.cloudWatchLogsLogGroup(g -> g.logGroupArn(group)))));
        DescribeStateMachineResponse updated = sfn.describeStateMachine(b -> b.stateMachineArn(machine));
        assertThat(updated.loggingConfiguration().level()).isEqualTo(LogLevel.FATAL);
        assertThat(updated.loggingConfiguration().includeExecutionData()).isFalse();
        assertThat(updated.tracingConfiguration().enabled()).isTrue();
        assertThat(updated.encryptionConfiguration().kmsKeyId()).isEqualTo("alias/statewright");

        // The machine an execution ran is described with the same settings.
        String execution = finishedExecution(machine, null);
        DescribeStateMachineForExecutionResponse forExecution = sfn.describeStateMachineForExecution(b -> b
                .executionArn(execution));
        assertThat(forExecution.loggingConfiguration().level()).isEqualTo(LogLevel.FATAL);
        assertThat(forExecution.tracingConfiguration().enabled()).isTrue();
        assertThat(forExecution.encryptionConfiguration().type()).isEqualTo(EncryptionType.CUSTOMER_MANAGED_KMS_KEY);
    }

    @Test
    void loggingOffNeedsNoDestinationAndIsDescribedAsGiven() {
        // As AWS answers: an empty configuration reads as OFF without data; an empty list of destinations stays.
        String bare = sfn.createStateMachine(b -> b.name(unique("log-bare")).definition(PASS).roleArn(ROLE)
                .loggingConfiguration(l -> l.level(LogLevel.OFF))).stateMachineArn();
        DescribeStateMachineResponse described = sfn.describeStateMachine(b -> b.stateMachineArn(bare));
        assertThat(described.loggingConfiguration().level()).isEqualTo(LogLevel.OFF);
        assertThat(described.loggingConfiguration().includeExecutionData()).isFalse();
        RawHttp.Response raw = describeRaw(bare);
        assertThat(Json.parse(raw.body()).path("loggingConfiguration").has("destinations")).isFalse();

        String emptyList = sfn.createStateMachine(b -> b.name(unique("log-empty")).definition(PASS).roleArn(ROLE)
                .loggingConfiguration(l -> l.destinations(List.of()))).stateMachineArn();
        assertThat(Json.parse(describeRaw(emptyList).body()).path("loggingConfiguration").path("destinations").isArray())
                .isTrue();
    }

    private static RawHttp.Response describeRaw(String machine) {
        try {
            return RawHttp.aws(service.port(), "127.0.0.1:" + service.port(), "DescribeStateMachine",
                    "{\"stateMachineArn\": \"" + machine + "\"}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void metadataOnlyLeavesTheDefinitionOut() {
        String machine = machine(unique("metadata"));
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine).includedData(IncludedData.METADATA_ONLY))
                .definition()).isEqualTo("{}");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine).includedData(IncludedData.ALL_DATA))
                .definition()).isEqualTo(PASS);
        String execution = finishedExecution(machine, null);
        DescribeStateMachineForExecutionResponse forExecution = sfn.describeStateMachineForExecution(b -> b
                .executionArn(execution).includedData(IncludedData.METADATA_ONLY));
        assertThat(forExecution.definition()).isEqualTo("{}");
        assertThat(forExecution.name()).isEqualTo(machine.substring(machine.lastIndexOf(':') + 1));
        assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(execution)).definition()).isEqualTo(PASS);
    }

    @Test
    void metadataOnlyLeavesAnExecutionsDataOut() {
        String execution = finishedExecution(machine(unique("metadata-run")), null);
        DescribeExecutionResponse metadata = sfn.describeExecution(b -> b.executionArn(execution)
                .includedData(IncludedData.METADATA_ONLY));
        assertThat(metadata.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(metadata.stopDate()).isNotNull();
        assertThat(metadata.input()).isNull();
        assertThat(metadata.inputDetails()).isNull();
        assertThat(metadata.output()).isNull();
        assertThat(metadata.outputDetails()).isNull();
        DescribeExecutionResponse all = sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(all.input()).isEqualTo("{\"secret\": 1}");
        assertThat(all.output()).isEqualTo("{\"secret\":1}");
        assertThat(all.inputDetails().included()).isTrue();
    }

    @Test
    void theTraceHeaderIsKeptAndDescribed() {
        String machine = machine(unique("traced"));
        String header = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
        String traced = finishedExecution(machine, header);
        assertThat(sfn.describeExecution(b -> b.executionArn(traced)).traceHeader()).isEqualTo(header);
        String untraced = finishedExecution(machine, null);
        assertThat(sfn.describeExecution(b -> b.executionArn(untraced)).traceHeader()).isNull();
    }

    @Test
    void aStateMachineNeedsARole() {
        assertThatThrownBy(() -> sfn.createStateMachine(b -> b.name(unique("roleless")).definition(PASS)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void activitiesAreTaggedAsStateMachinesAre() {
        String activity = sfn.createActivity(b -> b.name(unique("tagged"))
                .tags(Tag.builder().key("team").value("core").build())).activityArn();
        assertThat(tags(activity)).isEqualTo(Map.of("team", "core"));
        sfn.tagResource(b -> b.resourceArn(activity).tags(Tag.builder().key("team").value("edge").build(),
                Tag.builder().key("tier").value("1").build()));
        assertThat(tags(activity)).isEqualTo(Map.of("team", "edge", "tier", "1"));
        sfn.untagResource(b -> b.resourceArn(activity).tagKeys("team", "absent"));
        assertThat(tags(activity)).isEqualTo(Map.of("tier", "1"));
        // Like a machine's, the tags of a recreated activity are not changed by CreateActivity (it is idempotent).
        sfn.createActivity(b -> b.name(activity.substring(activity.lastIndexOf(':') + 1))
                .tags(Tag.builder().key("other").value("x").build()));
        assertThat(tags(activity)).isEqualTo(Map.of("tier", "1"));

        sfn.deleteActivity(b -> b.activityArn(activity));
        assertThatThrownBy(() -> sfn.listTagsForResource(b -> b.resourceArn(activity)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.tagResource(b -> b.resourceArn(activity).tags(Tag.builder().key("k").value("v").build())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aResourceHoldsAtMostFiftyTags() {
        String machine = machine(unique("crowded"));
        sfn.tagResource(b -> b.resourceArn(machine).tags(tags(0, 49)));
        // Re-tagging keys already there adds none, so the limit is not reached.
        sfn.tagResource(b -> b.resourceArn(machine).tags(tags(40, 50)));
        assertThat(tags(machine)).hasSize(50);
        assertThatThrownBy(() -> sfn.tagResource(b -> b.resourceArn(machine).tags(tags(50, 51))))
                .isInstanceOf(TooManyTagsException.class);
        assertThat(tags(machine)).hasSize(50);

        String activity = sfn.createActivity(b -> b.name(unique("crowded-activity")).tags(tags(0, 50))).activityArn();
        assertThatThrownBy(() -> sfn.tagResource(b -> b.resourceArn(activity).tags(tags(50, 51))))
                .isInstanceOf(TooManyTagsException.class);
        assertThat(tags(activity)).hasSize(50);
    }

    private static List<Tag> tags(int from, int to) {
        List<Tag> tags = new ArrayList<>();
        for (int i = from; i < to; i++) {
            tags.add(Tag.builder().key("k" + i).value("v" + i).build());
        }
        return tags;
    }

    private static Map<String, String> tags(String resource) {
        Map<String, String> tags = new LinkedHashMap<>();
        sfn.listTagsForResource(b -> b.resourceArn(resource)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }
}
