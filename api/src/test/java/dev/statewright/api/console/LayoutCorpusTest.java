package dev.statewright.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every definition we have (the examples and the recorded AWS corpus) lays out without
 * overlapping nodes, edges through nodes or crowded labels, with Map and Parallel frames as wide
 * as their titles, and with a node for every state.
 */
class LayoutCorpusTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();

    @Test
    void everyDefinitionLaysOutCleanly() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : definitions()) {
            JsonNode definition = definitionOf(file);
            if (definition == null || !definition.path("States").isObject()) {
                continue;
            }
            checked++;
            JsonNode graph = Json.MAPPER.valueToTree(GraphLayout.of(definition));
            LayoutGeometry geometry = new LayoutGeometry(graph);
            geometry.overlappingNodes().forEach(p -> problems.add(ROOT.relativize(file) + ": " + p));
            geometry.edgesThroughNodes().forEach(p -> problems.add(ROOT.relativize(file) + ": " + p));
            geometry.crowdedLabels().forEach(p -> problems.add(ROOT.relativize(file) + ": " + p));
            int states = countStates(definition);
            long drawn = 0;
            for (JsonNode node : graph.get("nodes")) {
                if (node.get("kind").asText().equals("state") || node.get("kind").asText().equals("group")) {
                    drawn++;
                }
            }
            if (drawn != states) {
                problems.add(ROOT.relativize(file) + ": " + states + " states but " + drawn + " drawn");
            }
        }
        System.out.println("console: laid out " + checked + " definitions, " + problems.size() + " problems");
        assertThat(checked).isGreaterThan(300);
        assertThat(problems).isEmpty();
    }

    private static List<Path> definitions() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> examples = Files.list(ROOT.resolve("state-machines"))) {
            examples.map(dir -> dir.resolve("definition.json")).filter(Files::exists).forEach(files::add);
        }
        try (Stream<Path> cases = Files.list(ROOT.resolve("test-fixtures/conformance/cases"))) {
            cases.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        return files;
    }

    private static JsonNode definitionOf(Path file) throws IOException {
        JsonNode json = Json.parse(Files.readString(file));
        return file.getFileName().toString().equals("definition.json") ? json : json.get("definition");
    }

    private static int countStates(JsonNode machine) {
        int count = 0;
        for (JsonNode state : machine.path("States")) {
            count++;
            for (JsonNode branch : state.path("Branches")) {
                count += countStates(branch);
            }
            count += countStates(state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator"));
        }
        return count;
    }
}
