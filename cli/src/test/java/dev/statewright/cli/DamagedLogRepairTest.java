package dev.statewright.cli;

import dev.statewright.api.DirectorySnapshot;
import dev.statewright.api.ServiceProcess;
import dev.statewright.api.SfnTestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage in the middle of the log, with acknowledged records after it: a flipped bit, a zeroed
 * record. After a crash (SIGKILL, so the index is rebuilt from the whole log) `statewright serve`
 * must refuse to start, say where the damage is and what to run, and leave the log as it was;
 * `statewright repair` must name the damage and exactly the executions it took, and keep every
 * other one exactly as it was. After a clean stop (the index is reused, the log not read at
 * start) the service starts, and only reads of what the damage touched fail, with AWS's error.
 *
 * <p>The crashed directory (80 executions run to their end, then SIGKILL) is made once for the
 * class; each case damages a copy of it, so the cases share the cost of the service's run.
 */
class DamagedLogRepairTest {
    private static final int EXECUTIONS = 80;
    private static final String CHAIN = """
            {"StartAt": "Double", "States": {
              "Double": {"Type": "Pass", "Parameters": {"n.$": "$.n", "twice.$": "States.MathAdd($.n, $.n)", "note.$": "$.note"},
                         "Next": "Plus"},
              "Plus": {"Type": "Pass", "Parameters": {"n.$": "$.n", "result.$": "States.MathAdd($.twice, 1)", "note.$": "$.note"},
                       "End": true}}}
            """;
    private static final List<String> JVM = List.of("-Xmx256m");

    /** The directory a service left when killed after running {@link #EXECUTIONS} executions; copied by each case. */
    @TempDir
    static Path crashed;
    /** The executions in {@link #crashed}, as the API answered before the kill. */
    private static Map<String, Seen> seenBeforeTheCrash;

    @TempDir
    Path data;

    private final List<ServiceProcess> children = new ArrayList<>();

    @BeforeAll
    static void runAndCrash() {
        int port = ServiceProcess.freePort();
        try (ServiceProcess service = serve(port, crashed)) {
            seenBeforeTheCrash = runToTheirEnd(port, EXECUTIONS);
            service.kill(); // no clean-close mark: the next start rebuilds the index from the whole log
        }
    }

    @AfterEach
    void endChildren() {
        children.forEach(ServiceProcess::close);
    }

    /** An execution as the API answered before the damage: to be answered the same after the repair. */
    private record Seen(ExecutionStatus status, String input, String output, Instant startDate, Instant stopDate,
                        List<HistoryEvent> history) {
    }

    /**
     * Also what the repair's report and exit code promise: the executions lost are named, and the
     * exit code says some were, even when the damaged record's bytes no longer show its ARN: the
     * index kept from before the damage names it.
     */
    @Test
    void aFlippedBitMidLogStopsTheStartAndTheRepairNamesWhatItTookAndKeepsEveryOtherExecution() throws Exception {
        damagedAfterACrash(LogSegmentRecords::flipBit);
    }

    @Test
    void aZeroedRecordMidLogStopsTheStartAndTheRepairNamesWhatItTookAndKeepsEveryOtherExecution() throws Exception {
        damagedAfterACrash(LogSegmentRecords::zero);
    }

    private interface Damage {
        void apply(Path segment, LogSegmentRecords.Record record);
    }

