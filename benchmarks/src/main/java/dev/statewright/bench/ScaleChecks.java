package dev.statewright.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scale targets of issue 7: a Map over many items in a 512 MiB heap, many executions parked
 * in a one-hour Wait (heap after GC and live threads), and the service's start-up time. Each
 * gives a line of figures and pass or fail against its target.
 */
public final class ScaleChecks {
    public static final int MAP_HEAP_MIB = 512;
    public static final double PARKED_HEAP_MIB = 256;
    public static final int PARKED_THREADS = 50;
    public static final double STARTUP_MILLIS = 2000;

    /** One check's figures and verdict. */
    public record Verdict(String name, String figures, boolean passed) {
        public String line() {
            return (passed ? "PASS " : "FAIL ") + name + ": " + figures;
        }
    }

    private ScaleChecks() {
    }

    /** A Distributed Map over {@code items} items in a child JVM with a 512 MiB heap. */
    public static Verdict map(int items) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + MAP_HEAP_MIB + "m", "-cp", System.getProperty("java.class.path"), MapScaleProbe.class.getName(),
                Integer.toString(items));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        int exit = process.waitFor();
        String name = String.format(Locale.ROOT, "Map over %,d items with -Xmx%dm", items, MAP_HEAP_MIB);
        String[] parts = line == null ? new String[0] : line.split(" ", 6);
        long expectedSum = 2L * items * (items + 1L) / 2; // each item doubled
        boolean passed = exit == 0 && parts.length == 6 && parts[1].equals("SUCCEEDED")
                && Long.parseLong(parts[2]) == items && Long.parseLong(parts[3]) == expectedSum;
        String figures = passed ? String.format(Locale.ROOT, "succeeded in %s s, peak heap %s MiB", parts[4], parts[5])
                : "exit " + exit + ", said: " + line;
        return new Verdict(name, figures, passed);
    }

    /** The service's start-up on an empty data directory: launching its JVM to its first answer. */
    public static Verdict startup() throws Exception {
        try (ChildService service = ChildService.start(List.of(), 1)) {
            double millis = service.startupMillis();
            return new Verdict("service start-up (process start to first answered request)",
                    String.format(Locale.ROOT, "%.0f ms (target under %.0f ms)", millis, STARTUP_MILLIS),
                    millis < STARTUP_MILLIS);
        }
    }

    /**
     * Starts {@code count} executions of a machine that waits an hour, with 16 clients, then
     * asks the service for its heap after a full GC and its live threads.
     */
    public static Verdict parked(int count) throws Exception {
        try (ChildService service = ChildService.start(List.of(), 1);
             AwsJsonClient client = new AwsJsonClient(service.port())) {
            ObjectNode create = Json.object().put("name", "parked").put("roleArn", DurableTarget.ROLE)
                    .put("definition", "{\"StartAt\": \"Park\", \"States\": {\"Park\": {\"Type\": \"Wait\","
                            + " \"Seconds\": 3600, \"End\": true}}}");
            String arn = client.call("CreateStateMachine", create).path("stateMachineArn").asText();
            AtomicInteger next = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<String> lastArns = new ArrayList<>();
            try {
                List<Future<String>> running = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    running.add(clients.submit(() -> {
                        String started = null;
                        while (next.getAndIncrement() < count) {
                            started = client.call("StartExecution", Json.object().put("stateMachineArn", arn)
                                    .put("input", "{}")).path("executionArn").asText();
                        }
                        return started;
                    }));
                }
                for (Future<String> started : running) {
                    if (started.get() != null) {
                        lastArns.add(started.get());
                    }
                }
            } finally {
                clients.shutdownNow();
            }
            for (String execution : lastArns) {
                String status = client.call("DescribeExecution", Json.object().put("executionArn", execution))
                        .path("status").asText();
                if (!status.equals("RUNNING")) {
                    return new Verdict("parked executions", execution + " is " + status + ", not waiting", false);
                }
            }
            String[] settled = service.ask("settled");
            double heap = Double.parseDouble(settled[1]);
            int threads = Integer.parseInt(settled[2]);
            return new Verdict(String.format(Locale.ROOT, "%,d executions parked in a one-hour Wait", count),
                    String.format(Locale.ROOT, "heap after GC %.1f MiB (target under %.0f), %d live threads (target under %d)",
                            heap, PARKED_HEAP_MIB, threads, PARKED_THREADS),
                    heap < PARKED_HEAP_MIB && threads < PARKED_THREADS);
        }
    }
}
