package dev.statewright.api.deploy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineAliasRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineAliasListItem;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineAliasRequest;

import java.util.List;
import java.util.Optional;

import static dev.statewright.api.deploy.DeployService.ROLE;
import static dev.statewright.api.deploy.DeployService.definition;
import static dev.statewright.api.deploy.DeployService.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform AWS provider's {@code aws_sfn_alias}: create sends the name, the description
 * (empty when the configuration has none) and the routing; read is DescribeStateMachineAlias and
 * keeps the routing as a list, in the answer's order; update sends only what changed; delete is
 * DeleteStateMachineAlias; ResourceNotFound means gone.
 */
@ExtendWith(KnownFailures.class)
class TerraformAliasSequenceTest {
    private static DeployService service;
    private static SfnClient sfn;

    /** The attributes the provider keeps. */
    record AliasState(String arn, String name, String description, String creationDate,
                      List<RoutingConfigurationListItem> routing) {
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

    /** A machine with two published versions, as a state machine resource with publish = true leaves it. */
    private static String machineWithTwoVersions() {
        String arn = sfn.createStateMachine(b -> b.name(unique("tf-alias")).definition(definition("one")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(definition("two")).roleArn(ROLE).publish(true)
                .versionDescription(""));
        return arn;
    }

    private static RoutingConfigurationListItem route(String version, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(version).weight(weight).build();
    }

    private static String create(String name, String description, List<RoutingConfigurationListItem> routing) {
        return sfn.createStateMachineAlias(CreateStateMachineAliasRequest.builder().name(name)
                .description(description == null ? "" : description).routingConfiguration(routing).build())
                .stateMachineAliasArn();
    }

    private static Optional<AliasState> refresh(String arn) {
        DescribeStateMachineAliasResponse described;
        try {
            described = sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(arn));
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        }
        String description = described.description() == null ? "" : described.description();
        return Optional.of(new AliasState(described.stateMachineAliasArn(), described.name(), description,
                described.creationDate() == null ? null : described.creationDate().toString(),
                described.routingConfiguration()));
    }

    private static AliasState read(String arn) {
        return refresh(arn).orElseThrow(() -> new AssertionError("the read after a write found no " + arn));
    }

    @Test
    void createWithoutADescriptionReadsBackWhatWasConfigured() {
        String machine = machineWithTwoVersions();
        List<RoutingConfigurationListItem> routing = List.of(route(machine + ":2", 100));

        String arn = create("live", null, routing);
        AliasState state = read(arn);

        assertThat(arn).isEqualTo(machine + ":live");
        assertThat(state.arn()).isEqualTo(arn);
        assertThat(state.name()).isEqualTo("live");
        assertThat(state.description()).isEmpty();
        assertThat(state.creationDate()).isNotNull();
        assertThat(state.routing()).isEqualTo(routing);
    }

    @Test
    void aSplitRoutingReadsBackInTheOrderItWasGiven() {
        String machine = machineWithTwoVersions();
        // The provider keeps routing_configuration as a list: another order would be a change to apply.
        List<RoutingConfigurationListItem> routing = List.of(route(machine + ":2", 10), route(machine + ":1", 90));

        AliasState state = read(create("canary", "ten percent on the new one", routing));

        assertThat(state.routing()).isEqualTo(routing);
        assertThat(state.description()).isEqualTo("ten percent on the new one");
    }

    @Test
    void aRouteWithWeightZeroIsKeptAndReadBack() {
        String machine = machineWithTwoVersions();
        // A canary set up before any traffic moves: the provider sends the zero weight and reads it back.
        List<RoutingConfigurationListItem> routing = List.of(route(machine + ":1", 100), route(machine + ":2", 0));

        AliasState state = read(create("staged", null, routing));

        assertThat(state.routing()).isEqualTo(routing);
    }

    @Test
    void anUpdateOfTheRoutingAloneKeepsTheDescription() {
        String machine = machineWithTwoVersions();
        String arn = create("moving", "stable", List.of(route(machine + ":1", 100)));

        List<RoutingConfigurationListItem> moved = List.of(route(machine + ":1", 50), route(machine + ":2", 50));
        sfn.updateStateMachineAlias(UpdateStateMachineAliasRequest.builder().stateMachineAliasArn(arn)
                .routingConfiguration(moved).build());
        AliasState state = read(arn);

        assertThat(state.routing()).isEqualTo(moved);
        assertThat(state.description()).isEqualTo("stable");
    }

    @Test
    void anUpdateOfTheDescriptionAloneKeepsTheRouting() {
        String machine = machineWithTwoVersions();
        List<RoutingConfigurationListItem> routing = List.of(route(machine + ":2", 100));
        String arn = create("described", "before", routing);

        sfn.updateStateMachineAlias(UpdateStateMachineAliasRequest.builder().stateMachineAliasArn(arn)
                .description("").build());
        AliasState state = read(arn);

        assertThat(state.description()).isEmpty();
        assertThat(state.routing()).isEqualTo(routing);
    }

    @Test
    void importByArnAloneReadsEveryAttribute() {
        String machine = machineWithTwoVersions();
        List<RoutingConfigurationListItem> routing = List.of(route(machine + ":1", 100));
        String arn = create("imported", "from elsewhere", routing);

        AliasState imported = read(arn);

        assertThat(imported).isEqualTo(new AliasState(arn, "imported", "from elsewhere", imported.creationDate(), routing));
        assertThat(imported.creationDate()).isNotNull();
    }

    @Test
    void destroyThenRefreshDropsTheAliasAndTheVersionsCanGo() {
        String machine = machineWithTwoVersions();
        String arn = create("doomed", null, List.of(route(machine + ":1", 100)));

        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(arn));

        assertThat(refresh(arn)).isEmpty();
        // With the alias gone, nothing holds version 1: the machine's own destroy (or a version's) goes through.
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine + ":1"));
        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
    }

    @Test
    void theDataSourceFindsTheAliasByNameAmongTheMachinesAliases() {
        String machine = machineWithTwoVersions();
        create("blue", null, List.of(route(machine + ":1", 100)));
        String green = create("green", "", List.of(route(machine + ":2", 100)));

        // data "aws_sfn_alias": ListStateMachineAliases of the machine, the ARN ending with the name, then describe.
        List<StateMachineAliasListItem> aliases = sfn.listStateMachineAliases(b -> b.stateMachineArn(machine))
                .stateMachineAliases();
        String found = aliases.stream().map(StateMachineAliasListItem::stateMachineAliasArn)
                .filter(arn -> arn.endsWith("green")).reduce((first, second) -> second).orElseThrow();

        assertThat(found).isEqualTo(green);
        assertThat(read(found).routing()).containsExactly(route(machine + ":2", 100));
    }

    @Test
    void anExecutionStartedOnTheAliasRunsTheVersionItRoutesTo() {
        String machine = machineWithTwoVersions();
        String arn = create("run", null, List.of(route(machine + ":1", 100)));

        String execution = sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
        var described = dev.statewright.api.SfnTestClients.awaitEnd(sfn, execution);

        assertThat(described.output()).isEqualTo("\"one\"");
        assertThat(described.stateMachineAliasArn()).isEqualTo(arn);
        assertThat(described.stateMachineVersionArn()).isEqualTo(machine + ":1");
    }
}
