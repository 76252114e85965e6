package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ObservabilityConfig;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.store.postgres.TestPostgres;
import dev.statewright.interpreter.engine.TaskHandlers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes sharing a database deliver each status event once: a node delivers what it wrote, a node
 * that starts later does not take what a live node is delivering, and what a node leaves
 * undelivered when it stops is taken over by the others.
 */
class EventsAcrossNodesTest {

    private static StatewrightService node(String database, String id, TestWebhook webhook) {
        ServiceConfig config = ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0)
                .withObservability(ObservabilityConfig.NONE.withWebhooks(List.of(webhook.url())));
        return StatewrightService.start(config.withDatabase(database,
                config.postgres().withNodeId(id).withLease(Duration.ofSeconds(2))), TaskHandlers.none());
    }

    /** The service's gauge of events not yet delivered, read from its metrics. */
    private static long pendingEvents(StatewrightService service) {
        return new AwsCalls(service.port()).get("/metrics").lines()
                .filter(line -> line.startsWith("statewright_events_pending "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no statewright_events_pending in /metrics"));
    }

    @Test
    void whatAStoppedNodeLeftUndeliveredIsDeliveredOnceByAnother() {
        String database = TestPostgres.server().newDatabase();
        try (TestWebhook webhook = new TestWebhook()) {
            webhook.refuse(request -> true); // the receiver is down: A's events stay in its outbox
            StatewrightService a = node(database, "node-a", webhook);
            StatewrightService b = node(database, "node-b", webhook);
            List<String> arns = new ArrayList<>();
            Map<String, List<String>> expected = new HashMap<>();
            try {
                AwsCalls onA = new AwsCalls(a.port());
                String machine = onA.createMachine("events-nodes", """
                        {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""", null);
                for (int i = 0; i < 5; i++) {
                    arns.add(onA.start(machine, "e" + i, "{}"));
                    expected.put(arns.get(i), List.of("RUNNING", "SUCCEEDED"));
                }
                // A node started now finds A's entries in the database; they are A's to deliver, not its own.
                try (StatewrightService c = node(database, "node-c", webhook)) {
                    assertThat(pendingEvents(c)).as("events node C took to deliver").isZero();
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (pendingEvents(a) < 10 && System.nanoTime() < deadline) {
                        AwsCalls.pause();
                    }
                    assertThat(pendingEvents(a)).as("events node A has to deliver").isEqualTo(10);
                }
            } finally {
                a.close(); // a clean stop: its undelivered entries stay, its node row goes
            }
            webhook.refuse(request -> false);
            try {
                List<JsonNode> events = webhook.awaitAll(arns, expected, Duration.ofSeconds(30));
                assertThat(TestWebhook.statusesByExecution(events)).as("each event once, in order").isEqualTo(expected);
            } finally {
                b.close();
            }
        }
    }
}
