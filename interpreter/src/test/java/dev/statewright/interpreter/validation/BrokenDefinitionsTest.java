package dev.statewright.interpreter.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One dynamic test per file of test-fixtures/broken-definitions: each holds a definition that
 * breaks (as far as possible) exactly one rule, and the complete list of diagnostics the
 * validator must give for it, compared as a multiset of code, location and message. Each
 * diagnostic's line and column must also point at its location in the text validated.
 */
class BrokenDefinitionsTest {
    private static final int MINIMUM_FILES = 50;

    private final DefinitionValidator validator = new DefinitionValidator();

    @TestFactory
    Stream<DynamicTest> eachBrokenDefinitionGivesExactlyItsDiagnostics() {
        return files().stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString().replaceFirst("\\.json$", ""), file.toUri(), () -> check(file)));
    }

    @Test
    void thereAreEnoughBrokenDefinitions() {
        assertThat(files()).hasSizeGreaterThanOrEqualTo(MINIMUM_FILES);
    }

    private void check(Path file) throws IOException {
        JsonNode fixture = Json.MAPPER.readTree(file.toFile());
        assertThat(fixture.path("description").asText()).as("description of %s", file).isNotBlank();
        JsonNode definition = fixture.get("definition");
        assertThat(definition).as("definition of %s", file).isNotNull();
        JsonNode expected = fixture.get("expected");
        assertThat(expected != null && expected.isArray() && !expected.isEmpty())
                .as("%s must list at least one expected diagnostic", file).isTrue();

        // Pretty-printed, so that positions are spread over lines and columns.
        String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
        ValidationReport report = validator.validate(text, type(fixture));

        List<String> wanted = new ArrayList<>();
        for (JsonNode diagnostic : expected) {
            wanted.add(key(diagnostic.path("severity").asText("ERROR"), diagnostic.path("code").asText(),
                    diagnostic.path("location").asText(), diagnostic.path("message").asText()));
        }
        List<String> actual = report.diagnostics().stream()
                .map(d -> key(d.severity().name(), d.code(), d.location(), d.message()))
                .collect(Collectors.toList());
        assertThat(actual).as("diagnostics of %s for%n%s", file.getFileName(), text)
                .containsExactlyInAnyOrderElementsOf(wanted);
        assertThat(report.valid()).isFalse();
        assertThat(report.result()).isEqualTo("FAIL");

        // JSON breaks lines at \n and \r only (\R would also break at U+0085, which a name may hold).
        List<String> lines = List.of(text.split("\r?\n|\r", -1));
        for (Diagnostic diagnostic : report.diagnostics()) {
            assertThat(pointsAt(lines, diagnostic))
                    .as("%s at line %d, column %d should point at %s in%n%s", diagnostic.code(), diagnostic.line(),
                            diagnostic.column(), diagnostic.location(), text)
                    .isTrue();
        }
    }

    private static String key(String severity, String code, String location, String message) {
        return severity + " " + code + " at " + location + ": " + message;
    }

    /**
     * Whether the diagnostic's line and column are where its JSON pointer is in the text: the
     * opening brace for the root, the quoted key for a field, the value itself for an array item.
     */
    private static boolean pointsAt(List<String> lines, Diagnostic diagnostic) throws JsonProcessingException {
        if (diagnostic.line() < 1 || diagnostic.line() > lines.size() || diagnostic.column() < 1) {
            return false;
        }
        String line = lines.get(diagnostic.line() - 1);
        if (diagnostic.column() > line.length()) {
            return false;
        }
        String there = line.substring(diagnostic.column() - 1);
        String location = diagnostic.location();
        if ("/".equals(location)) {
            return diagnostic.line() == 1 && diagnostic.column() == 1 && there.startsWith("{");
        }
        String last = location.substring(location.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
        if (there.startsWith(Json.MAPPER.writeValueAsString(last) + " :")) {
            return true;
        }
        // An array item: the value begins there (no key, as an item has none).
        return last.matches("\\d+") && !there.isBlank() && !Character.isWhitespace(there.charAt(0))
                && !there.matches("\"[^\"]*\" :.*");
    }

    private static StateMachineType type(JsonNode fixture) {
        return StateMachineType.valueOf(fixture.path("stateMachineType").asText("STANDARD"));
    }

    static List<Path> files() {
        Path folder = fixtures().resolve("broken-definitions");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** test-fixtures/ at the project's root, found from wherever the build runs. */
    static Path fixtures() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("test-fixtures");
            if (Files.isDirectory(candidate.resolve("broken-definitions"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("test-fixtures/broken-definitions not found above " + Path.of("").toAbsolutePath());
    }
}
