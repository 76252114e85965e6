package dev.statewright.api.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CloudWatchLogsLogGroup;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.EncryptionConfiguration;
import software.amazon.awssdk.services.sfn.model.ListStateMachineVersionsResponse;
import software.amazon.awssdk.services.sfn.model.LogDestination;
import software.amazon.awssdk.services.sfn.model.LoggingConfiguration;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.TracingConfiguration;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Step Functions calls the Terraform AWS provider makes for an {@code aws_sfn_state_machine},
 * in its order and with the fields it sends, and the attributes it keeps from the answers. A
 * test plays a plan, an apply or a refresh through it and compares what a second plan would.
 */
final class TerraformStateMachine {
    /** A {@code logging_configuration} block: each field as the provider sends it (empty strings are left out). */
    record Logging(String level, boolean includeExecutionData, String logDestination) {
    }

    /** An {@code encryption_configuration} block. */
    record Encryption(String type, String kmsKeyId, Integer kmsDataKeyReusePeriodSeconds) {
    }

    /** The resource's configuration; a null block is one the configuration leaves out. */
    record Config(String name, String definition, String roleArn, String type, boolean publish, Logging logging,
                  Boolean tracingEnabled, Encryption encryption, Map<String, String> tags) {
        Config withDefinition(String changed) {
            return new Config(name, changed, roleArn, type, publish, logging, tracingEnabled, encryption, tags);
        }

        Config withRoleArn(String changed) {
            return new Config(name, definition, changed, type, publish, logging, tracingEnabled, encryption, tags);
        }

        Config withLogging(Logging changed) {
            return new Config(name, definition, roleArn, type, publish, changed, tracingEnabled, encryption, tags);
        }

        Config withTracing(Boolean changed) {
            return new Config(name, definition, roleArn, type, publish, logging, changed, encryption, tags);
        }

        Config withTags(Map<String, String> changed) {
            return new Config(name, definition, roleArn, type, publish, logging, tracingEnabled, encryption, changed);
        }

        Config withPublish(boolean changed) {
            return new Config(name, definition, roleArn, type, changed, logging, tracingEnabled, encryption, tags);
        }
    }

    /** What the provider's read puts in the state (null: the answer had no such field). */
    record State(String arn, String name, String definition, String roleArn, String type, String status,
                 String revisionId, String creationDate, String description, Logging logging, Boolean tracingEnabled,
                 Encryption encryption, String stateMachineVersionArn, Map<String, String> tags) {
    }

    private final SfnClient sfn;

    TerraformStateMachine(SfnClient sfn) {
        this.sfn = sfn;
    }

    /** The plan's CustomizeDiff: a changed definition is validated; anything but OK stops the plan. */
    ValidateStateMachineDefinitionResponse plan(Config config) {
        return sfn.validateStateMachineDefinition(b -> b.definition(config.definition()).type(config.type()));
    }

    /** Create, then the read the provider does at once (its ID is the ARN the create answered). */
    State create(Config config) {
        CreateStateMachineRequest.Builder request = CreateStateMachineRequest.builder().name(config.name())
                .definition(config.definition()).roleArn(config.roleArn()).type(config.type())
                .publish(config.publish());
        if (!config.tags().isEmpty()) {
            request.tags(tags(config.tags()));
        }
        if (config.logging() != null) {
            request.loggingConfiguration(logging(config.logging()));
        }
        if (config.tracingEnabled() != null) {
            request.tracingConfiguration(TracingConfiguration.builder().enabled(config.tracingEnabled()).build());
        }
        if (config.encryption() != null) {
            request.encryptionConfiguration(encryption(config.encryption()));
        }
        String arn = sfn.createStateMachine(request.build()).stateMachineArn();
        return read(arn);
    }

