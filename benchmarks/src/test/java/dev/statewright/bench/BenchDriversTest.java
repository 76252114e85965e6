package dev.statewright.bench;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each mode's driver runs every machine briefly and gets its expected output; no timing is asserted. */
class BenchDriversTest {
    private static final TimedRun BRIEF = new TimedRun(Duration.ofMillis(20), Duration.ofMillis(100));

    @Test
    void everyModeRunsEveryMachineAndTheReportHasARowForEach() throws Exception {
        Bench.TimingOptions options = new Bench.TimingOptions();
        options.seconds = 0.3; // long enough that a loaded machine still finishes an execution in every window
        options.warmupSeconds = 0.02;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report = Bench.runModes(options, List.of("inprocess", "durable", "http"), List.of(1, 2),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        // inprocess with one client, durable and http with 1 and 2: five rows per machine.
        assertThat(report.measurements()).hasSize(4 * 5);
        for (Measurement m : report.measurements()) {
            assertThat(m.executions()).as(m.machine() + " " + m.mode()).isPositive();
            assertThat(m.p99Ms()).isGreaterThanOrEqualTo(m.p50Ms()).isPositive();
            assertThat(m.memory().heapMiB()).isPositive();
        }
        assertThat(report.measurements()).filteredOn(m -> m.machine().equals("choice-loop-100"))
                .allSatisfy(m -> assertThat(m.statesPerExecution()).isEqualTo(201));
        assertThat(report.measurements()).filteredOn(m -> m.machine().equals("map-1000"))
                .allSatisfy(m -> assertThat(m.statesPerExecution()).isEqualTo(1001));

        List<String> lines = report.table().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Report.HEADER);
        assertThat(lines).hasSize(2 + report.measurements().size());
        lines.forEach(line -> assertThat(line.chars().filter(c -> c == '|').count()).isEqualTo(11));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(Report.HEADER);
    }

