package dev.statewright.api.store.postgres;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.statewright.api.SfnTestClients.awaitEnd;
import static dev.statewright.api.SfnTestClients.scheduledToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that lost an execution to another (it was paused past its lease) and gets a worker's
 * answer for a task it still holds passes the answer on to the node that drives the execution
 * now, once its own write is refused, instead of failing the call (500) and then refusing every
 * later call for the token as TaskTimedOut (a worker drops its task on that, and the execution
 * waited forever at its new owner). The same node lets such tasks go when its renewal finds the
 * lease lost, so calls after that are passed on at once (ClusterOf300Test shows that path).
 */
class CallbacksAfterTakeoverTest {
    private static final String CALLBACK = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}
            """;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private StatewrightService node(String database, String id, Duration lease) {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1);
        StatewrightService node = StatewrightService.start(config.withDatabase(database,
                config.postgres().withNodeId(id).withLease(lease)));
        open.add(node);
        return node;
    }

    @Test
    void anAnswerReachingTheNodeThatLostTheExecutionGoesToTheNodeThatTookItOver() throws Exception {
        String database = TestPostgres.server().newDatabase();
        // A renews and claims once in 20 s, B every 300 ms: B is the one that finds the lease run out.
        StatewrightService a = node(database, "node-a", Duration.ofSeconds(60));
        StatewrightService b = node(database, "node-b", Duration.ofMillis(900));
        SfnClient toA = SfnTestClients.clientWithoutRetries(a.port(), Duration.ofSeconds(10));
        open.add(toA);
        String machine = toA.createStateMachine(r -> r.name("ask").definition(CALLBACK)
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        String execution = toA.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
        String token = scheduledToken(toA, execution);

        // What the others see of a node paused past its lease: its lease ran out, and B claims it.
        DatabaseUrl url = DatabaseUrl.parse(database);
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            for (int attempt = 0; !"node-b".equals(owner(connection, execution)); attempt++) {
                assertThat(attempt).as("B took the lease over (A took it back each time)").isLessThan(5);
                try (PreparedStatement expire = connection.prepareStatement("UPDATE leases SET owner = 'node-gone',"
                        + " expires_at = now() - interval '1 second' WHERE execution_arn = ?")) {
                    expire.setString(1, execution);
                    assertThat(expire.executeUpdate()).isEqualTo(1);
                }
                await("someone claimed the lease", () -> !"node-gone".equals(owner(connection, execution)));
            }
        }
        await("B sent the task again", () -> b.callbacks().waitingCount() == 1);
        assertThat(a.callbacks().waitingCount()).as("A does not know yet: it still holds the task").isEqualTo(1);

        // A takes the answer for its stale task, cannot store it (fenced), and passes it on to B.
        toA.sendTaskSuccess(r -> r.taskToken(token).output("{\"through\": \"a\"}"));
        await("A let the task go", () -> a.callbacks().waitingCount() == 0);
        assertThat(awaitEnd(toA, execution).statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(toA.describeExecution(r -> r.executionArn(execution)).output()))
                .isEqualTo(Json.parse("{\"through\": \"a\"}"));
    }

    private static String owner(Connection connection, String execution) {
        try (PreparedStatement select = connection.prepareStatement("SELECT owner FROM leases WHERE execution_arn = ?")) {
            select.setString(1, execution);
            try (java.sql.ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within 10 s: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
