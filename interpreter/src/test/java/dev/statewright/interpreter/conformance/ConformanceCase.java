package dev.statewright.interpreter.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One recorded AWS execution from test-fixtures/conformance/cases. */
public record ConformanceCase(String name, JsonNode root) {

    public static ConformanceCase load(Path file) {
        try {
            return new ConformanceCase(file.getFileName().toString().replaceFirst("\\.json$", ""),
                    Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode definition() {
        return root.get("definition");
    }

    public JsonNode input() {
        return root.get("input");
    }

    public JsonNode expected() {
        return root.get("expected");
    }

    public List<String> features() {
        List<String> features = new ArrayList<>();
        root.path("features").forEach(feature -> features.add(feature.asText()));
        return features;
    }

    public boolean needsServices() {
        return root.path("needsServices").size() > 0;
    }

    public boolean usesJsonataOrVariables() {
        List<String> features = features();
        return features.contains("JSONata") || features.contains("Variables");
    }

    public List<String> externalActions() {
        List<String> actions = new ArrayList<>();
        root.path("externalActions").forEach(action -> actions.add(action.asText()));
        return actions;
    }

    /** JSON pointers (from the case's root) whose recorded values depend on the recording. */
    public Set<String> placeholders() {
        Set<String> pointers = new HashSet<>();
        root.path("placeholders").forEach(pointer -> pointers.add(pointer.asText()));
        return pointers;
    }

    public List<String> historyEventTypes() {
        if (!root.has("historyEventTypes")) {
            return null;
        }
        List<String> types = new ArrayList<>();
        root.get("historyEventTypes").forEach(type -> types.add(type.asText()));
        return types;
    }

    /** Whether AWS may order this case's events differently from run to run. */
    public boolean hasConcurrency() {
        return hasConcurrency(definition());
    }

    private static boolean hasConcurrency(JsonNode machine) {
        for (JsonNode state : machine.path("States")) {
            String type = state.path("Type").asText();
            if (type.equals("Parallel") && state.path("Branches").size() > 1) {
                return true;
            }
            if (type.equals("Map")) {
                boolean sequential = state.path("MaxConcurrency").asInt(0) == 1;
                if (!sequential && !state.path("ItemProcessor").path("ProcessorConfig").path("Mode").asText().equals("DISTRIBUTED")) {
                    return true;
                }
            }
            for (JsonNode branch : state.path("Branches")) {
                if (hasConcurrency(branch)) {
                    return true;
                }
            }
            if (state.has("ItemProcessor") && hasConcurrency(state.get("ItemProcessor"))) {
                return true;
            }
            if (state.has("Iterator") && hasConcurrency(state.get("Iterator"))) {
                return true;
            }
        }
        return false;
    }

    /** The cases the interpreter alone can run: no AWS service, no JSONata, no variables. */
    public static List<ConformanceCase> interpreterCases() {
        return allCases().stream().filter(c -> !c.needsServices())
                .collect(java.util.stream.Collectors.toList());
    }

    /** Every recorded execution, whatever it needs. */
    public static List<ConformanceCase> allCases() {
        return loadAll(casesFolder());
    }

    public static List<ConformanceCase> loadAll(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted()
                    .map(ConformanceCase::load)
                    .collect(java.util.stream.Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path casesFolder() {
        return fixtures().resolve("conformance/cases");
    }

    /** test-fixtures/ at the project's root, found from wherever the build runs. */
    public static Path fixtures() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("test-fixtures");
            if (Files.isDirectory(candidate.resolve("conformance"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("test-fixtures/conformance not found above " + Path.of("").toAbsolutePath());
    }
}
