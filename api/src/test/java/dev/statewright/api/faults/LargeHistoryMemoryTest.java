package dev.statewright.api.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.SfnTestClients;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tight loop over a large input in a service with a small heap (-Xmx256m): two thousand turns
 * of a Choice loop over 100 KiB of data write some 800 MB of history, which the service must store
 * in bounded batches rather than hold. The start answers at once, the execution succeeds, and,
 * killed half-way, the restarted service finishes it. Reading one event of a 20,000-event history,
 * from four clients at once, stays quick.
 */
class LargeHistoryMemoryTest {
    private static final List<String> JVM = List.of("-Xmx256m");
    private static final int DATA_BYTES = 100 << 10;
    private static final String ROLE = "arn:aws:iam::123456789012:role/test";

    /** Counts $.i up to {@code limit}, carrying $.data through every state. */
    private static String loop(int limit) {
        return """
                {"StartAt": "Init", "States": {
                  "Init": {"Type": "Pass", "Parameters": {"i": 0, "data.$": "$.data"}, "Next": "Inc"},
                  "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "data.$": "$.data"}, "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": %d, "Next": "Inc"}],
                            "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}
                """.formatted(limit);
    }

    /** The events of a loop to {@code limit}: the start, Init, four per round, Done, the end. */
    private static long eventsOf(int limit) {
        return 1 + 2 + 4L * limit + 2 + 1;
    }

    @TempDir
    Path data;

