package dev.statewright.api.faults;

import dev.statewright.api.CrashTestServer;
import dev.statewright.api.DirectorySnapshot;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.SfnTestClients;
import org.junit.jupiter.api.AfterEach;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second service started on a data directory that a running service holds must refuse at once,
 * naming the holder, and must neither resume its executions (running their tasks a second time)
 * nor change any of its files; the first goes on as if nothing happened, and after a clean stop
 * and a start every execution it acknowledged is there whole.
 */
class TwoServicesOnOneDirectoryTest {
    private static final int EXECUTIONS = 8;
    /** Long enough for the second service to start and give up while every execution waits, writing nothing. */
    private static final int HOLD_SECONDS = 6;
    private static final String HOLD = """
            {"StartAt": "Before", "States": {
              "Before": {"Type": "Task", "Resource": "%s", "Next": "Hold"},
              "Hold": {"Type": "Wait", "Seconds": %d, "Next": "After"},
              "After": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(CrashTestServer.SLOW_ECHO, HOLD_SECONDS, CrashTestServer.SLOW_ECHO);
    private static final List<String> JVM = List.of("-Xmx256m");

    @TempDir
    Path data;

    private final List<ServiceProcess> children = new ArrayList<>();

    @AfterEach
    void endChildren() {
        children.forEach(ServiceProcess::close);
    }

    @Test
    void aSecondServiceOnTheSameDirectoryRefusesAtOnceAndTouchesNothing() {
        int firstPort = ServiceProcess.freePort();
        ServiceProcess first = child(ServiceProcess.crashTestServer(firstPort, data, JVM));
        Map<String, String> arns = new LinkedHashMap<>();
        Map<String, DescribeExecutionResponse> ended = new LinkedHashMap<>();
        Map<String, List<HistoryEvent>> histories = new LinkedHashMap<>();
        try (SfnClient sfn = SfnTestClients.client(firstPort)) {
            String machine = sfn.createStateMachine(b -> b.name("hold").definition(HOLD)
                    .roleArn("arn:aws:iam::123456789012:role/test")).stateMachineArn();
            for (int i = 0; i < EXECUTIONS; i++) {
                String name = "h" + i;
                String input = "{\"k\":" + i + "}";
                arns.put(name, sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)).executionArn());
            }
            // Every execution is acknowledged and parked in its Wait: the first service writes nothing now.
            arns.values().forEach(arn -> awaitLastEvent(sfn, arn, HistoryEventType.WAIT_STATE_ENTERED));
            DirectorySnapshot before = DirectorySnapshot.of(data);

            long started = System.nanoTime();
            ServiceProcess second = child(ServiceProcess.start(JVM, CrashTestServer.class.getName(),
                    String.valueOf(ServiceProcess.freePort()), data.toString()));
            OptionalInt exit = second.awaitExit(Duration.ofSeconds(10));
            long refusedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(exit).as("the second service ends by itself\n%s", second.quote()).isPresent();
            assertThat(exit.getAsInt()).as("the second service's exit code\n%s", second.quote()).isEqualTo(2);
            assertThat(String.join("\n", second.output()))
                    .contains("statewright: ").contains("The data directory " + data.toAbsolutePath() + " is in use by another Statewright")
                    .contains("(process " + first.pid() + " since ");
            assertThat(second.count(line -> line.startsWith(CrashTestServer.READY))).as("the second never listened").isZero();
            assertThat(second.count(line -> line.startsWith(CrashTestServer.TASK))).as("the second ran no task").isZero();
            System.out.printf("TwoServicesOnOneDirectoryTest: the second service (pid %d) was refused in %d ms%n",
                    second.pid(), refusedMillis);

            // Still inside the Wait (else the first service's own writes would make the comparison meaningless).
            arns.values().forEach(arn -> assertThat(lastEvent(sfn, arn).type()).as("%s still waits", arn)
                    .isEqualTo(HistoryEventType.WAIT_STATE_ENTERED));
            assertThat(DirectorySnapshot.of(data)).as("no file of the directory changed").isEqualTo(before);

            // The first goes on, and runs each task exactly once.
            for (Map.Entry<String, String> execution : arns.entrySet()) {
                DescribeExecutionResponse described = SfnTestClients.awaitEnd(sfn, execution.getValue());
                assertThat(described.status()).as(execution.getKey()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(described.output()).isEqualTo("{\"echo\":{\"echo\":" + described.input() + "}}");
                ended.put(execution.getKey(), described);
                histories.put(execution.getKey(), history(sfn, execution.getValue()));
                assertThat(first.count(line -> line.startsWith(CrashTestServer.TASK + execution.getKey() + " ")))
                        .as("task calls of %s", execution.getKey()).isEqualTo(2);
            }

            assertThat(first.stop()).as("the first service stops on SIGTERM").isNotNegative();
            assertThat(data.resolve("index.closed")).as("a clean stop marks the index as whole").exists();
        }

        ServiceProcess again = child(ServiceProcess.crashTestServer(firstPort, data, JVM));
        assertThat(again.resumed()).as("nothing was left running").isZero();
        try (SfnClient sfn = SfnTestClients.client(firstPort)) {
            for (Map.Entry<String, String> execution : arns.entrySet()) {
                DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(execution.getValue()));
                DescribeExecutionResponse before = ended.get(execution.getKey());
                assertThat(described.status()).isEqualTo(before.status());
                assertThat(described.output()).isEqualTo(before.output());
                assertThat(described.stopDate()).isEqualTo(before.stopDate());
                assertThat(history(sfn, execution.getValue())).as("history of %s", execution.getKey())
                        .isEqualTo(histories.get(execution.getKey()));
            }
        }
        assertThat(again.count(line -> line.startsWith(CrashTestServer.TASK))).as("no task ran again").isZero();
        again.stop();
    }

    private ServiceProcess child(ServiceProcess process) {
        children.add(process);
        return process;
    }

    static List<HistoryEvent> history(SfnClient sfn, String arn) {
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn)).events().forEach(events::add);
        return events;
    }

    private static HistoryEvent lastEvent(SfnClient sfn, String arn) {
        return sfn.getExecutionHistory(b -> b.executionArn(arn).reverseOrder(true).maxResults(1)).events().get(0);
    }

    private static void awaitLastEvent(SfnClient sfn, String arn, HistoryEventType type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lastEvent(sfn, arn).type() != type) {
            assertThat(System.nanoTime()).as("%s reaches %s", arn, type).isLessThan(deadline);
            Poll.pause(20);
        }
    }
}
