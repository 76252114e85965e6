package dev.statewright.api.deploy;

import dev.statewright.api.deploy.TerraformStateMachine.Config;
import dev.statewright.api.deploy.TerraformStateMachine.Encryption;
import dev.statewright.api.deploy.TerraformStateMachine.Logging;
import dev.statewright.api.deploy.TerraformStateMachine.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachineVersionsResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.statewright.api.deploy.DeployService.OTHER_ROLE;
import static dev.statewright.api.deploy.DeployService.ROLE;
import static dev.statewright.api.deploy.DeployService.definition;
import static dev.statewright.api.deploy.DeployService.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform AWS provider's {@code aws_sfn_state_machine} against the service: plan, apply,
 * refresh, import and destroy as call sequences, and after each one the drift the next plan
 * would see (none).
 */
@ExtendWith(KnownFailures.class)
class TerraformStateMachineSequenceTest {
    private static final String LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/sfn/deploy:*";

    private static DeployService service;
    private static SfnClient sfn;
    private static TerraformStateMachine terraform;

    @BeforeAll
    static void start() {
        service = DeployService.start();
        sfn = service.sfn;
        terraform = new TerraformStateMachine(sfn);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Config plain(String name) {
        return new Config(name, definition("one"), ROLE, "STANDARD", false, null, null, null, Map.of());
    }

    private static Config everything(String name) {
        return new Config(name, definition("one"), ROLE, "STANDARD", false, new Logging("ALL", true, LOG_GROUP), true,
                new Encryption("AWS_OWNED_KEY", null, null), Map.of("team", "payments", "env", "test"));
    }

    @Test
    void applyWithEverySettingLeavesNothingForTheNextPlan() {
        Config config = everything(unique("tf-all"));
        assertThat(terraform.plan(config).resultAsString()).isEqualTo("OK");

        State state = terraform.create(config);

        assertThat(TerraformStateMachine.drift(config, state)).isEmpty();
        assertThat(state.definition()).isEqualTo(config.definition());
        assertThat(state.arn()).endsWith(":stateMachine:" + config.name());
        assertThat(state.status()).isEqualTo("ACTIVE");
        assertThat(state.revisionId()).isNotBlank();
        assertThat(state.creationDate()).isNotNull();
        assertThat(state.stateMachineVersionArn()).isNull();
        // A second refresh reads the same: nothing in the answers moves by itself.
        assertThat(terraform.read(state.arn())).isEqualTo(state);
    }

    @Test
    void aConfigurationWithoutBlocksReadsAwsDefaultsThatThePlanIgnores() {
        Config config = plain(unique("tf-plain"));

        State state = terraform.create(config);

        assertThat(TerraformStateMachine.drift(config, state)).isEmpty();
        // Logging and tracing are always answered, as AWS does (the provider keeps them as computed).
        assertThat(state.logging()).isEqualTo(new Logging("OFF", false, null));
        assertThat(state.tracingEnabled()).isFalse();
        assertThat(state.tags()).isEmpty();
    }

    @Test
    void aPrettyPrintedDefinitionReadsBackAsItWasSent() {
        Config config = plain(unique("tf-pretty")).withDefinition(TerraformStateMachine.respaced(definition("one")));

        State state = terraform.create(config);

        // The provider keeps the definition as read; byte for byte is what keeps `jsonencode` plans quiet.
        assertThat(state.definition()).isEqualTo(config.definition());
    }

    @Test
    void anInvalidDefinitionStopsThePlanWithDiagnostics() {
        Config config = plain(unique("tf-invalid")).withDefinition("{\"StartAt\": \"Missing\", \"States\": {}}");

        ValidateStateMachineDefinitionResponse validated = terraform.plan(config);

        assertThat(validated.resultAsString()).isEqualTo("FAIL");
        assertThat(validated.diagnostics()).isNotEmpty()
                .allSatisfy(diagnostic -> assertThat(diagnostic.code()).isNotBlank());
    }

    @Test
    void anUpdateShowsAtTheFirstReadAndChangesOnlyWhatChanged() {
        Config before = everything(unique("tf-update"));
        String arn = terraform.create(before).arn();
        String revisionBefore = terraform.read(arn).revisionId();

        Config after = before.withDefinition(definition("two")).withRoleArn(OTHER_ROLE)
                .withLogging(new Logging("ERROR", false, LOG_GROUP));
        State state = terraform.update(arn, before, after);

        assertThat(TerraformStateMachine.drift(after, state)).isEmpty();
        assertThat(state.revisionId()).isNotEqualTo(revisionBefore);
        // Tracing and encryption were not sent: they keep what the create set.
        assertThat(state.tracingEnabled()).isTrue();
        assertThat(state.encryption().type()).isEqualTo("AWS_OWNED_KEY");
    }

    @Test
    void changingOnlyTracingKeepsTheLoggingSetAtCreate() {
        Config before = everything(unique("tf-tracing"));
        String arn = terraform.create(before).arn();

        Config after = before.withTracing(false);
        State state = terraform.update(arn, before, after);

        assertThat(TerraformStateMachine.drift(after, state)).isEmpty();
        assertThat(state.logging()).isEqualTo(before.logging());
    }

    @Test
    void tagsChangeThroughUntagAndTagAlone() {
        Config before = everything(unique("tf-tags"));
        State created = terraform.create(before);

        Config after = before.withTags(Map.of("team", "billing", "owner", "ops"));
        State state = terraform.update(created.arn(), before, after);

        assertThat(TerraformStateMachine.drift(after, state)).isEmpty();
        assertThat(state.tags()).isEqualTo(Map.of("team", "billing", "owner", "ops"));
        assertThat(state.revisionId()).as("tags are not a revision").isEqualTo(created.revisionId());
    }

    @Test
    void publishOnCreateAndUpdateGivesTheNewestVersionFirst() {
        Config before = plain(unique("tf-publish")).withPublish(true);
        State created = terraform.create(before);
        assertThat(created.stateMachineVersionArn()).isEqualTo(created.arn() + ":1");

        Config after = before.withDefinition(definition("two"));
        State updated = terraform.update(created.arn(), before, after);

        assertThat(updated.stateMachineVersionArn()).isEqualTo(created.arn() + ":2");
        DescribeStateMachineResponse version = sfn.describeStateMachine(b -> b.stateMachineArn(updated.stateMachineVersionArn()));
        assertThat(version.definition()).isEqualTo(definition("two"));
        // The provider always sends an empty versionDescription when it publishes on update.
        assertThat(version.description()).isNullOrEmpty();
    }

    @Test
    void aRefreshOfAMachineWithManyVersionsReadsTheNewestFromTheFirstPage() {
        Config config = plain(unique("tf-many")).withPublish(true);
        String arn = terraform.create(config).arn();
        Config current = config;
        for (int i = 2; i <= 5; i++) {
            Config next = current.withDefinition(definition("v" + i));
            terraform.update(arn, current, next);
            current = next;
        }

        assertThat(terraform.read(arn).stateMachineVersionArn()).isEqualTo(arn + ":5");
    }

    @Test
    void importByArnAloneReadsEveryAttribute() {
        Config config = everything(unique("tf-import"));
        State created = terraform.create(config);

        // `terraform import` knows only the ID: the read must give back everything the configuration holds.
        State imported = terraform.read(created.arn());

        assertThat(TerraformStateMachine.drift(config, imported)).isEmpty();
        assertThat(imported).isEqualTo(created);
    }

    @Test
    void destroyEndsTheWaiterAndTheNextRefreshDropsTheResource() {
        Config config = everything(unique("tf-destroy")).withPublish(true);
        String arn = terraform.create(config).arn();

        terraform.delete(arn, 1);

        assertThat(terraform.refresh(arn)).isEmpty();
        // A replacement (a new name forces one) or a re-create of the same name goes through at once.
        assertThat(terraform.create(config).arn()).isEqualTo(arn);
    }

    @Test
    void destroyWhileAnExecutionRunsEndsTheWaiter() {
        String activity = sfn.createActivity(b -> b.name(unique("tf-waits"))).activityArn();
        Config config = plain(unique("tf-running")).withDefinition("{\"StartAt\": \"Work\", \"States\": {\"Work\":"
                + " {\"Type\": \"Task\", \"Resource\": \"" + activity + "\", \"End\": true}}}");
        String arn = terraform.create(config).arn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();

        terraform.delete(arn, 1);

        var described = sfn.describeExecution(b -> b.executionArn(execution));
        assertThat(described.statusAsString()).as(described.error() + ": " + described.cause()).isEqualTo("RUNNING");
        sfn.stopExecution(b -> b.executionArn(execution));
    }

    @Test
    void theDataSourcesFindAMachineByNameAndListItsVersions() {
        Config config = plain(unique("tf-data")).withPublish(true);
        String arn = terraform.create(config).arn();
        terraform.update(arn, config, config.withDefinition(definition("two")));

        // data "aws_sfn_state_machine": every page of ListStateMachines, then DescribeStateMachine of the match.
        List<StateMachineListItem> all = new ArrayList<>();
        sfn.listStateMachinesPaginator(b -> b.maxResults(2)).stateMachines().forEach(all::add);
        assertThat(all).filteredOn(item -> item.name().equals(config.name())).singleElement()
                .satisfies(item -> assertThat(item.stateMachineArn()).isEqualTo(arn));
        // data "aws_sfn_state_machine_versions": every page of ListStateMachineVersions.
        List<String> versions = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListStateMachineVersionsResponse answer = sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)
                    .maxResults(1).nextToken(page));
            answer.stateMachineVersions().forEach(version -> versions.add(version.stateMachineVersionArn()));
            token = answer.nextToken();
        } while (token != null);
        assertThat(versions).containsExactly(arn + ":2", arn + ":1");
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::creationDate).doesNotContainNull();
    }
}
