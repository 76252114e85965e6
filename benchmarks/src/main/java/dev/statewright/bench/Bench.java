package dev.statewright.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code java -jar statewright-bench.jar MODE}: times the benchmark machines in a mode and
 * prints a table of figures. Every mode checks each machine's output before timing it.
 */
@Command(name = "statewright-bench", mixinStandardHelpOptions = true,
        description = "Times Statewright on the benchmark machines, beside the peer (aws-local-stepfunctions).",
        subcommands = {Bench.InProcess.class, Bench.Durable.class, Bench.Http.class, Bench.Peer.class, Bench.All.class,
                Bench.Standard.class, Bench.Scale.class},
        footer = {"", "Examples:",
                "  java -jar benchmarks/target/statewright-bench.jar all --seconds 10",
                "  java -jar benchmarks/target/statewright-bench.jar inprocess --machines pass-chain-10 --seconds 5",
                "  java -jar benchmarks/target/statewright-bench.jar standard --machines pass-chain-10 --seconds 20",
                "  java -jar benchmarks/target/statewright-bench.jar scale"})
public final class Bench implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The options every timing mode shares. */
    static final class TimingOptions {
        @Option(names = "--machines", split = ",", paramLabel = "NAME",
                description = "Machines to time (default: all four: ${DEFAULT-VALUE}).")
        List<String> machines = new ArrayList<>(BenchMachine.NAMES);

        @Option(names = "--seconds", description = "Timed seconds per machine, mode and client count (default: ${DEFAULT-VALUE}).")
        double seconds = 10;

        @Option(names = "--warmup-seconds", description = "Untimed seconds before each timed run (default: ${DEFAULT-VALUE}).")
        double warmupSeconds = 3;

        @Option(names = "--peer-dir", paramLabel = "DIR",
                description = "Where the peer is installed with npm ci (default: ${DEFAULT-VALUE}).")
        Path peerDirectory = Path.of("benchmarks", "peer");

        @Option(names = "--service-jvm-option", paramLabel = "OPTION",
                description = "An option for the http mode's service JVM, e.g. -XX:StartFlightRecording=filename=s.jfr"
                        + " to profile it (repeatable).")
        List<String> serviceJvmOptions = new ArrayList<>();

        @Option(names = "--postgres", paramLabel = "URL",
                description = "An existing PostgreSQL server for the std-pg modes, postgresql://user:password@host:port/db"
                        + " with a user that may create databases (default: one started here from Maven Central's"
                        + " binaries, with PostgreSQL's default settings).")
        String postgres;

        TimedRun timedRun() {
            return new TimedRun(duration(warmupSeconds), duration(seconds));
        }

        Duration warmup() {
            return duration(warmupSeconds);
        }

        Duration measured() {
            return duration(seconds);
        }

        private static Duration duration(double seconds) {
            return Duration.ofNanos((long) (seconds * 1e9));
        }
    }

    /**
     * Runs the chosen modes over the chosen machines, mode by mode (so one mode's service does
     * not weigh on another's memory), then prints the table.
     */
    static Report runModes(TimingOptions options, List<String> modes, List<Integer> clients, PrintStream out)
            throws Exception {
        List<String> unknown = modes.stream().filter(mode -> !MODES.contains(mode)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no mode " + String.join(", ", unknown) + "; there are " + String.join(", ", MODES));
        }
        boolean onPostgres = modes.stream().anyMatch(mode -> mode.startsWith("std-pg-"));
        // One server for the run, a fresh database per mode; none when no mode needs it.
        try (BenchPostgres postgres = !onPostgres ? null
                : options.postgres != null ? BenchPostgres.existing(options.postgres) : BenchPostgres.start()) {
            return runModes(options, modes, clients, out, postgres);
        }
    }

    private static Report runModes(TimingOptions options, List<String> modes, List<Integer> clients, PrintStream out,
                                   BenchPostgres postgres) throws Exception {
        List<BenchMachine> machines = BenchMachine.load(options.machines);
        Report report = new Report();
        TimedRun timedRun = options.timedRun();
        InProcessTarget inProcess = new InProcessTarget();
        Map<String, Integer> states = new HashMap<>();
        for (BenchMachine machine : machines) {
            states.put(machine.name(), inProcess.statesEntered(machine));
        }
        for (String mode : modes) {
            if (mode.equals("peer")) {
                PeerRunner peer = new PeerRunner(options.peerDirectory);
                for (BenchMachine machine : machines) {
                    record(report, peer.time(machine, options.warmup(), options.measured()), out);
                }
                continue;
            }
            try (BenchTarget target = switch (mode) {
                case "inprocess" -> inProcess;
                case "durable" -> new DurableTarget();
                case "http" -> new HttpTarget(options.serviceJvmOptions);
                case "std-embedded" -> StandardHttpTarget.embedded(options.serviceJvmOptions);
                case "std-pg-1node" -> StandardHttpTarget.onPostgres(options.serviceJvmOptions, postgres, 1);
                case "std-pg-2nodes" -> StandardHttpTarget.onPostgres(options.serviceJvmOptions, postgres, 2);
                default -> throw new IllegalArgumentException("no mode " + mode);
            }) {
                // In process, the peer runs one execution at a time; so does ours.
                List<Integer> counts = mode.equals("inprocess") ? List.of(1) : clients;
                for (BenchMachine machine : machines) {
                    for (int count : counts) {
                        record(report, timedRun.time(target, machine, states.get(machine.name()), count), out);
                        if (!target.remarks().isEmpty()) {
                            out.println("    " + target.remarks());
                        }
                    }
                }
            }
        }
        out.println();
        out.print(report.table());
        return report;
    }

    /** Every mode a timing command may run. */
    static final List<String> MODES = List.of("peer", "inprocess", "durable", "http", "std-embedded", "std-pg-1node",
            "std-pg-2nodes");

    private static void record(Report report, Measurement m, PrintStream out) {
        report.add(m);
        out.printf(Locale.ROOT, "%-16s %-13s %2d clients: %,10.1f executions/s %,12.0f states/s  p50 %.3f ms  p99 %.3f ms%n",
                m.machine(), m.mode(), m.clients(), m.executionsPerSecond(), m.statesPerSecond(), m.p50Ms(), m.p99Ms());
        out.flush();
    }

    /** A timing mode: its options and the modes it runs. */
    abstract static class TimingCommand implements Callable<Integer> {
        @Mixin
        TimingOptions options = new TimingOptions();

        @Option(names = "--clients", split = ",", description = "Concurrent clients for the service modes (default: 1,16).")
        List<Integer> clients = new ArrayList<>(List.of(1, 16));

        abstract List<String> modes();

        @Override
        public Integer call() throws Exception {
            try {
                runModes(options, modes(), clients, System.out);
                return 0;
            } catch (OutputMismatchException | IllegalArgumentException | IllegalStateException | SQLException e) {
                System.err.println("statewright-bench: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "inprocess", mixinStandardHelpOptions = true,
            description = "The interpreter's engine in this JVM, in memory, one execution at a time (as the peer runs).")
    static final class InProcess extends TimingCommand {
        @Override
        List<String> modes() {
            return List.of("inprocess");
        }
    }

    @Command(name = "durable", mixinStandardHelpOptions = true,
            description = "The service's runtime in this JVM with its MapDB store in a temporary directory, no HTTP.")
    static final class Durable extends TimingCommand {
        @Override
        List<String> modes() {
            return List.of("durable");
        }
    }

    @Command(name = "http", mixinStandardHelpOptions = true,
            description = "The durable service in a child JVM, driven over HTTP (StartSyncExecution).")
    static final class Http extends TimingCommand {
        @Override
        List<String> modes() {
            return List.of("http");
        }
    }

    @Command(name = "peer", mixinStandardHelpOptions = true,
            description = "The peer (aws-local-stepfunctions 3.0.0 on Node 22) through benchmarks/peer/bench-peer.mjs.")
    static final class Peer extends TimingCommand {
        @Override
        List<String> modes() {
            return List.of("peer");
        }
    }

    @Command(name = "all", mixinStandardHelpOptions = true,
            description = "The peer and every mode, machine by machine, then the table with our figures over the peer's.")
    static final class All extends TimingCommand {
        @Override
        List<String> modes() {
            return List.of("peer", "inprocess", "durable", "http");
        }
    }

    @Command(name = "standard", mixinStandardHelpOptions = true,
            description = {"STANDARD executions over HTTP (StartExecution, then DescribeExecution until it ends), beside"
                    + " the peer: the service on its embedded store (std-embedded), on PostgreSQL with one node"
                    + " (std-pg-1node) and with two nodes sharing the database (std-pg-2nodes), executions sent to the"
                    + " nodes in turn.",
                    "The PostgreSQL server is started here (Maven Central's binaries; as root it runs as nobody) unless"
                            + " --postgres names one."})
    static final class Standard extends TimingCommand {
        @Option(names = "--modes", split = ",", paramLabel = "MODE",
                description = "The modes to run (default: ${DEFAULT-VALUE}).")
        List<String> modes = new ArrayList<>(List.of("peer", "std-embedded", "std-pg-1node", "std-pg-2nodes"));

        @Override
        List<String> modes() {
            return modes;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "The scale targets: a Map over many items in a 512 MiB heap, executions parked in a"
                    + " one-hour Wait, the service's start-up time. Exit 1 if any fails.")
    static final class Scale implements Callable<Integer> {
        @Option(names = "--map-items", description = "Items of the Map (default: ${DEFAULT-VALUE}; a multiple of 1,000).")
        int mapItems = 100_000;

        @Option(names = "--s3-map-items", description = "Items of the Distributed Map that reads from S3 and writes its"
                + " results there (default: ${DEFAULT-VALUE}; 0 skips the check).")
        int s3MapItems = 1_000_000;

        @Option(names = "--parked", description = "Executions parked in the Wait (default: ${DEFAULT-VALUE}).")
        int parked = 10_000;

        @Option(names = "--stored", description = "Finished executions in the store the service starts on"
                + " (default: ${DEFAULT-VALUE}; 0 skips the check).")
        int stored = 1_000_000;

        @Override
        public Integer call() throws Exception {
            if (mapItems < 1000 || mapItems % 1000 != 0) {
                System.err.println("statewright-bench: --map-items must be a positive multiple of 1,000");
                return 2;
            }
            List<ScaleChecks.Verdict> verdicts = new ArrayList<>();
            List<Callable<List<ScaleChecks.Verdict>>> checks = new ArrayList<>(List.of(() -> List.of(ScaleChecks.startup()),
                    () -> List.of(ScaleChecks.map(mapItems)), () -> List.of(ScaleChecks.parked(parked))));
            if (s3MapItems > 0) {
                checks.add(() -> List.of(ScaleChecks.s3Map(s3MapItems)));
            }
            if (stored > 0) {
                checks.add(() -> ScaleChecks.stored(stored));
            }
            for (Callable<List<ScaleChecks.Verdict>> check : checks) {
                for (ScaleChecks.Verdict verdict : check.call()) {
                    verdicts.add(verdict);
                    System.out.println(verdict.line());
                    System.out.flush();
                }
            }
            return verdicts.stream().allMatch(ScaleChecks.Verdict::passed) ? 0 : 1;
        }
    }
}
