package dev.statewright.api.store.postgres;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.SfnTestClients;
import dev.statewright.api.StatewrightService;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node paused in the middle of a transaction (between the statements of a forwarded input,
 * which reads the owner's lease row FOR SHARE) does not stop the node that owns the row: that
 * node's renewal (FOR UPDATE of its rows) and then its group commits (FOR SHARE, queued behind)
 * waited for as long as the pause lasted. The database ends such a transaction once it has been
 * idle for a lease, so the owner goes on. (Found by ClusterOf300Test: the survivor took nothing
 * over for 30 s while the paused node held such a lock.)
 */
class PausedNodeLocksTest {
    private static final String WAIT_THEN_PASS = """
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "Next": "P"},
              "P": {"Type": "Pass", "End": true}}}
            """;

    @Test
    void aTransactionLeftOpenOnTheOwnersLeaseRowDoesNotStopTheOwner() throws Exception {
        String database = TestPostgres.server().newDatabase();
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(1);
        PostgresOptions options = config.postgres().withNodeId("node-a").withLease(Duration.ofSeconds(2));
        try (StatewrightService owner = StatewrightService.start(config.withDatabase(database, options));
             SfnClient sfn = SfnTestClients.client(owner.port())) {
            String machine = sfn.createStateMachine(r -> r.name("w").definition(WAIT_THEN_PASS)
                    .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
            String execution = sfn.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
            DatabaseUrl url = DatabaseUrl.parse(database);
            // What a paused node's forward leaves behind: a transaction holding the row FOR SHARE, idle, in a
            // session started as every node starts its sessions.
            java.util.Properties session = new java.util.Properties();
            if (url.user() != null) {
                session.setProperty("user", url.user());
            }
            if (url.password() != null) {
                session.setProperty("password", url.password());
            }
            session.setProperty("options", PostgresStore.sessionOptions(options));
            try (Connection paused = DriverManager.getConnection(url.jdbcUrl(), session)) {
                paused.setAutoCommit(false);
                try (PreparedStatement lock = paused.prepareStatement(
                        "SELECT owner FROM leases WHERE execution_arn = ? FOR SHARE")) {
                    lock.setString(1, execution);
                    assertThat(lock.executeQuery().next()).isTrue();
                }
                assertThat(SfnTestClients.awaitEnd(sfn, execution).statusAsString())
                        .as("the owner renews and commits while the paused transaction is open").isEqualTo("SUCCEEDED");
            }
        }
    }
}