    @Test
    void standardExecutionsRunOnTheEmbeddedStoreAndOnTwoNodesSharingPostgres() throws Exception {
        Bench.TimingOptions options = new Bench.TimingOptions();
        options.machines = List.of("pass-chain-10");
        options.seconds = 0.3;
        options.warmupSeconds = 0.02;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report;
        try (BenchPostgres postgres = postgresOrSkip()) {
            options.postgres = postgres.url();
            // Before timing, the two nodes' target runs the machine on each node and checks its output.
            report = Bench.runModes(options, List.of("std-embedded", "std-pg-2nodes"), List.of(2),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
        }

        assertThat(report.measurements()).extracting(Measurement::mode).containsExactly("std-embedded", "std-pg-2nodes");
        for (Measurement m : report.measurements()) {
            assertThat(m.executions()).as(m.mode()).isPositive();
            assertThat(m.memory().rssMiB()).as(m.mode()).isPositive();
        }
        // Executions go to the nodes in turn: each ran about half of the timed ones.
        String lines = printed.toString(StandardCharsets.UTF_8);
        Matcher byNode = Pattern.compile("executions by node: ([\\d,]+), ([\\d,]+)").matcher(lines);
        assertThat(byNode.find()).as(lines).isTrue();
        long first = Long.parseLong(byNode.group(1).replace(",", ""));
        long second = Long.parseLong(byNode.group(2).replace(",", ""));
        assertThat(first).isPositive();
        assertThat(Math.abs(first - second)).isLessThanOrEqualTo(1);
        assertThat(lines).contains("DescribeExecution calls per execution").contains("ms of CPU per execution");
    }

    /**
     * The PostgreSQL server of the test: the one STATEWRIGHT_TEST_POSTGRES_URL names, else one
     * started from Maven Central's binaries. Without one the test is skipped, unless
     * STATEWRIGHT_REQUIRE_POSTGRES=1 (CI): then it fails.
     */
    private static BenchPostgres postgresOrSkip() {
        String given = System.getenv("STATEWRIGHT_TEST_POSTGRES_URL");
        try {
            return given != null && !given.isBlank() ? BenchPostgres.existing(given)
                    : BenchPostgres.start(List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off"));
        } catch (Exception e) {
            if ("1".equals(System.getenv("STATEWRIGHT_REQUIRE_POSTGRES"))) {
                throw new AssertionError("STATEWRIGHT_REQUIRE_POSTGRES=1 and no PostgreSQL could be started", e);
            }
            Assumptions.abort("No PostgreSQL for this test: " + e);
            throw new AssertionError(e); // not reached: abort throws
        }
    }

    @Test
    void anUnknownModeIsRefusedNamingTheModesThereAre() {
        assertThatThrownBy(() -> Bench.runModes(new Bench.TimingOptions(), List.of("std-pg-3nodes"), List.of(1),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no mode std-pg-3nodes")
                .hasMessageContaining("std-pg-2nodes");
    }

    @Test
    void aMachineWhoseOutputDiffersIsNotTimed() throws Exception {
        BenchMachine real = BenchMachine.load("pass-chain-10");
        BenchMachine wrong = new BenchMachine(real.name(), real.definition(), real.input(), Json.parse("{\"not\": \"it\"}"));
        try (InProcessTarget target = new InProcessTarget()) {
            assertThatThrownBy(() -> BRIEF.time(target, wrong, 10, 1)).isInstanceOf(OutputMismatchException.class)
                    .hasMessageContaining("pass-chain-10");
            assertThat(BRIEF.time(target, real, 10, 1).executions()).isPositive();
        }
    }

    @Test
    void outputsAreComparedAsJsonValues() {
        BenchMachine machine = new BenchMachine("m", "{}", "{}", Json.parse("{\"n\": 1, \"xs\": [2.0]}"));
        machine.check("test", Json.parse("{\"xs\": [2], \"n\": 1.0}"));
        assertThatThrownBy(() -> machine.check("test", Json.parse("{\"n\": 1, \"xs\": [3]}")))
                .isInstanceOf(OutputMismatchException.class);
    }

    @Test
    void theRatioIsOursOverThePeerOnTheSameMachine() {
        Report report = new Report();
        MemoryPeaks memory = new MemoryPeaks(1, 1);
        report.add(new Measurement("pass-chain-10", "peer", 1, 1000, 1.0, 10, 1, 2, memory));
        report.add(new Measurement("pass-chain-10", "inprocess", 1, 25_000, 1.0, 10, 1, 2, memory));
        report.add(new Measurement("map-1000", "inprocess", 1, 5, 1.0, 1001, 1, 2, memory));

        List<String> rows = report.table().lines().skip(2).toList();
        assertThat(rows.get(1)).startsWith("| pass-chain-10 | inprocess |").endsWith("| 25.0 |");
        assertThat(rows.get(2)).startsWith("| map-1000 | inprocess |").endsWith("| - |"); // no peer row for it
    }

    @Test
    void theScaleChecksRunInChildJvms() throws Exception {
        ScaleChecks.Verdict map = ScaleChecks.map(2000);
        assertThat(map.passed()).as(map.line()).isTrue();
        ScaleChecks.Verdict parked = ScaleChecks.parked(50);
        assertThat(parked.figures()).contains("heap after GC").contains("live threads");
        ScaleChecks.Verdict startup = ScaleChecks.startup();
        assertThat(startup.figures()).endsWith("ms (target under 2000 ms)");
    }

    @Test
    void theDistributedMapOverS3CountsEveryItemInItsResultFiles() throws Exception {
        // 2,500 items in batches of 100: 25 children, results in one file; the check reads them back from S3.
        ScaleChecks.Verdict map = ScaleChecks.s3Map(2_500);
        assertThat(map.passed()).as(map.line()).isTrue();
        assertThat(map.figures()).contains("1 result files count 2,500 items");
    }

    @Test
    void thePeerNeedsItsInstallation() {
        PeerRunner missing = new PeerRunner(Path.of("no-such-peer-directory"));
        assertThat(missing.installed()).isFalse();
        assertThatThrownBy(() -> missing.time(BenchMachine.load("pass-chain-10"), Duration.ZERO, Duration.ofMillis(10)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("npm ci");
    }
}
