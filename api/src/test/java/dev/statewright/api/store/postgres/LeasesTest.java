package dev.statewright.api.store.postgres;

import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.FencedWriteException;
import dev.statewright.api.store.ForwardedInput;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.NodeEvents;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two nodes on one database: leases, fencing, handing back and passing inputs on. */
class LeasesTest {
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:m:x";

    private final NodesOfOneDatabase nodes = new NodesOfOneDatabase();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    private PostgresStore node(String id) {
        return nodes.node(id);
    }

    private static ExecutionRecord running() {
        return new ExecutionRecord(ARN, "x", "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}", "role", "{}", 7L,
                ExecutionStatus.RUNNING, Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
    }

    private static StoredEvent event(long id, String by) {
        return new StoredEvent(id, "{\"id\":" + id + ",\"previousEventId\":0,\"timestamp\":0,\"type\":\"T\",\"details\":{\"by\":\""
                + by + "\"}}");
    }

    /** What a node that stops renewing (paused, cut off) looks like to the others once its lease ran out. */
    private void expireLeasesOf(String node) throws Exception {
        try (Connection connection = nodes.connect();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE leases SET expires_at = now() - interval '1 second' WHERE owner = '" + node + "'");
        }
    }

    @Test
    void aNodeWhoseLeaseWasTakenNoLongerDrivesTheExecutionItResumesAfterAStoreFailure() throws Exception {
        PostgresStore first = node("first");
        PostgresStore second = node("second");
        first.commit(new WriteBatch().put(running()).event(ARN, event(1, "first"))
                .journal(ARN, new JournalEntry(0, 1, "{\"kind\":\"begin\"}"))).toCompletableFuture().join();
        assertThat(first.drivesHere(ARN)).isTrue();
        assertThat(second.drivesHere(ARN)).as("never held there").isFalse();

        expireLeasesOf("first");
        assertThat(second.claimRunningExecutions()).extracting(ExecutionRecord::arn).containsExactly(ARN);
        assertThat(first.drivesHere(ARN)).as("taken over while the first node could not write").isFalse();
        assertThat(second.drivesHere(ARN)).isTrue();
    }

    @Test
    void aPausedNodesLateWriteIsRefusedOnceAnotherNodeTookItsLease() throws Exception {
        PostgresStore first = node("first");
        PostgresStore second = node("second");
        first.commit(new WriteBatch().put(running()).event(ARN, event(1, "first"))
                .journal(ARN, new JournalEntry(0, 1, "{\"kind\":\"begin\"}"))).toCompletableFuture().join();
        assertThat(second.claimRunningExecutions()).as("a lease that has not expired is not taken").isEmpty();

        expireLeasesOf("first");
        assertThat(second.claimRunningExecutions()).extracting(ExecutionRecord::arn).containsExactly(ARN);
        assertThat(second.claimRunningExecutions()).as("taken once").isEmpty();

        assertThatThrownBy(() -> first.commit(new WriteBatch().event(ARN, event(2, "first"))
                .journal(ARN, new JournalEntry(1, 2, "{\"kind\":\"late\"}"))).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(FencedWriteException.class)
                .hasMessageContaining("driven by the node second (lease epoch 2)");
        second.commit(new WriteBatch().event(ARN, event(2, "second"))).toCompletableFuture().join();

        assertThat(second.events(ARN, 1, 10)).extracting(StoredEvent::json)
                .satisfiesExactly(one -> assertThat(one).contains("\"by\":\"first\""),
                        two -> assertThat(two).contains("\"by\":\"second\""));
        assertThat(second.journal(ARN, 0, 10)).as("nothing of the refused batch").hasSize(1);
    }

    @Test
    void aRefusedBatchDoesNotHoldBackAnotherExecutionsBatch() throws Exception {
        PostgresStore first = node("first");
        PostgresStore second = node("second");
        first.commit(new WriteBatch().put(running())).toCompletableFuture().join();
        expireLeasesOf("first");
        second.claimRunningExecutions();
        ExecutionRecord other = new ExecutionRecord(ARN + "2", "x2", running().stateMachineArn(), "m", running().definition(),
                "role", "{}", 1L, ExecutionStatus.RUNNING, Instant.parse("2026-01-01T00:00:01Z"), null, null, null, null);
        var refused = first.commit(new WriteBatch().event(ARN, event(1, "first"))).toCompletableFuture();
        var stored = first.commit(new WriteBatch().put(other).event(other.arn(), event(1, "first"))).toCompletableFuture();
        stored.join();
        assertThat(refused).isCompletedExceptionally();
        assertThat(first.events(other.arn(), 1, 10)).hasSize(1);
        assertThat(first.events(ARN, 1, 10)).isEmpty();
    }

    @Test
    void aNodeThatStopsHandsItsLeasesBackAtOnceAndAnEndedExecutionHasNone() {
        PostgresStore first = node("first");
        PostgresStore second = node("second");
        first.commit(new WriteBatch().put(running())).toCompletableFuture().join();
        first.close();
        assertThat(second.claimRunningExecutions()).extracting(ExecutionRecord::arn).containsExactly(ARN);

        second.commit(new WriteBatch().put(running().finished(ExecutionStatus.SUCCEEDED, Instant.now(), "{}", null, null)))
                .toCompletableFuture().join();
        assertThat(second.leases().heldCount()).isZero();
        assertThat(second.forward(ARN, "stop", "{}")).as("no node drives an ended execution").isFalse();
    }

    @Test
    void anInputForAnExecutionDrivenElsewhereReachesItsOwner() throws Exception {
        PostgresStore owner = node("owner");
        PostgresStore other = node("other");
        LinkedBlockingQueue<ForwardedInput> received = new LinkedBlockingQueue<>();
        owner.coordinate(new NodeEvents() {
            @Override
            public void takenOver(List<ExecutionRecord> executions) {
            }

            @Override
            public void lost(List<String> executionArns) {
            }

            @Override
            public void forwarded(ForwardedInput input) {
                received.add(input);
            }
        });
        owner.commit(new WriteBatch().put(running())).toCompletableFuture().join();

        assertThat(owner.forward(ARN, "stop", "{}")).as("the owner itself passes nothing on").isFalse();
        assertThat(other.forward(ARN, "stop", "{\"error\":\"E\"}")).isTrue();
        // Woken by NOTIFY: well before the keeper's next round (a third of a 60 s lease).
        ForwardedInput input = received.poll(5, TimeUnit.SECONDS);
        assertThat(input).isNotNull();
        assertThat(input.executionArn()).isEqualTo(ARN);
        assertThat(input.kind()).isEqualTo("stop");
        assertThat(input.body()).isEqualTo("{\"error\":\"E\"}");
    }
}
