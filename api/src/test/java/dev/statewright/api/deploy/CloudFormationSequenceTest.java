package dev.statewright.api.deploy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CloudWatchLogsLogGroup;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.LogDestination;
import software.amazon.awssdk.services.sfn.model.LoggingConfiguration;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TracingConfiguration;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.statewright.api.deploy.DeployService.ROLE;
import static dev.statewright.api.deploy.DeployService.definition;
import static dev.statewright.api.deploy.DeployService.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CloudFormation's resource handlers for AWS::StepFunctions::StateMachine, StateMachineVersion,
 * StateMachineAlias and Activity, as the CDK and SAM (AutoPublishAlias, DeploymentPreference)
 * use them: a stack's create, an update that replaces the version and moves the alias, a
 * gradual shift, and the delete with its stabilisation.
 */
@ExtendWith(KnownFailures.class)
class CloudFormationSequenceTest {
    private static final String LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/cfn/machine:*";

    private static DeployService service;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        service = DeployService.start();
        sfn = service.sfn;
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /** StateMachine Create: one CreateStateMachine with everything the template gives; the ARN is the physical ID. */
    private static String createMachine(String name, String definition) {
        return sfn.createStateMachine(CreateStateMachineRequest.builder().name(name).definition(definition)
                .roleArn(ROLE).type("STANDARD").tags(TerraformStateMachine.tags(Map.of("aws:cloudformation:stack-name",
                        "deploy-test", "team", "payments")))
                .loggingConfiguration(LoggingConfiguration.builder().level("ERROR").includeExecutionData(false)
                        .destinations(LogDestination.builder().cloudWatchLogsLogGroup(CloudWatchLogsLogGroup.builder()
                                .logGroupArn(LOG_GROUP).build()).build()).build())
                .tracingConfiguration(TracingConfiguration.builder().enabled(true).build()).build()).stateMachineArn();
    }

    /** StateMachine Read (and Fn::GetAtt): DescribeStateMachine, then ListTagsForResource. */
    private static Map<String, String> tagsOf(String arn) {
        Map<String, String> tags = new HashMap<>();
        sfn.listTagsForResource(b -> b.resourceArn(arn)).tags().forEach(tag -> tags.put(tag.key(), tag.value()));
        return tags;
    }

