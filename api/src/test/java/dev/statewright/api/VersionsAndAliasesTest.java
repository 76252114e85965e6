package dev.statewright.api;

import dev.statewright.interpreter.engine.TaskHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ConflictException;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StateMachineAliasListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineVersionListItem;
import software.amazon.awssdk.services.sfn.model.ValidationException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Versions and aliases of state machines through the AWS SDK: publishing, what a version runs,
 * aliases that split starts by weight, and the refusals AWS gives.
 */
class VersionsAndAliasesTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/test-role";

    private static StatewrightService service;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null)
                .withWaitTimeScale(0), TaskHandlers.none());
        sfn = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        service.close();
    }

    /** A machine that answers which revision of it ran. */
    private static String answering(String which) {
        return "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Result\": \"" + which
                + "\", \"End\": true}}}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RoutingConfigurationListItem route(String versionArn, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(versionArn).weight(weight).build();
    }

    private static DescribeExecutionResponse run(String arn) {
        String execution = sfn.startExecution(b -> b.stateMachineArn(arn)).executionArn();
        return SfnTestClients.awaitEnd(sfn, execution);
    }

    @Test
    void aPublishedVersionKeepsTheDefinitionItWasPublishedWith() {
        CreateStateMachineResponse created = sfn.createStateMachine(b -> b.name(unique("versions"))
                .definition(answering("first")).roleArn(ROLE).publish(true).versionDescription("the first"));
        String machine = created.stateMachineArn();
        String first = created.stateMachineVersionArn();
        assertThat(first).isEqualTo(machine + ":1");

        String second = sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("second"))
                .publish(true).versionDescription("the second")).stateMachineVersionArn();
        assertThat(second).isEqualTo(machine + ":2");
        sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("unpublished")));

        DescribeStateMachineResponse version = sfn.describeStateMachine(b -> b.stateMachineArn(first));
        assertThat(version.stateMachineArn()).isEqualTo(first);
        assertThat(version.definition()).isEqualTo(answering("first"));
        assertThat(version.description()).isEqualTo("the first");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).definition())
                .isEqualTo(answering("unpublished"));

        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
                .extracting(StateMachineVersionListItem::stateMachineVersionArn).containsExactly(second, first);

        DescribeExecutionResponse onFirst = run(first);
        assertThat(onFirst.output()).isEqualTo("\"first\"");
        assertThat(onFirst.stateMachineArn()).isEqualTo(machine);
        assertThat(onFirst.stateMachineVersionArn()).isEqualTo(first);
        assertThat(onFirst.stateMachineAliasArn()).isNull();
        assertThat(run(machine).output()).isEqualTo("\"unpublished\"");
        assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(onFirst.executionArn())).definition())
                .isEqualTo(answering("first"));

        List<ExecutionListItem> ofFirst = sfn.listExecutions(b -> b.stateMachineArn(first)).executions();
        assertThat(ofFirst).extracting(ExecutionListItem::executionArn).containsExactly(onFirst.executionArn());
        assertThat(ofFirst.get(0).stateMachineVersionArn()).isEqualTo(first);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(2);
    }

    @Test
    void publishingIsIdempotentPerRevisionAndChecksTheRevisionGiven() {
        String machine = sfn.createStateMachine(b -> b.name(unique("publish")).definition(answering("a")).roleArn(ROLE))
                .stateMachineArn();
        String first = sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).revisionId("INITIAL"))
                .stateMachineVersionArn();
        assertThat(first).isEqualTo(machine + ":1");
        assertThat(sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine)).stateMachineVersionArn())
                .as("nothing changed since: the same version").isEqualTo(first);

        String revision = sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("b"))).revisionId();
        assertThatThrownBy(() -> sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).revisionId("stale")))
                .isInstanceOf(ConflictException.class);
        assertThat(sfn.publishStateMachineVersion(b -> b.stateMachineArn(machine).revisionId(revision)
                .description("b")).stateMachineVersionArn()).isEqualTo(machine + ":2");
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(machine + ":2")).revisionId()).isEqualTo(revision);
    }

    @Test
    void versionNumbersAreNeverReused() {
        String machine = sfn.createStateMachine(b -> b.name(unique("numbers")).definition(answering("a")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine + ":1"));
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine + ":1")); // deleting it again does nothing
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions()).isEmpty();
        String next = sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("b")).publish(true))
                .stateMachineVersionArn();
        assertThat(next).isEqualTo(machine + ":2");
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(machine + ":1")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void anAliasSplitsStartsByItsWeights() {
        String machine = sfn.createStateMachine(b -> b.name(unique("split")).definition(answering("one")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        String two = sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("two")).publish(true))
                .stateMachineVersionArn();
        String one = machine + ":1";
        String alias = sfn.createStateMachineAlias(b -> b.name("live").description("what users get")
                .routingConfiguration(route(one, 100))).stateMachineAliasArn();
        assertThat(alias).isEqualTo(machine + ":live");
        DescribeExecutionResponse viaAlias = run(alias);
        assertThat(viaAlias.output()).isEqualTo("\"one\"");
        assertThat(viaAlias.stateMachineAliasArn()).isEqualTo(alias);
        assertThat(viaAlias.stateMachineVersionArn()).isEqualTo(one);

        sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(alias).routingConfiguration(route(one, 70), route(two, 30)));
        int starts = 400;
        for (int i = 0; i < starts; i++) {
            sfn.startExecution(b -> b.stateMachineArn(alias));
        }
        Map<String, Long> byVersion = sfn.listExecutionsPaginator(b -> b.stateMachineArn(alias)).executions().stream()
                .collect(Collectors.groupingBy(ExecutionListItem::stateMachineVersionArn, Collectors.counting()));
        assertThat(byVersion.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(starts + 1);
        // 70% of 400 is 280, with a standard deviation of about 9.2: 55 either way (six of them) is not reached by chance.
        assertThat(byVersion.get(two)).isBetween(120L - 55, 120L + 55);
        assertThat(byVersion.get(one)).isBetween(281L - 55, 281L + 55);

        DescribeStateMachineAliasResponse described = sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias));
        assertThat(described.name()).isEqualTo("live");
        assertThat(described.description()).isEqualTo("what users get");
        assertThat(described.routingConfiguration()).containsExactly(route(one, 70), route(two, 30));
        assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(machine)).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn).containsExactly(alias);
    }

    @Test
    void aVersionAnAliasRoutesToCannotBeDeleted() {
        String machine = sfn.createStateMachine(b -> b.name(unique("held")).definition(answering("a")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        String version = machine + ":1";
        String alias = sfn.createStateMachineAlias(b -> b.name("prod").routingConfiguration(route(version, 100)))
                .stateMachineAliasArn();
        assertThatThrownBy(() -> sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(version)))
                .isInstanceOf(ConflictException.class).hasMessageContaining(alias);
        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(alias));
        assertThatThrownBy(() -> sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)))
                .isInstanceOf(ResourceNotFoundException.class);
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(version));
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions()).isEmpty();
    }

    @Test
    void aliasesAreRefusedAsAwsRefusesThem() {
        String machine = sfn.createStateMachine(b -> b.name(unique("refusals")).definition(answering("a")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        String other = sfn.createStateMachine(b -> b.name(unique("other")).definition(answering("a")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        String v1 = machine + ":1";
        String v2 = sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("b")).publish(true))
                .stateMachineVersionArn();
        Map<String, Function<SfnClient, Object>> refused = Map.of(
                "weights that do not add up to 100", c -> c.createStateMachineAlias(b -> b.name("a1")
                        .routingConfiguration(route(v1, 50), route(v2, 40))),
                "three versions", c -> c.createStateMachineAlias(b -> b.name("a2")
                        .routingConfiguration(route(v1, 50), route(v2, 40), route(machine + ":3", 10))),
                "versions of two machines", c -> c.createStateMachineAlias(b -> b.name("a3")
                        .routingConfiguration(route(v1, 50), route(other + ":1", 50))),
                "the same version twice", c -> c.createStateMachineAlias(b -> b.name("a4")
                        .routingConfiguration(route(v1, 50), route(v1, 50))),
                "a name that is a number", c -> c.createStateMachineAlias(b -> b.name("123")
                        .routingConfiguration(route(v1, 100))),
                "a versionDescription without publish", c -> c.updateStateMachine(b -> b.stateMachineArn(machine)
                        .definition(answering("c")).versionDescription("not published")));
        refused.forEach((what, call) -> assertThatThrownBy(() -> call.apply(sfn)).as(what)
                .isInstanceOf(ValidationException.class));
        assertThatThrownBy(() -> sfn.createStateMachineAlias(b -> b.name("a5").routingConfiguration(route(machine + ":9", 100))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(b -> b.name("a6").routingConfiguration(route(machine, 100))))
                .isInstanceOf(InvalidArnException.class);

        String alias = sfn.createStateMachineAlias(b -> b.name("same").routingConfiguration(route(v1, 100)))
                .stateMachineAliasArn();
        assertThat(sfn.createStateMachineAlias(b -> b.name("same").routingConfiguration(route(v1, 100)))
                .stateMachineAliasArn()).as("the same alias again is idempotent").isEqualTo(alias);
        assertThatThrownBy(() -> sfn.createStateMachineAlias(b -> b.name("same").routingConfiguration(route(v2, 100))))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sfn.updateStateMachine(b -> b.stateMachineArn(alias).definition(answering("d"))))
                .isInstanceOf(SfnException.class).extracting(e -> ((SfnException) e).awsErrorDetails().errorCode())
                .isEqualTo("ValidationException");
    }

    @Test
    void deletingAMachineDeletesItsVersionsAndAliases() {
        String machine = sfn.createStateMachine(b -> b.name(unique("gone")).definition(answering("a")).roleArn(ROLE)
                .publish(true)).stateMachineArn();
        String alias = sfn.createStateMachineAlias(b -> b.name("soon-gone").routingConfiguration(route(machine + ":1", 100)))
                .stateMachineAliasArn();
        sfn.deleteStateMachine(b -> b.stateMachineArn(machine));
        assertThatThrownBy(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machine + ":1")))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void versionsAndAliasesSurviveARestart(@TempDir Path data) {
        String machine;
        String alias;
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(data).withWaitTimeScale(0);
        try (StatewrightService durable = StatewrightService.start(config, TaskHandlers.none());
             SfnClient client = SfnTestClients.client(durable.port())) {
            machine = client.createStateMachine(b -> b.name("kept").definition(answering("v1")).roleArn(ROLE)
                    .publish(true)).stateMachineArn();
            client.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("v2")).publish(true));
            alias = client.createStateMachineAlias(b -> b.name("kept-alias")
                    .routingConfiguration(route(machine + ":2", 100))).stateMachineAliasArn();
            client.deleteStateMachineVersion(b -> b.stateMachineVersionArn(machine + ":1"));
        }
        try (StatewrightService durable = StatewrightService.start(config, TaskHandlers.none());
             SfnClient client = SfnTestClients.client(durable.port())) {
            assertThat(client.listStateMachineVersions(b -> b.stateMachineArn(machine)).stateMachineVersions())
                    .extracting(StateMachineVersionListItem::stateMachineVersionArn).containsExactly(machine + ":2");
            assertThat(client.describeStateMachineAlias(b -> b.stateMachineAliasArn(alias)).routingConfiguration())
                    .containsExactly(route(machine + ":2", 100));
            String execution = client.startExecution(b -> b.stateMachineArn(alias)).executionArn();
            assertThat(SfnTestClients.awaitEnd(client, execution).output()).isEqualTo("\"v2\"");
            assertThat(client.updateStateMachine(b -> b.stateMachineArn(machine).definition(answering("v3"))
                    .publish(true)).stateMachineVersionArn()).as("numbers go on after a restart").isEqualTo(machine + ":3");
        }
    }
}
