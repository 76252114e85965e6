package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A benchmark machine: its definition, its input and the output it must produce. The four
 * travel in the jar under {@code machines/}, copied from the shared benchmark set.
 */
public record BenchMachine(String name, String definition, String input, JsonNode expected) {

    public static final List<String> NAMES = List.of("pass-chain-10", "choice-loop-100", "map-1000", "parallel-4x5");

    /** Equal as JSON values: 1, 1.0 and 1e0 are the same number, as they are to AWS. */
    private static final Comparator<JsonNode> SAME_NUMBER = (left, right) -> {
        if (left.isNumber() && right.isNumber()) {
            return left.decimalValue().compareTo(right.decimalValue());
        }
        return left.equals(right) ? 0 : 1;
    };

    public static BenchMachine load(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no benchmark machine '" + name + "'; there are " + String.join(", ", NAMES));
        }
        return new BenchMachine(name, resource(name + ".json"), resource(name + ".input.json"),
                Json.parse(resource(name + ".expected.json")));
    }

    public static List<BenchMachine> load(List<String> names) {
        List<BenchMachine> machines = new ArrayList<>();
        names.forEach(name -> machines.add(load(name)));
        return machines;
    }

    /** Throws unless {@code output} is the expected output, so a wrong engine is never timed. */
    public void check(String mode, JsonNode output) {
        if (output == null || !expected.equals(SAME_NUMBER, output)) {
            String shown = output == null ? "no output" : Json.write(output);
            throw new OutputMismatchException(mode + ": " + name + " gave "
                    + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown)
                    + ", not its expected output; it is not timed");
        }
    }

    private static String resource(String file) {
        try (InputStream in = BenchMachine.class.getResourceAsStream("/machines/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the benchmark jar lacks machines/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
