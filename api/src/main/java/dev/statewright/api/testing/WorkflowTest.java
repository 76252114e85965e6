package dev.statewright.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.MockConfig;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One workflow test, as a {@code *.test.json} file holds it (README, "Workflow tests"):
 * <pre>
 * {"name": "...", "definition": "definition.json" or {ASL}, "stateMachineName": "...",
 *  "input": {...}, "mockConfig": "mocks.json" or {Step Functions Local's format}, "testCase": "...",
 *  "expect": {"status": "SUCCEEDED", "output": ..., "error": "...", "cause": "...", "path": ["A", "B"]}}
 * </pre>
 * Files named in it are read relative to the test file.
 *
 * @param source           where it came from (the file), as messages name it
 * @param stateMachineName the machine's name for the mock file and the execution's ARN
 * @param mocks            the mock configuration, or null (then testCase is null)
 */
public record WorkflowTest(String name, String source, String definition, String stateMachineName, JsonNode input,
                           MockConfig mocks, String testCase, Expectation expect) {
    private static final Set<String> FIELDS = Set.of("name", "comment", "definition", "stateMachineName", "input",
            "mockConfig", "testCase", "expect");
    private static final Set<String> EXPECT_FIELDS = Set.of("status", "output", "error", "cause", "path");
    public static final String SUFFIX = ".test.json";

    /**
     * What the execution must end with; a null field is not checked (status always is).
     *
     * @param path the names of the states entered, in the order of their StateEntered events
     */
    public record Expectation(ExecutionStatus status, JsonNode output, String error, String cause, List<String> path) {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong in it */
    public static WorkflowTest read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return of(root, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * A test from its JSON; {@code base} is where named files are read from.
     *
     * @throws IllegalArgumentException naming the source and what is wrong
     */
    public static WorkflowTest of(JsonNode root, String source, Path base) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a test is a JSON object with definition, input and expect");
        }
        unknownFields(source, root, FIELDS, "");
        String name = root.hasNonNull("name") ? root.get("name").asText() : defaultName(source);
        JsonNode definitionNode = root.path("definition");
        String definition;
        String definitionFile = null;
        if (definitionNode.isTextual()) {
            definitionFile = definitionNode.asText();
            definition = readNamed(source, base, definitionFile, "definition");
        } else if (definitionNode.isObject()) {
            definition = Json.write(definitionNode);
        } else {
            throw new IllegalArgumentException(source + ": \"definition\" must be a file name or the ASL definition itself");
        }
        MockConfig mocks = null;
        JsonNode mockNode = root.path("mockConfig");
        if (mockNode.isTextual()) {
            Path mockFile = base.resolve(mockNode.asText());
            mocks = MockConfig.parse(readNamed(source, base, mockNode.asText(), "mockConfig"), mockFile.toString());
        } else if (mockNode.isObject()) {
            mocks = MockConfig.parse(Json.write(mockNode), source + " (mockConfig)");
        } else if (!mockNode.isMissingNode() && !mockNode.isNull()) {
            throw new IllegalArgumentException(source + ": \"mockConfig\" must be a file name or the mock configuration itself");
        }
        String testCase = root.hasNonNull("testCase") ? root.get("testCase").asText() : null;
        if ((mocks == null) != (testCase == null)) {
            throw new IllegalArgumentException(source + ": \"mockConfig\" and \"testCase\" go together");
        }
        String machineName = root.hasNonNull("stateMachineName") ? root.get("stateMachineName").asText()
                : mocks != null && mocks.testCases().size() == 1 ? mocks.testCases().keySet().iterator().next()
                : definitionFile != null ? fileStem(base.resolve(definitionFile)) : "StateMachine";
        JsonNode input = root.has("input") ? root.get("input") : Json.object();
        return new WorkflowTest(name, source, definition, machineName, input, mocks, testCase,
                expectation(source, root.path("expect")));
    }

    private static Expectation expectation(String source, JsonNode expect) {
        if (!expect.isObject() || !expect.hasNonNull("status")) {
            throw new IllegalArgumentException(source + ": \"expect\" must give at least the \"status\" (SUCCEEDED, FAILED,"
                    + " TIMED_OUT)");
        }
        unknownFields(source, expect, EXPECT_FIELDS, "expect.");
        ExecutionStatus status;
        try {
            status = ExecutionStatus.valueOf(expect.get("status").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": expect.status '" + expect.get("status").asText()
                    + "' is not SUCCEEDED, FAILED, TIMED_OUT or ABORTED");
        }
        List<String> path = null;
        if (expect.has("path")) {
            if (!expect.get("path").isArray()) {
                throw new IllegalArgumentException(source + ": expect.path must be an array of state names");
            }
            path = new ArrayList<>();
            for (JsonNode state : expect.get("path")) {
                path.add(state.asText());
            }
        }
        return new Expectation(status, expect.has("output") ? expect.get("output") : null,
                expect.hasNonNull("error") ? expect.get("error").asText() : null,
                expect.hasNonNull("cause") ? expect.get("cause").asText() : null, path == null ? null : List.copyOf(path));
    }

    private static void unknownFields(String source, JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!known.contains(field)) {
                throw new IllegalArgumentException(source + ": unknown field \"" + prefix + field + "\" (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String readNamed(String source, Path base, String name, String field) {
        Path file = base.resolve(name);
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(source + ": the " + field + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": cannot read the " + field + " file " + file + ": " + e.getMessage());
        }
    }

    private static String defaultName(String source) {
        String file = Path.of(source).getFileName().toString();
        return file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : file;
    }

    /** A definition's machine name: the file's name, or its folder's for definition.json. */
    private static String fileStem(Path file) {
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        Path parent = file.toAbsolutePath().normalize().getParent();
        return stem.equals("definition") && parent != null && parent.getFileName() != null
                ? parent.getFileName().toString() : stem;
    }

    /** The test as the JSON a file holds, with the definition and mocks written inline. */
    public static ObjectNode toJson(String name, JsonNode definition, String stateMachineName, JsonNode input,
                                    JsonNode mockConfig, String testCase, ObjectNode expect) {
        ObjectNode test = Json.object().put("name", name);
        test.set("definition", definition);
        test.put("stateMachineName", stateMachineName);
        test.set("input", input);
        if (mockConfig != null) {
            test.set("mockConfig", mockConfig);
            test.put("testCase", testCase);
        }
        test.set("expect", expect);
        return test;
    }
}
