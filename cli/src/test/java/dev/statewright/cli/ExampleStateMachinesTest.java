package dev.statewright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every example in state-machines/ through {@code statewright run} and compares its output. */
class ExampleStateMachinesTest {

    @TestFactory
    Stream<DynamicTest> everyExampleProducesItsExpectedOutput() throws IOException {
        List<Path> examples;
        try (Stream<Path> folders = Files.list(projectRoot().resolve("state-machines"))) {
            examples = folders.filter(folder -> Files.exists(folder.resolve("definition.json"))).sorted()
                    .collect(Collectors.toList());
        }
        assertThat(examples).isNotEmpty();
        return examples.stream().map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exitCode = Statewright.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("run", folder.resolve("definition.json").toString(),
                            "--input", "@" + folder.resolve("input.json"));
            assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
            JsonNode expected = Json.MAPPER.readTree(folder.resolve("expected.json").toFile());
            assertThat(Json.parse(out.toString())).isEqualTo(expected);
        }));
    }

    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("state-machines"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("state-machines/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
