package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * STANDARD executions over HTTP on one or more nodes of the durable service, each a child JVM:
 * one node on its embedded store, or nodes sharing one PostgreSQL database. An execution is a
 * StartExecution, then DescribeExecution on the same node until it is no longer RUNNING (what a
 * client of AWS does; a STANDARD machine has no synchronous start). Executions go to the nodes in
 * turn, as a round-robin load balancer would send them.
 */
public final class StandardHttpTarget implements BenchTarget {
    /** The first look follows the start at once (a short machine may have ended); later ones back off. */
    private static final long FIRST_PAUSE_NANOS = 250_000;
    private static final long LONGEST_PAUSE_NANOS = 8_000_000;
    private static final Duration MACHINE_SHOWN_LIMIT = Duration.ofSeconds(10);

    private final String mode;
    private final List<ChildService> nodes;
    private final List<AwsJsonClient> clients = new ArrayList<>();
    private final AtomicLong turn = new AtomicLong();
    private final AtomicLongArray succeededByNode;
    private final AtomicLong looks = new AtomicLong(); // DescribeExecution calls since the last resetPeaks
    private final AtomicLongArray measuredByNode; // executions since the last resetPeaks
    private final CpuMeter cpu;

    private StandardHttpTarget(String mode, List<ChildService> nodes, Optional<ProcessHandle> database) {
        this.mode = mode;
        this.nodes = List.copyOf(nodes);
        List<CpuMeter.Group> groups = new ArrayList<>(List.of(
                new CpuMeter.Group("client", List.of(ProcessHandle.current()), false),
                new CpuMeter.Group(nodes.size() == 1 ? "node" : "nodes", nodes.stream().map(ChildService::process).toList(),
                        false)));
        database.ifPresent(server -> groups.add(new CpuMeter.Group("PostgreSQL", List.of(server), true)));
        this.cpu = new CpuMeter(groups);
        nodes.forEach(node -> clients.add(new AwsJsonClient(node.port())));
        this.succeededByNode = new AtomicLongArray(nodes.size());
        this.measuredByNode = new AtomicLongArray(nodes.size());
    }

    /** One node on its embedded store (MapDB) in a fresh data directory. */
    public static StandardHttpTarget embedded(List<String> jvmOptions) throws Exception {
        return new StandardHttpTarget("std-embedded", List.of(ChildService.start(jvmOptions, 0)), Optional.empty());
    }

    /**
     * {@code count} nodes on a new database of this server, started side by side (the schema's
     * migrations take an advisory lock, so one node creates it); the server's CPU is counted when
     * it was started here.
     */
    public static StandardHttpTarget onPostgres(List<String> jvmOptions, BenchPostgres server, int count) throws Exception {
        String database = server.newDatabase();
        ExecutorService starting = Executors.newFixedThreadPool(count);
        List<Future<ChildService>> starts = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                starts.add(starting.submit(() -> ChildService.onDatabase(jvmOptions, database)));
            }
            List<ChildService> started = new ArrayList<>();
            Exception failed = null;
            for (Future<ChildService> start : starts) {
                try {
                    started.add(start.get());
                } catch (ExecutionException e) {
                    if (failed == null) {
                        failed = e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }
            if (failed != null) {
                for (ChildService node : started) {
                    node.close();
                }
                throw failed;
            }
            return new StandardHttpTarget(count == 1 ? "std-pg-1node" : "std-pg-" + count + "nodes", started,
                    server.process());
        } finally {
            starting.shutdownNow();
        }
    }

    @Override
    public String mode() {
        return mode;
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** Executions each node has run to success so far, checks included. */
    public List<Long> succeededByNode() {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < succeededByNode.length(); i++) {
            counts.add(succeededByNode.get(i));
        }
        return counts;
    }