    /** StateMachineVersion Create: PublishStateMachineVersion with the revision the template names. */
    private static String publish(String machine, String revisionId, String description) {
        return sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).revisionId(revisionId)
                .description(description)).stateMachineVersionArn();
    }

    private static RoutingConfigurationListItem route(String version, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(version).weight(weight).build();
    }

    @Test
    void aStackCreateReadsBackEveryPropertyAndAttribute() {
        String name = unique("StateMachine");
        String arn = createMachine(name, definition("one"));

        DescribeStateMachineResponse read = sfn.describeStateMachine(b -> b.stateMachineArn(arn));

        assertThat(read.name()).isEqualTo(name);
        assertThat(read.definition()).isEqualTo(definition("one"));
        assertThat(read.roleArn()).isEqualTo(ROLE);
        assertThat(read.loggingConfiguration().levelAsString()).isEqualTo("ERROR");
        assertThat(read.loggingConfiguration().destinations().get(0).cloudWatchLogsLogGroup().logGroupArn())
                .isEqualTo(LOG_GROUP);
        assertThat(read.tracingConfiguration().enabled()).isTrue();
        // Fn::GetAtt StateMachineRevisionId feeds a StateMachineVersion's StateMachineRevisionId.
        assertThat(read.revisionId()).isNotBlank();
        assertThat(tagsOf(arn)).containsEntry("team", "payments").containsEntry("aws:cloudformation:stack-name",
                "deploy-test");
    }

    @Test
    void aVersionOfTheRevisionJustCreatedPublishesByItsIdOrAsInitial() {
        String machine = createMachine(unique("Initial"), definition("one"));
        String revision = sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId();

        String version = publish(machine, revision, "first deploy");
        // StateMachineVersion Read: DescribeStateMachine of the version ARN.
        DescribeStateMachineResponse read = sfn.describeStateMachine(b -> b.stateMachineArn(version));

        assertThat(version).isEqualTo(machine + ":1");
        assertThat(read.description()).isEqualTo("first deploy");
        assertThat(read.revisionId()).isEqualTo(revision);
        assertThat(read.definition()).isEqualTo(definition("one"));
        // The template may name the first revision INITIAL: the same revision, so the same version.
        assertThat(publish(machine, "INITIAL", "first deploy")).isEqualTo(version);
    }

    @Test
    void anUpdateReplacesTheVersionMovesTheAliasThenDeletesTheOldVersion() {
        String machine = createMachine(unique("Replace"), definition("one"));
        String first = publish(machine, sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId(), null);
        String alias = sfn.createStateMachineAlias(b -> b.name("live").description("SAM AutoPublishAlias")
                .routingConfiguration(route(first, 100))).stateMachineAliasArn();

        // StateMachine Update: UpdateStateMachine with the whole template (role, definition, logging, tracing).
        sfn.updateStateMachine(UpdateStateMachineRequest.builder().stateMachineArn(machine).roleArn(ROLE)
                .definition(definition("two")).tracingConfiguration(TracingConfiguration.builder().enabled(true).build())
                .build());
        String revision = sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId();
        // A new StateMachineRevisionId replaces the version resource: the new one first ...
        String second = publish(machine, revision, null);
        // ... the alias that depends on it is updated ...
        sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(alias).routingConfiguration(route(second, 100)));
        // ... and the old version goes in the cleanup phase, which the alias no longer holds it back from.
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(first));

        assertThat(second).isEqualTo(machine + ":2");
        assertThat(sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)).routingConfiguration())
                .containsExactly(route(second, 100));
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
                .singleElement().satisfies(v -> assertThat(v.stateMachineVersionArn()).isEqualTo(second));
        String execution = sfn.startExecution(b -> b.stateMachineArn(alias)).executionArn();
        assertThat(dev.statewright.api.SfnTestClients.awaitEnd(sfn, execution).output()).isEqualTo("\"two\"");
    }

    @Test
    void aVersionOfAStaleRevisionIsRefusedAndAVersionAnAliasHoldsCannotGoFirst() {
        String machine = createMachine(unique("Stale"), definition("one"));
        String stale = sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId();
        String first = publish(machine, stale, null);
        sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(first, 100)));
        sfn.updateStateMachine(b -> b.stateMachineArn(machine).roleArn(ROLE).definition(definition("two")));

        assertThatThrownBy(() -> publish(machine, stale, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(first)))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aGradualDeploymentShiftsTheAliasStepByStep() {
        String machine = createMachine(unique("Canary"), definition("one"));
        String first = publish(machine, sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId(), null);
        String alias = sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(first, 100)))
                .stateMachineAliasArn();
        sfn.updateStateMachine(b -> b.stateMachineArn(machine).roleArn(ROLE).definition(definition("two")));
        String second = publish(machine, sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId(), null);

        // DeploymentPreference LINEAR/CANARY: the handler reads the alias, then moves weight a step at a time.
        for (int step : new int[] {10, 50}) {
            sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias));
            sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(alias)
                    .routingConfiguration(route(second, step), route(first, 100 - step)));
            assertThat(sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)).routingConfiguration())
                    .containsExactly(route(second, step), route(first, 100 - step));
        }
        sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(alias).routingConfiguration(route(second, 100)));

        assertThat(sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)).routingConfiguration())
                .containsExactly(route(second, 100));
    }

    @Test
    void anUpdateOfTagsAloneReadsThemFirstThenUntagsAndTags() {
        String machine = createMachine(unique("Tags"), definition("one"));
        String revision = sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId();

        sfn.updateStateMachine(b -> b.stateMachineArn(machine).roleArn(ROLE).definition(definition("one")));
        Map<String, String> previous = tagsOf(machine);
        sfn.untagResource(b -> b.resourceArn(machine).tagKeys("team"));
        sfn.tagResource(b -> b.resourceArn(machine).tags(TerraformStateMachine.tags(Map.of("owner", "ops"))));

        assertThat(previous).containsEntry("team", "payments");
        assertThat(tagsOf(machine)).doesNotContainKey("team").containsEntry("owner", "ops");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition()).isEqualTo(definition("one"));
        assertThat(revision).isNotBlank();
    }

    @Test
    void aStackDeleteRemovesAliasVersionAndMachineAndStabilisesOnDoesNotExist() {
        String machine = createMachine(unique("Delete"), definition("one"));
        String version = publish(machine, sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId(), null);
        String alias = sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(version, 100)))
                .stateMachineAliasArn();

        // In dependency order: the alias, the version, then the machine (describe, delete, describe until gone).
        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(alias));
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(version));
        sfn.describeStateMachine(b -> b.stateMachineArn(machine));
        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));

        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machine)))
                .isInstanceOfSatisfying(StateMachineDoesNotExistException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(400));
        // A delete retried after a timeout finds nothing and succeeds, as the handler expects.
        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(alias));
    }

    @Test
    void anActivityReadsBackWithItsTags() {
        String name = unique("Activity");
        String arn = sfn.createActivity(b -> b.name(name).tags(TerraformStateMachine.tags(Map.of("team", "payments"))))
                .activityArn();

        assertThat(sfn.describeActivity(b -> b.activityArn(arn)).name()).isEqualTo(name);
        assertThat(tagsOf(arn)).isEqualTo(Map.of("team", "payments"));
    }

    @Test
    void theListHandlersListWhatTheStackMade() {
        String machine = createMachine(unique("Listed"), definition("one"));
        String version = publish(machine, "INITIAL", null);
        String alias = sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(version, 100)))
                .stateMachineAliasArn();

        assertThat(sfn.listStateMachinesPaginator(b -> b.maxResults(5)).stateMachines().stream()
                .map(m -> m.stateMachineArn()).toList()).contains(machine);
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
                .extracting(v -> v.stateMachineVersionArn()).containsExactly(version);
        assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(machine)).stateMachineAliases())
                .extracting(a -> a.stateMachineAliasArn()).containsExactly(alias);
    }
}
