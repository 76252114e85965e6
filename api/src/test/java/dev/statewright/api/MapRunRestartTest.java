package dev.statewright.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.MapRunStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Map Run survives SIGKILL: its record is read back after the restart, the UpdateMapRun it took
 * before the kill is replayed from the journal (so the resumed Map runs with the new
 * MaxConcurrency), and the resumed run takes another update.
 */
class MapRunRestartTest {
    private static final String ITEMS_WAIT = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
              "Label": "Slow",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "W", "States": {
                  "W": {"Type": "Wait", "Seconds": 3, "Next": "Up"},
                  "Up": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, 10)"}, "End": true}}},
              "End": true}}}
            """;

    @TempDir
    Path data;

    private ServiceProcess server;
    private SfnClient sfn;

    @AfterEach
    void stop() {
        if (sfn != null) {
            sfn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startServer(int port) {
        server = ServiceProcess.crashTestServer(port, data, List.of("-Xmx256m"));
        sfn = SfnTestClients.client(port);
    }

    @Test
    void aMapRunAndItsUpdateSurviveAKillAndTheResumedRunTakesAnother() {
        int port = ServiceProcess.freePort();
        startServer(port);
        String machine = sfn.createStateMachine(b -> b.name("slow").definition(ITEMS_WAIT)
                .roleArn("arn:aws:iam::123456789012:role/r")).stateMachineArn();
        String execution = sfn.startExecution(b -> b.stateMachineArn(machine).name("e1")
                .input("{\"items\": [1, 2, 3, 4, 5, 6, 7, 8]}")).executionArn();
        String arn = until("the MapRunStarted event", () -> mapRunArn(execution), found -> found != null);
        until("1 item running", () -> describe(arn), run -> run.itemCounts().running() == 1);

        sfn.updateMapRun(b -> b.mapRunArn(arn).maxConcurrency(2));
        DescribeMapRunResponse beforeKill = describe(arn);
        assertThat(beforeKill.maxConcurrency()).isEqualTo(2);
        assertThat(beforeKill.itemCounts().running()).isEqualTo(2);
        List<ExecutionListItem> childrenBeforeKill = sfn.listExecutions(b -> b.mapRunArn(arn)).executions();
        assertThat(childrenBeforeKill).hasSizeGreaterThanOrEqualTo(2);
        server.kill(); // SIGKILL: no final commit

        sfn.close();
        startServer(port);
        assertThat(server.resumed()).isEqualTo(1);
        DescribeMapRunResponse afterRestart = describe(arn);
        assertThat(afterRestart.status()).isEqualTo(MapRunStatus.RUNNING);
        assertThat(afterRestart.maxConcurrency()).isEqualTo(2);
        assertThat(afterRestart.executionArn()).isEqualTo(execution);
        assertThat(afterRestart.itemCounts().total()).isEqualTo(8);
        assertThat(sfn.listMapRuns(b -> b.executionArn(execution)).mapRuns()).singleElement()
                .satisfies(item -> assertThat(item.mapRunArn()).isEqualTo(arn));
        // The children started before the kill are still listed, each describable.
        assertThat(sfn.listExecutions(b -> b.mapRunArn(arn)).executions()).extracting(ExecutionListItem::executionArn)
                .containsAll(childrenBeforeKill.stream().map(ExecutionListItem::executionArn).toList());
        for (ExecutionListItem child : childrenBeforeKill) {
            assertThat(sfn.describeExecution(b -> b.executionArn(child.executionArn())).mapRunArn()).isEqualTo(arn);
        }

        sfn.updateMapRun(b -> b.mapRunArn(arn).maxConcurrency(8).toleratedFailureCount(2L));
        DescribeMapRunResponse raised = describe(arn);
        assertThat(raised.maxConcurrency()).isEqualTo(8);
        assertThat(raised.toleratedFailureCount()).isEqualTo(2);
        assertThat(raised.itemCounts().pending()).isZero(); // every item left started at once

        until("the execution's end", () -> sfn.describeExecution(b -> b.executionArn(execution)).status(),
                status -> status != ExecutionStatus.RUNNING);
        assertThat(sfn.describeExecution(b -> b.executionArn(execution)).status())
                .as("a replay without the journaled update would not meet its own timers")
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        DescribeMapRunResponse done = describe(arn);
        assertThat(done.status()).isEqualTo(MapRunStatus.SUCCEEDED);
        assertThat(done.maxConcurrency()).isEqualTo(8);
        assertThat(done.itemCounts().succeeded()).isEqualTo(8);
        assertThat(done.itemCounts().running()).isZero();
        assertThat(done.stopDate()).isNotNull();
        // Every child ended once, kept across the restart: item n gave {"v": n + 10}.
        List<ExecutionListItem> children = sfn.listExecutions(b -> b.mapRunArn(arn)
                .statusFilter(ExecutionStatus.SUCCEEDED)).executions();
        assertThat(children).hasSize(8);
        List<String> outputs = children.stream()
                .map(child -> sfn.describeExecution(b -> b.executionArn(child.executionArn())).output()).toList();
        assertThat(outputs).containsExactly("{\"v\":18}", "{\"v\":17}", "{\"v\":16}", "{\"v\":15}", "{\"v\":14}",
                "{\"v\":13}", "{\"v\":12}", "{\"v\":11}");
    }

    private DescribeMapRunResponse describe(String arn) {
        return sfn.describeMapRun(b -> b.mapRunArn(arn));
    }

    private String mapRunArn(String execution) {
        for (HistoryEvent event : sfn.getExecutionHistory(b -> b.executionArn(execution)).events()) {
            if (event.mapRunStartedEventDetails() != null) {
                return event.mapRunStartedEventDetails().mapRunArn();
            }
        }
        return null;
    }

    private static <T> T until(String what, java.util.function.Supplier<T> read, Predicate<T> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (wanted.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20); // polling the service's state, not waiting for it to be ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}