    private void damagedAfterACrash(Damage damage) throws Exception {
        int port = ServiceProcess.freePort();
        copy(crashed, data);
        Map<String, Seen> seen = seenBeforeTheCrash;

        Path segment = LogSegmentRecords.lastSegment(data.resolve("log")).toAbsolutePath();
        List<LogSegmentRecords.Record> records = LogSegmentRecords.of(segment);
        LogSegmentRecords.Record hit = records.get(records.size() / 2);
        Set<String> touched = hit.executionArns();
        assertThat(touched).as("the damaged record holds an execution").isNotEmpty();
        assertThat(seen.keySet()).containsAll(touched);
        damage.apply(segment, hit);
        DirectorySnapshot damagedLog = DirectorySnapshot.of(data.resolve("log"));

        ServiceProcess refused = start(port);
        OptionalInt exit = refused.awaitExit(Duration.ofSeconds(30));
        assertThat(exit).as("serve ends by itself on a damaged log\n%s", refused.quote()).isPresent();
        assertThat(exit.getAsInt()).as("serve's exit code\n%s", refused.quote()).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertThat(String.join("\n", refused.output()))
                .contains("statewright: Cannot open the data directory ").contains("The log segment " + segment + " is damaged at byte " + hit.offset() + ":")
                .contains("`statewright repair --data-dir " + data.toAbsolutePath() + "`")
                .doesNotContain("Statewright listening");
        assertThat(DirectorySnapshot.of(data.resolve("log"))).as("the refused start left the log as it was").isEqualTo(damagedLog);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int repaired = Statewright.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("repair", "--data-dir", data.toString());
        String report = out.toString();
        System.out.printf("DamagedLogRepairTest: %d records, damaged the one at byte %d (%d bytes) holding %s; repair"
                + " exited %d:%n%s%s", records.size(), hit.offset(), hit.bytes(), touched, repaired, report, err);
        assertThat(report).contains("Damaged stretches of the log:", "  " + segment + ": bytes " + hit.offset() + "-")
                .contains("Executions kept: " + (EXECUTIONS - touched.size()));
        assertThat(lostIn(report)).as("every execution the damage took is named\n%s", report).isEqualTo(touched);
        assertThat(repaired).as("repair's exit code: executions were lost\n%s%s", report, err)
                .isEqualTo(ExitCodes.FAILED);
        Path aside = setAside();
        assertThat(aside.resolve("repair-report.txt")).content().isEqualTo(report);
        assertThat(DirectorySnapshot.of(aside.resolve("log"))).as("the damaged log, set aside whole").isEqualTo(damagedLog);

        serve(port);
        try (SfnClient sfn = SfnTestClients.clientWithoutRetries(port, Duration.ofSeconds(5))) {
            for (Map.Entry<String, Seen> execution : seen.entrySet()) {
                String arn = execution.getKey();
                if (touched.contains(arn)) {
                    assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(arn)))
                            .as("lost %s", arn).isInstanceOf(ExecutionDoesNotExistException.class);
                } else {
                    assertThat(observe(sfn, arn)).as("kept %s", arn).isEqualTo(execution.getValue());
                }
            }
        }
    }

    @Test
    void damageFoundAfterACleanStopFailsOnlyTheReadsOfWhatItTouchedWithAnAwsError() throws Exception {
        int port = ServiceProcess.freePort();
        ServiceProcess service = serve(port);
        Map<String, Seen> seen = runToTheirEnd(port, 60);
        assertThat(service.stop()).isNotNegative();
        assertThat(data.resolve("index.closed")).as("a clean stop marks the index as whole").exists();

        Path segment = LogSegmentRecords.lastSegment(data.resolve("log")).toAbsolutePath();
        List<LogSegmentRecords.Record> records = LogSegmentRecords.of(segment);
        LogSegmentRecords.Record hit = records.get(records.size() / 2);
        Set<String> touched = hit.executionArns();
        assertThat(touched).isNotEmpty();
        LogSegmentRecords.flipBit(segment, hit);

        serve(port); // the index is reused: the log before the mark is not read, so the start does not see the damage
        try (SfnClient sfn = SfnTestClients.clientWithoutRetries(port, Duration.ofSeconds(5))) {
            for (Map.Entry<String, Seen> execution : seen.entrySet()) {
                String arn = execution.getKey();
                if (!touched.contains(arn)) {
                    assertThat(observe(sfn, arn)).as("untouched %s", arn).isEqualTo(execution.getValue());
                    continue;
                }
                // The record may be in the index (then it answers, and must answer rightly); the events are only in the log.
                Seen before = execution.getValue();
                try {
                    DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(arn));
                    assertThat(described.output()).as("DescribeExecution of %s, answered", arn).isEqualTo(before.output());
                } catch (SfnException e) {
                    assertDamageReported(e, segment, hit);
                }
                assertThatThrownBy(() -> sfn.getExecutionHistory(b -> b.executionArn(arn)))
                        .as("history of %s", arn).isInstanceOfSatisfying(SfnException.class, e -> assertDamageReported(e, segment, hit));
            }
        }
    }

    /** The ARNs a repair report lists under "Executions lost". */
    private static Set<String> lostIn(String report) {
        Set<String> lost = new java.util.TreeSet<>();
        boolean inLost = false;
        for (String line : report.split("\n")) {
            if (line.startsWith("Executions lost:")) {
                inLost = true;
            } else if (inLost && line.startsWith("  ")) {
                lost.add(line.trim());
            } else {
                inLost = false;
            }
        }
        return lost;
    }

    private static void assertDamageReported(SfnException e, Path segment, LogSegmentRecords.Record hit) {
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        assertThat(e.awsErrorDetails().errorMessage())
                .contains("The log segment " + segment + " is damaged at byte " + hit.offset())
                .contains("statewright repair");
    }

    private static Map<String, Seen> runToTheirEnd(int port, int count) {
        Map<String, Seen> seen = new LinkedHashMap<>();
        try (SfnClient sfn = SfnTestClients.client(port)) {
            String machine = sfn.createStateMachine(b -> b.name("chain").definition(CHAIN)
                    .roleArn("arn:aws:iam::123456789012:role/test")).stateMachineArn();
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String input = "{\"n\": " + i + ", \"note\": \"" + "execution number %d of the damage test; ".formatted(i).repeat(8) + "\"}";
                String name = "e%03d".formatted(i);
                arns.add(sfn.startExecution(b -> b.stateMachineArn(machine).name(name).input(input)).executionArn());
            }
            for (String arn : arns) {
                assertThat(SfnTestClients.awaitEnd(sfn, arn).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                seen.put(arn, observe(sfn, arn));
            }
        }
        return seen;
    }

    private static Seen observe(SfnClient sfn, String arn) {
        List<HistoryEvent> history = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn)).events().forEach(history::add);
        DescribeExecutionResponse described = sfn.describeExecution(b -> b.executionArn(arn));
        return new Seen(described.status(), described.input(), described.output(), described.startDate(),
                described.stopDate(), history);
    }

    /** `statewright serve` on the test's directory, once it listens. */
    private ServiceProcess serve(int port) {
        ServiceProcess service = start(port);
        awaitListening(service);
        return service;
    }

    private ServiceProcess start(int port) {
        ServiceProcess service = start(port, data);
        children.add(service);
        return service;
    }

    /** `statewright serve` on {@code directory}, once it listens. */
    private static ServiceProcess serve(int port, Path directory) {
        ServiceProcess service = start(port, directory);
        try {
            awaitListening(service);
        } catch (AssertionError e) {
            service.close();
            throw e;
        }
        return service;
    }

    private static ServiceProcess start(int port, Path directory) {
        return ServiceProcess.start(JVM, Statewright.class.getName(), "serve", "--port", String.valueOf(port),
                "--data-dir", directory.toAbsolutePath().toString(), "--retention-days", "0");
    }

    private static void awaitListening(ServiceProcess service) {
        service.awaitLine(line -> line.startsWith("Statewright listening"), Duration.ofSeconds(30));
    }

    /** Copies the directory {@code from} (files and folders) into the empty directory {@code to}. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private Path setAside() throws IOException {
        try (Stream<Path> files = Files.list(data)) {
            List<Path> aside = files.filter(file -> file.getFileName().toString().startsWith("damaged-")).toList();
            assertThat(aside).as("one directory of damaged files set aside").hasSize(1);
            return aside.get(0);
        }
    }
}
