package dev.statewright.api.store.postgres;

import dev.statewright.api.store.NodeRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of nodes on a shared database: live while seen within the node's own lease, gone after
 * a clean stop or a silence; rows of nodes gone for over an hour deleted unless they hold leases;
 * a node whose row was deleted meanwhile listed again at its next round.
 */
class NodeRegistryTest {
    private final NodesOfOneDatabase nodes = new NodesOfOneDatabase();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    private PostgresStore node(String id) {
        return nodes.node(id);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection connection = nodes.connect();
             Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }

    private static NodeRecord byId(List<NodeRecord> nodes, String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("No node " + id + " in " + nodes));
    }

    @Test
    void aNodeSilentPastItsOwnLeaseIsGoneAndOneSeenWithinItIsLive() throws SQLException {
        PostgresStore self = node("self");
        sql("INSERT INTO nodes (id, lease_seconds, seen_at) VALUES ('silent', 5, now() - interval '6 seconds')",
                "INSERT INTO nodes (id, lease_seconds, seen_at) VALUES ('slow-but-alive', 30, now() - interval '20 seconds')",
                "INSERT INTO leases (execution_arn, owner, epoch, expires_at) VALUES ('arn:x', 'silent', 1, now() + interval '1 hour')");
        List<NodeRecord> nodes = self.nodes();
        assertThat(byId(nodes, "silent").live()).isFalse();
        assertThat(byId(nodes, "silent").stoppedAt()).as("no clean stop").isNull();
        assertThat(byId(nodes, "silent").executions()).as("a lease not yet taken over").isEqualTo(1);
        assertThat(byId(nodes, "slow-but-alive").live()).as("within its 30 s lease").isTrue();
        assertThat(byId(nodes, "self").live()).isTrue();
        assertThat(byId(nodes, "self").thisNode()).isTrue();
        assertThat(nodes.get(nodes.size() - 1).id()).as("gone nodes last").isEqualTo("silent");
    }

    @Test
    void aCleanStopMarksTheNodeGoneAndKeepsItListed() {
        PostgresStore self = node("self");
        PostgresStore other = node("other");
        other.serving("10.0.0.7:8083");
        other.close();
        NodeRecord gone = byId(self.nodes(), "other");
        assertThat(gone.live()).isFalse();
        assertThat(gone.stoppedAt()).isNotNull();
        assertThat(gone.address()).isEqualTo("10.0.0.7:8083");
    }

    @Test
    void nodesGoneOverAnHourAreDeletedUnlessTheyStillHoldLeases() throws SQLException {
        PostgresStore self = node("self");
        sql("INSERT INTO nodes (id, seen_at, stopped_at) VALUES ('old', now() - interval '61 minutes', now() - interval '61 minutes')",
                "INSERT INTO nodes (id, seen_at) VALUES ('old-holding', now() - interval '2 hours')",
                "INSERT INTO leases (execution_arn, owner, epoch, expires_at) VALUES ('arn:y', 'old-holding', 1, now() + interval '1 hour')",
                "INSERT INTO nodes (id, seen_at, stopped_at) VALUES ('recent', now() - interval '59 minutes', now())");
        try (Connection connection = nodes.connect()) {
            assertThat(NodeRegistry.pruneGone(connection)).isEqualTo(1);
        }
        assertThat(self.nodes()).extracting(NodeRecord::id).containsExactlyInAnyOrder("self", "old-holding", "recent");
    }

    @Test
    void aNodeWhoseRowWasDeletedIsListedAgainAtItsNextRound() throws SQLException {
        PostgresStore self = node("self");
        self.serving("127.0.0.1:9000");
        NodeRecord before = byId(self.nodes(), "self");
        sql("DELETE FROM nodes WHERE id = 'self'");
        assertThat(self.nodes()).isEmpty();
        try (Connection connection = nodes.connect()) {
            self.leases().registry().seen(connection);
        }
        NodeRecord again = byId(self.nodes(), "self");
        assertThat(again.address()).isEqualTo("127.0.0.1:9000");
        assertThat(again.startedAt()).isEqualTo(before.startedAt());
        assertThat(again.live()).isTrue();
    }
}