    /**
     * Creates the machine through the first node (the nodes of a database share it) and checks its
     * output on every node, so no node is timed that gets it wrong or does not know it.
     */
    @Override
    public ExecutionDriver prepare(BenchMachine machine) throws Exception {
        ObjectNode create = Json.object().put("name", machine.name()).put("definition", machine.definition())
                .put("roleArn", DurableTarget.ROLE).put("type", "STANDARD");
        String arn = clients.get(0).call("CreateStateMachine", create).path("stateMachineArn").asText();
        ObjectNode start = Json.object().put("stateMachineArn", arn).put("input", machine.input());
        for (int node = 1; node < nodes.size(); node++) {
            awaitMachine(arn, node);
        }
        for (int node = 0; node < nodes.size(); node++) {
            machine.check(mode + " node " + (node + 1), execute(machine, start, node));
        }
        return () -> execute(machine, start, (int) Math.floorMod(turn.getAndIncrement(), (long) nodes.size()));
    }

    /** The other nodes learn of a new machine within a second or so (they refresh what they hold). */
    private void awaitMachine(String arn, int node) throws IOException {
        ObjectNode describe = Json.object().put("stateMachineArn", arn);
        long deadline = System.nanoTime() + MACHINE_SHOWN_LIMIT.toNanos();
        while (true) {
            try {
                clients.get(node).call("DescribeStateMachine", describe);
                return;
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("StateMachineDoesNotExist") || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    private JsonNode execute(BenchMachine machine, ObjectNode start, int node) throws IOException {
        AwsJsonClient client = clients.get(node);
        String execution = client.call("StartExecution", start).path("executionArn").asText();
        ObjectNode describe = Json.object().put("executionArn", execution);
        long pause = FIRST_PAUSE_NANOS;
        JsonNode described = client.call("DescribeExecution", describe);
        looks.incrementAndGet();
        while ("RUNNING".equals(described.path("status").asText())) {
            LockSupport.parkNanos(pause); // the client polls, as AWS's clients do
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
            described = client.call("DescribeExecution", describe);
            looks.incrementAndGet();
        }
        if (!"SUCCEEDED".equals(described.path("status").asText())) {
            throw new IllegalStateException(machine.name() + " ended " + described.path("status").asText() + " on node "
                    + (node + 1) + ": " + described.path("error").asText() + " " + described.path("cause").asText());
        }
        succeededByNode.incrementAndGet(node);
        measuredByNode.incrementAndGet(node);
        return Json.parse(described.path("output").asText());
    }

    /** Starts the peaks, and the counts {@link #remarks()} gives, afresh. */
    @Override
    public void resetPeaks() throws Exception {
        for (ChildService node : nodes) {
            node.ask("reset");
        }
        looks.set(0);
        cpu.start();
        for (int i = 0; i < measuredByNode.length(); i++) {
            measuredByNode.set(i, 0);
        }
    }

    /** Since the last resetPeaks: DescribeExecution calls per execution, and the executions of each node. */
    @Override
    public String remarks() {
        long executions = 0;
        List<String> byNode = new ArrayList<>();
        for (int i = 0; i < measuredByNode.length(); i++) {
            executions += measuredByNode.get(i);
            byNode.add(String.format(Locale.ROOT, "%,d", measuredByNode.get(i)));
        }
        double looksEach = looks.get() / (double) Math.max(1, executions);
        return String.format(Locale.ROOT, "%.2f DescribeExecution calls per execution; ", looksEach)
                + cpu.perExecution(executions) + (nodes.size() > 1 ? "; executions by node: " + String.join(", ", byNode) : "");
    }

    /** The nodes' peaks added up (what the service takes on the machine; the database's own memory is not in it). */
    @Override
    public MemoryPeaks peaks() throws Exception {
        double heap = 0;
        double rss = 0;
        for (ChildService node : nodes) {
            MemoryPeaks peaks = node.peaks();
            heap += peaks.heapMiB();
            rss += peaks.rssMiB();
        }
        return new MemoryPeaks(heap, rss);
    }

    @Override
    public void close() throws Exception {
        clients.forEach(AwsJsonClient::close);
        Exception first = null;
        for (ChildService node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