    @Test
    void aTightLoopOverALargeInputSucceedsSurvivesAKillAndItsHistoryReadsQuickly() throws Exception {
        int port = ServiceProcess.freePort();
        String input = Json.object().put("data", randomText(DATA_BYTES)).toString();
        String large;
        String small;
        String killed;
        List<HistoryEventType> types;
        try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, JVM);
             SfnClient sfn = SfnTestClients.clientWithoutRetries(port, Duration.ofSeconds(10))) {
            large = sfn.createStateMachine(b -> b.name("loop-2000").definition(loop(2000)).roleArn(ROLE)).stateMachineArn();
            small = sfn.createStateMachine(b -> b.name("loop-5000").definition(loop(5000)).roleArn(ROLE)).stateMachineArn();

            long sent = System.nanoTime();
            String first = sfn.startExecution(b -> b.stateMachineArn(large).name("whole").input(input)).executionArn();
            long startMillis = millisSince(sent);
            assertThat(startMillis).as("StartExecution of the large loop, ms").isLessThan(3000);
            DescribeExecutionResponse ended = awaitEnd(sfn, first, Duration.ofSeconds(40));
            long runMillis = millisSince(sent);
            assertSucceededWithItsData(ended, input, 2000);
            types = eventTypes(sfn, first);
            assertThat(types).hasSize((int) eventsOf(2000));

            String twentyThousand = sfn.startExecution(b -> b.stateMachineArn(small).name("events")
                    .input("{\"data\": \"small\"}")).executionArn();
            assertThat(awaitEnd(sfn, twentyThousand, Duration.ofSeconds(30)).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(lastEventId(sfn, twentyThousand)).isGreaterThanOrEqualTo(20_000);
            long firstEventMillis = slowestOfFourAtOnce(sfn, twentyThousand, false);
            long lastEventMillis = slowestOfFourAtOnce(sfn, twentyThousand, true);
            long largeFirstEventMillis = slowestOfFourAtOnce(sfn, first, false);
            long largeLastEventMillis = slowestOfFourAtOnce(sfn, first, true);
            System.out.printf("LargeHistoryMemoryTest: start answered in %d ms, %d events of ~100 KiB in %d ms;"
                            + " one event of %d, four clients at once: first %d ms, last %d ms; of the large history:"
                            + " first %d ms, last %d ms%n", startMillis, types.size(), runMillis,
                    lastEventId(sfn, twentyThousand), firstEventMillis, lastEventMillis, largeFirstEventMillis,
                    largeLastEventMillis);
            for (long millis : new long[] {firstEventMillis, lastEventMillis, largeFirstEventMillis, largeLastEventMillis}) {
                assertThat(millis).as("one event of a long history, four at once, ms").isLessThan(2000);
            }

            killed = sfn.startExecution(b -> b.stateMachineArn(large).name("killed").input(input)).executionArn();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (lastEventId(sfn, killed) < eventsOf(2000) / 3 && System.nanoTime() < deadline) {
                Poll.pause(50);
            }
            long stored = lastEventId(sfn, killed);
            assertThat(stored).as("events stored before the kill").isBetween(eventsOf(2000) / 3, eventsOf(2000) - 1);
            service.kill();
            assertThat(service.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
            System.out.printf("LargeHistoryMemoryTest: killed with %d of %d events stored%n", stored, eventsOf(2000));
        }

        try (ServiceProcess service = ServiceProcess.crashTestServer(port, data, JVM);
             SfnClient sfn = SfnTestClients.clientWithoutRetries(port, Duration.ofSeconds(10))) {
            assertThat(service.resumed()).isEqualTo(1);
            long resumed = System.nanoTime();
            assertSucceededWithItsData(awaitEnd(sfn, killed, Duration.ofSeconds(40)), input, 2000);
            assertThat(eventTypes(sfn, killed)).as("the resumed run's history, one of each event").isEqualTo(types);
            assertThat(service.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
            System.out.printf("LargeHistoryMemoryTest: the killed run finished %d ms after the restart%n", millisSince(resumed));
            service.stop();
        }
    }

    private static void assertSucceededWithItsData(DescribeExecutionResponse ended, String input, int rounds) {
        assertThat(ended.status()).as("%s: %s %s", ended.name(), ended.error(), ended.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(ended.output());
        assertThat(output.get("i").asInt()).isEqualTo(rounds);
        assertThat(output.get("data")).isEqualTo(Json.parse(input).get("data"));
    }

    /** The slowest of four GetExecutionHistory calls for one event (the first, or the last), sent at once. */
    private static long slowestOfFourAtOnce(SfnClient sfn, String arn, boolean last) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(clients.submit(() -> {
                    long sent = System.nanoTime();
                    List<HistoryEvent> events = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1)
                            .reverseOrder(last)).events();
                    long millis = millisSince(sent);
                    assertThat(events).hasSize(1);
                    assertThat(events.get(0).type()).isEqualTo(last ? HistoryEventType.EXECUTION_SUCCEEDED
                            : HistoryEventType.EXECUTION_STARTED);
                    return millis;
                }));
            }
            long slowest = 0;
            for (Future<Long> call : calls) {
                slowest = Math.max(slowest, call.get(30, TimeUnit.SECONDS));
            }
            return slowest;
        } finally {
            clients.shutdownNow();
        }
    }

    private static List<HistoryEventType> eventTypes(SfnClient sfn, String arn) {
        List<HistoryEventType> types = new ArrayList<>();
        long expectedId = 1;
        for (HistoryEvent event : sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn).maxResults(1000)
                .includeExecutionData(false)).events()) {
            assertThat(event.id()).as("event ids without a gap").isEqualTo(expectedId++);
            types.add(event.type());
        }
        return types;
    }

    private static long lastEventId(SfnClient sfn, String arn) {
        List<HistoryEvent> last = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1).reverseOrder(true)
                .includeExecutionData(false)).events();
        return last.isEmpty() ? 0 : last.get(0).id();
    }

    private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String arn, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(arn));
            if (described.status() != ExecutionStatus.RUNNING) {
                return described;
            }
            assertThat(System.nanoTime()).as("%s ends within %s", arn, patience).isLessThan(deadline);
            Poll.pause(100);
        }
    }

    private static String randomText(int bytes) {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder text = new StringBuilder(bytes);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < bytes; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
