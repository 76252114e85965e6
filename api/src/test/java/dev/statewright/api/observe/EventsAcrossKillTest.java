package dev.statewright.api.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service is killed with SIGKILL after 60 executions' status changes were stored and before
 * any was delivered (the webhook refused them all): after the restart the outbox sends them,
 * and 40 more executions' with them. The consumer gets every status change of the 100, in order
 * per execution; duplicates at most, never a gap. Delivered entries leave the store.
 */
class EventsAcrossKillTest {
    @TempDir
    Path data;

    @Test
    void theOutboxResendsAfterAKillWithoutGaps() throws IOException {
        try (TestWebhook webhook = new TestWebhook()) {
            webhook.refuse(request -> true);
            int port = freePort();
            List<String> arns = new ArrayList<>();
            Map<String, List<String>> expected = new HashMap<>();
            String machine;
            try (ServiceProcess first = start(port, webhook)) {
                                AwsCalls aws = new AwsCalls(port);
                machine = aws.createMachine("across-kill", """
                        {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""", null);
                arns.addAll(startAll(aws, machine, "before-", 60));
                                for (String arn : arns) {
                    assertThat(aws.awaitEnd(arn, Duration.ofSeconds(20)).get("status").asText()).isEqualTo("SUCCEEDED");
                    expected.put(arn, List.of("RUNNING", "SUCCEEDED"));
                }
                assertThat(webhook.requests()).isPositive(); // sent, and refused
                first.kill();
            }
            assertThat(webhook.accepted()).isEmpty();

            webhook.refuse(request -> false);
            try (ServiceProcess second = start(port, webhook)) {
                AwsCalls aws = new AwsCalls(port);
                for (String arn : startAll(aws, machine, "after-", 40)) {
                    arns.add(arn);
                    expected.put(arn, List.of("RUNNING", "SUCCEEDED"));
                }
                List<JsonNode> events = webhook.awaitAll(arns, expected, Duration.ofSeconds(60));
                // Arrival order per execution, duplicates kept: each execution's first RUNNING comes before its first SUCCEEDED.
                TestWebhook.statusesByExecution(events).forEach((arn, statuses) ->
                        assertThat(statuses.indexOf("RUNNING")).as(arn).isLessThan(statuses.indexOf("SUCCEEDED")));
                awaitNothingPending(aws);
                second.stop(); // a clean stop: the store is closed, so it can be opened here
            }
        }
        try (Store store = MapDbStore.open(data)) {
            assertThat(store.outbox(null, 10)).isEmpty();
        }
    }

    private ServiceProcess start(int port, TestWebhook webhook) {
        ServiceProcess child = ServiceProcess.start(List.of("-Xmx256m"), EventsTestServer.class.getName(),
                String.valueOf(port), data.toString(), webhook.url().toString());
        child.awaitLine(line -> line.equals(EventsTestServer.READY), Duration.ofSeconds(30));
        return child;
    }

    /** Starts {@code count} executions, a few at a time, as clients would. */
    private static List<String> startAll(AwsCalls aws, String machine, String prefix, int count) {
        return java.util.stream.IntStream.range(0, count).parallel()
                .mapToObj(i -> aws.start(machine, prefix + i, "{}")).toList();
    }

    private static void awaitNothingPending(AwsCalls aws) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!aws.get("/metrics").contains("statewright_events_pending 0.0")) {
            assertThat(System.nanoTime()).as("events still pending").isLessThan(deadline);
            AwsCalls.pause();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