    /**
     * A refresh or an import: DescribeStateMachine, ListStateMachineVersions (the newest version's
     * ARN is the first item), then the tags. Empty when the machine is gone (StateMachineDoesNotExist).
     */
    Optional<State> refresh(String arn) {
        DescribeStateMachineResponse described;
        try {
            described = sfn.describeStateMachine(b -> b.stateMachineArn(arn));
        } catch (StateMachineDoesNotExistException gone) {
            return Optional.empty();
        }
        ListStateMachineVersionsResponse versions = sfn.listStateMachineVersions(b -> b.stateMachineArn(arn));
        String newestVersion = versions.stateMachineVersions().isEmpty() ? null
                : versions.stateMachineVersions().get(0).stateMachineVersionArn();
        Map<String, String> tags = new HashMap<>();
        sfn.listTagsForResource(b -> b.resourceArn(arn)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return Optional.of(new State(described.stateMachineArn(), described.name(), described.definition(),
                described.roleArn(), described.typeAsString(), described.statusAsString(), described.revisionId(),
                described.creationDate() == null ? null : rfc3339(described.creationDate()), described.description(),
                logging(described.loggingConfiguration()), described.tracingConfiguration() == null ? null
                        : described.tracingConfiguration().enabled(),
                encryption(described.encryptionConfiguration()), newestVersion, tags));
    }

    State read(String arn) {
        return refresh(arn).orElseThrow(() -> new AssertionError("the read after a write found no " + arn));
    }

    /**
     * An apply that changes {@code before} into {@code after}: UpdateStateMachine when anything but
     * the tags changed (definition and roleArn always, a block only when it changed), then the
     * reads the provider repeats until the answer shows the change (one here: a read that does not
     * show it is eventual consistency the service must not have), then the tags, then the read.
     */
    State update(String arn, Config before, Config after) {
        boolean settingsChanged = !Objects.equals(before.definition(), after.definition())
                || !Objects.equals(before.roleArn(), after.roleArn()) || before.publish() != after.publish()
                || !Objects.equals(before.logging(), after.logging())
                || !Objects.equals(before.tracingEnabled(), after.tracingEnabled())
                || !Objects.equals(before.encryption(), after.encryption());
        if (settingsChanged) {
            UpdateStateMachineRequest.Builder request = UpdateStateMachineRequest.builder().stateMachineArn(arn)
                    .definition(after.definition()).roleArn(after.roleArn()).publish(after.publish());
            if (!Objects.equals(before.logging(), after.logging()) && after.logging() != null) {
                request.loggingConfiguration(logging(after.logging()));
            }
            if (!Objects.equals(before.tracingEnabled(), after.tracingEnabled()) && after.tracingEnabled() != null) {
                request.tracingConfiguration(TracingConfiguration.builder().enabled(after.tracingEnabled()).build());
            }
            if (!Objects.equals(before.encryption(), after.encryption()) && after.encryption() != null) {
                request.encryptionConfiguration(encryption(after.encryption()));
            }
            if (after.publish()) {
                // version_description is computed only and never read back, so it is always empty here.
                request.versionDescription("");
            }
            sfn.updateStateMachine(request.build());
            List<String> unsettled = unsettled(read(arn), before, after);
            if (!unsettled.isEmpty()) {
                throw new AssertionError("the first read after the update still shows the old " + unsettled
                        + "; the provider would poll for up to a minute");
            }
        }
        if (!before.tags().equals(after.tags())) {
            List<String> removed = before.tags().keySet().stream().filter(key -> !after.tags().containsKey(key)).toList();
            if (!removed.isEmpty()) {
                sfn.untagResource(b -> b.resourceArn(arn).tagKeys(removed));
            }
            Map<String, String> updated = new HashMap<>();
            after.tags().forEach((key, value) -> {
                if (!value.equals(before.tags().get(key))) {
                    updated.put(key, value);
                }
            });
            if (!updated.isEmpty()) {
                sfn.tagResource(b -> b.resourceArn(arn).tags(tags(updated)));
            }
        }
        return read(arn);
    }

    /** Destroy: DeleteStateMachine, then the waiter's describes (ACTIVE and DELETING pending, gone done). */
    void delete(String arn, int describesAllowed) {
        sfn.deleteStateMachine(b -> b.stateMachineArn(arn));
        for (int i = 0; i < describesAllowed; i++) {
            try {
                String status = sfn.describeStateMachine(b -> b.stateMachineArn(arn)).statusAsString();
                if (!status.equals("ACTIVE") && !status.equals("DELETING")) {
                    throw new AssertionError("the delete waiter stops at status " + status + ": not one it waits on");
                }
            } catch (StateMachineDoesNotExistException gone) {
                return;
            }
        }
        throw new AssertionError(arn + " still described after " + describesAllowed + " describes");
    }

    /**
     * What the next plan would change: the attributes whose configured value differs from the
     * state's. A block the configuration leaves out is not compared (the provider suppresses a
     * missing optional block); the definition is compared as JSON.
     */
    static List<String> drift(Config config, State state) {
        List<String> drift = new ArrayList<>();
        if (!Json.parse(config.definition()).equals(Json.parse(state.definition()))) {
            drift.add("definition");
        }
        compare(drift, "name", config.name(), state.name());
        compare(drift, "role_arn", config.roleArn(), state.roleArn());
        compare(drift, "type", config.type(), state.type());
        if (config.logging() != null) {
            Logging configured = config.logging();
            Logging read = state.logging() == null ? new Logging(null, false, null) : state.logging();
            compare(drift, "logging_configuration.0.level", blank(configured.level()), blank(read.level()));
            compare(drift, "logging_configuration.0.include_execution_data", configured.includeExecutionData(),
                    read.includeExecutionData());
            compare(drift, "logging_configuration.0.log_destination", blank(configured.logDestination()),
                    blank(read.logDestination()));
        }
        if (config.tracingEnabled() != null) {
            compare(drift, "tracing_configuration.0.enabled", config.tracingEnabled(),
                    state.tracingEnabled() != null && state.tracingEnabled());
        }
        if (config.encryption() != null) {
            Encryption configured = config.encryption();
            Encryption read = state.encryption() == null ? new Encryption(null, null, null) : state.encryption();
            compare(drift, "encryption_configuration.0.type", blank(configured.type()), blank(read.type()));
            compare(drift, "encryption_configuration.0.kms_key_id", blank(configured.kmsKeyId()), blank(read.kmsKeyId()));
            compare(drift, "encryption_configuration.0.kms_data_key_reuse_period_seconds",
                    configured.kmsDataKeyReusePeriodSeconds(), read.kmsDataKeyReusePeriodSeconds());
        }
        compare(drift, "tags", config.tags(), state.tags());
        return drift;
    }

    /** The fields the provider's update loop compares, as {@link #drift} names them, that the read does not show yet. */
    private static List<String> unsettled(State read, Config before, Config after) {
        List<String> unsettled = new ArrayList<>();
        if (!Objects.equals(before.definition(), after.definition())
                && !Json.parse(after.definition()).equals(Json.parse(read.definition()))) {
            unsettled.add("definition");
        }
        if (!Objects.equals(before.roleArn(), after.roleArn()) && !after.roleArn().equals(read.roleArn())) {
            unsettled.add("role_arn");
        }
        if (!Objects.equals(before.tracingEnabled(), after.tracingEnabled()) && after.tracingEnabled() != null
                && read.tracingEnabled() != null && !after.tracingEnabled().equals(read.tracingEnabled())) {
            unsettled.add("tracing_configuration.0.enabled");
        }
        if (after.logging() != null && read.logging() != null && !Objects.equals(before.logging(), after.logging())) {
            if (after.logging().includeExecutionData() != read.logging().includeExecutionData()) {
                unsettled.add("logging_configuration.0.include_execution_data");
            }
            if (!blank(after.logging().level()).equals(blank(read.logging().level()))) {
                unsettled.add("logging_configuration.0.level");
            }
        }
        return unsettled;
    }

    private static void compare(List<String> drift, String attribute, Object configured, Object read) {
        if (!Objects.equals(configured, read)) {
            drift.add(attribute + " (configured " + configured + ", read " + read + ")");
        }
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }

    private static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** As the provider expands the block: includeExecutionData always, level and the destination when not empty. */
    private static LoggingConfiguration logging(Logging logging) {
        LoggingConfiguration.Builder builder = LoggingConfiguration.builder()
                .includeExecutionData(logging.includeExecutionData());
        if (logging.level() != null && !logging.level().isEmpty()) {
            builder.level(logging.level());
        }
        if (logging.logDestination() != null && !logging.logDestination().isEmpty()) {
            builder.destinations(LogDestination.builder().cloudWatchLogsLogGroup(
                    CloudWatchLogsLogGroup.builder().logGroupArn(logging.logDestination()).build()).build());
        }
        return builder.build();
    }

    /** As the provider flattens the answer: the level, the flag and the first destination's log group. */
    private static Logging logging(LoggingConfiguration answer) {
        if (answer == null) {
            return null;
        }
        String destination = answer.hasDestinations() && !answer.destinations().isEmpty()
                && answer.destinations().get(0).cloudWatchLogsLogGroup() != null
                ? answer.destinations().get(0).cloudWatchLogsLogGroup().logGroupArn() : null;
        return new Logging(answer.levelAsString(), Boolean.TRUE.equals(answer.includeExecutionData()), destination);
    }

    private static EncryptionConfiguration encryption(Encryption encryption) {
        EncryptionConfiguration.Builder builder = EncryptionConfiguration.builder();
        if (encryption.kmsKeyId() != null && !encryption.kmsKeyId().isEmpty()) {
            builder.kmsKeyId(encryption.kmsKeyId());
        }
        if (encryption.type() != null && !encryption.type().isEmpty()) {
            builder.type(encryption.type());
        }
        if (encryption.kmsDataKeyReusePeriodSeconds() != null && encryption.kmsDataKeyReusePeriodSeconds() != 0) {
            builder.kmsDataKeyReusePeriodSeconds(encryption.kmsDataKeyReusePeriodSeconds());
        }
        return builder.build();
    }

    private static Encryption encryption(EncryptionConfiguration answer) {
        return answer == null ? null
                : new Encryption(answer.typeAsString(), answer.kmsKeyId(), answer.kmsDataKeyReusePeriodSeconds());
    }

    /** The definition as another tool might have written it: the same JSON, spaced differently. */
    static String respaced(String definition) {
        JsonNode tree = Json.parse(definition);
        return tree.toPrettyString();
    }
}
