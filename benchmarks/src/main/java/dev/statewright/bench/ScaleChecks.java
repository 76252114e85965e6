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
    public static final double STORED_HEAP_MIB = 256;
    public static final double STORED_STARTUP_MILLIS = 3000;
    public static final double LOG_BYTES_PER_EXECUTION = 2048;

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

    /**
     * A Distributed Map over {@code items} items read from a JSONL object in S3 (s3proxy, in this
     * JVM), in batches of 100, 1,000 children at once, its results written back to S3 by a
     * ResultWriter, run by the durable service in a child JVM with a 512 MiB heap. Passes when the
     * execution succeeds and the result files the manifest lists count every item and add up
     * their numbers.
     */
    public static Verdict s3Map(int items) throws Exception {
        String name = String.format(Locale.ROOT, "Distributed Map over %,d JSONL items from S3, batched, ResultWriter,"
                + " with -Xmx%dm", items, MAP_HEAP_MIB);
        try (LocalS3Server s3 = new LocalS3Server(); software.amazon.awssdk.services.s3.S3Client client = s3.client()) {
            client.createBucket(b -> b.bucket("items"));
            client.createBucket(b -> b.bucket("results"));
            Path lines = java.nio.file.Files.createTempFile("statewright-bench-items", ".jsonl");
            try {
                try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(lines)) {
                    for (int n = 0; n < items; n++) {
                        out.write("{\"n\": " + n + ", \"name\": \"item-" + n + "\"}\n");
                    }
                }
                client.putObject(b -> b.bucket("items").key("items.jsonl"),
                        software.amazon.awssdk.core.sync.RequestBody.fromFile(lines));
            } finally {
                java.nio.file.Files.deleteIfExists(lines);
            }
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + MAP_HEAP_MIB + "m", "-cp", System.getProperty("java.class.path"), S3MapProbe.class.getName(),
                    s3.endpoint().toString(), "items", "items.jsonl", "results");
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                line = out.readLine();
            }
            int exit = process.waitFor();
            String[] parts = line == null ? new String[0] : line.split(" ", 5);
            if (exit != 0 || parts.length != 5 || !parts[1].equals("SUCCEEDED")) {
                return new Verdict(name, "exit " + exit + ", said: " + line, false);
            }
            com.fasterxml.jackson.databind.JsonNode details = Json.parse(parts[4]).path("ResultWriterDetails");
            com.fasterxml.jackson.databind.JsonNode manifest = Json.parse(client.getObjectAsBytes(b -> b
                    .bucket(details.path("Bucket").asText()).key(details.path("Key").asText())).asUtf8String());
            long counted = 0;
            long sum = 0;
            int files = 0;
            for (com.fasterxml.jackson.databind.JsonNode file : manifest.path("ResultFiles").path("SUCCEEDED")) {
                files++;
                String content = client.getObjectAsBytes(b -> b.bucket("results").key(file.path("Key").asText()))
                        .asUtf8String();
                for (String result : content.split("\n")) {
                    if (!result.isBlank()) {
                        counted += Json.parse(result).path("items").asLong();
                        sum += Json.parse(result).path("sum").asLong();
                    }
                }
            }
            long expectedSum = (long) items * (items - 1L) / 2;
            boolean passed = counted == items && sum == expectedSum && manifest.path("ResultFiles").path("FAILED").isEmpty();
            String figures = String.format(Locale.ROOT, "succeeded in %s s, peak heap %s MiB; %d result files count %,d"
                    + " items%s", parts[2], parts[3], files, counted, passed ? "" : " (expected " + items + ", sum " + sum
                    + " against " + expectedSum + ")");
            return new Verdict(name, figures, passed);
        }
    }

    /**
     * A store of {@code count} finished executions of pass-chain-10: the log bytes each took, then
     * the service started on it in a fresh JVM: its start-up (launch to first answer), its heap after
     * a full GC, and a DescribeExecution and a ListExecutions page answered from the stored index.
     */
    public static List<Verdict> stored(int count) throws Exception {
        Path dataDirectory = java.nio.file.Files.createTempDirectory("statewright-bench-stored");
        StoredExecutionsProbe.Filled filled = StoredExecutionsProbe.fill(dataDirectory, count);
        double perExecution = (double) filled.logBytes() / filled.executions();
        Verdict bytes = new Verdict("log bytes per pass-chain-10 execution",
                String.format(Locale.ROOT, "%.0f bytes (target at most %.0f); %,d executions stored in %.1f s (%,.0f/s),"
                                + " %.1f MiB of log", perExecution, LOG_BYTES_PER_EXECUTION, filled.executions(),
                        filled.seconds(), filled.executions() / filled.seconds(), filled.logBytes() / 1048576.0),
                perExecution <= LOG_BYTES_PER_EXECUTION);
        try (ChildService service = ChildService.start(List.of(), 1, dataDirectory);
             AwsJsonClient client = new AwsJsonClient(service.port())) {
            double startup = service.startupMillis();
            String status = client.call("DescribeExecution", Json.object().put("executionArn", filled.lastArn()))
                    .path("status").asText();
            String machine = filled.lastArn().substring(0, filled.lastArn().lastIndexOf(':'))
                    .replace(":execution:", ":stateMachine:");
            int listed = client.call("ListExecutions", Json.object().put("stateMachineArn", machine).put("maxResults", 100))
                    .path("executions").size();
            String[] settled = service.ask("settled");
            double heap = Double.parseDouble(settled[1]);
            boolean answers = status.equals("SUCCEEDED") && listed == Math.min(100, count);
            Verdict stored = new Verdict(String.format(Locale.ROOT, "the service on %,d stored executions", count),
                    String.format(Locale.ROOT, "start-up %.0f ms (target under %.0f), heap after GC %.1f MiB (target under"
                                    + " %.0f)%s", startup, STORED_STARTUP_MILLIS, heap, STORED_HEAP_MIB,
                            answers ? "" : "; the stored executions did not answer: " + status + ", " + listed + " listed"),
                    startup < STORED_STARTUP_MILLIS && heap < STORED_HEAP_MIB && answers);
            return List.of(bytes, stored);
        }
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
