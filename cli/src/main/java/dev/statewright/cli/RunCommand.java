package dev.statewright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.api.integrations.MockConfig;
import dev.statewright.api.integrations.TaskIntegrations;
import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.InvalidDefinitionException;
import dev.statewright.interpreter.model.StateMachine;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code statewright run}: one execution, in memory, result on stdout. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Runs one execution of a state machine in memory and prints its output.",
                "The definition is validated first; an invalid one is reported as by 'validate'.",
                "Exit code: 0 succeeded, 1 failed (error and cause on stderr), 2 unreadable or invalid input."},
        footer = {"", "Example:",
                "  statewright run state-machines/order-router/definition.json --input '{\"total\": 120}'",
                "  statewright run machine.json --input @input.json --json",
                "  statewright run machine.json --mock-config mocks.json --test-case HappyPath --state-machine-name Orders",
                "  statewright run --mock-config mocks.json --list"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DEFINITION",
            description = "The ASL definition, a JSON file (not needed with --list).")
    Path definition;

    @Option(names = "--input", paramLabel = "JSON",
            description = "The execution input as JSON text, or @FILE to read it from a file (default: {}).")
    String input = "{}";

    @Option(names = "--json", description = "Print {\"status\",\"output\",\"error\",\"cause\"} instead of the output alone.")
    boolean json;

    @Option(names = "--trace", description = "Print each state entered and left, as it happens, on stderr.")
    boolean trace;

    @Option(names = "--mock-config", paramLabel = "FILE",
            description = "Mocked task responses in Step Functions Local's format (with --test-case).")
    Path mockConfig;

    @Option(names = "--test-case", paramLabel = "NAME",
            description = "The test case of --mock-config to run.")
    String testCase;

    @Option(names = "--state-machine-name", paramLabel = "NAME",
            description = "The machine's name in --mock-config and in the execution's ARN (default: the definition's"
                    + " file name, or its folder's for definition.json).")
    String stateMachineName;

    @Option(names = "--list", description = "Print the state machines and test cases --mock-config holds, and exit.")
    boolean list;

    @Mixin
    LambdaOption lambda = new LambdaOption();

    @Mixin
    EndpointOptions endpoints = new EndpointOptions();

    @Option(names = "--wait-time-scale", paramLabel = "F",
            description = "Scale Wait and retry intervals: 1 is real time, 0 skips them (default: 0).")
    double waitTimeScale;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            return list();
        }
        if (definition == null) {
            err.println("statewright: give the DEFINITION to run (or --mock-config FILE --list)");
            return ExitCodes.USAGE_OR_IO;
        }
        StateMachine machine;
        JsonNode inputJson;
        try {
            String text = read(definition);
            ValidationReport report = new DefinitionValidator().validate(text, StateMachineType.STANDARD);
            if (!report.valid()) {
                report.errors().forEach(d -> err.println(DiagnosticLines.format(definition.toString(), d)));
                err.flush();
                return ExitCodes.USAGE_OR_IO;
            }
            machine = DefinitionParser.parse(text);
            inputJson = input();
        } catch (NoSuchFileException e) {
            err.println("statewright: no such file: " + e.getFile());
            return ExitCodes.USAGE_OR_IO;
        } catch (IOException | IllegalArgumentException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        } catch (InvalidDefinitionException e) {
            err.println("statewright: " + definition + ": invalid definition: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        java.net.URI lambdaEndpoint;
        MockConfig mocks;
        try {
            lambdaEndpoint = lambda.resolve();
            mocks = mocks(machine);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        long startNanos = System.nanoTime();
        Engine.RunSettings settings = Engine.RunSettings.defaults().withTimeScale(waitTimeScale)
                .withNames(machineName(), null);
        if (trace) {
            settings = settings.withListener(new TraceLines(err, startNanos)::print);
        }
        AwsSdkTaskHandler awsSdk;
        try {
            awsSdk = new AwsSdkTaskHandler(endpoints.resolve(), "us-east-1");
        } catch (IllegalArgumentException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        try (awsSdk) {
            TaskHandlers handlers = TaskIntegrations.handlers(lambdaEndpoint, "us-east-1", "123456789012", awsSdk);
            return run(machine, inputJson, settings, mocks == null ? handlers
                    : mocks.handlers(machineName(), testCase, handlers));
        }
    }

    /** The input: JSON text, or @FILE; a bare file name gets a hint rather than a JSON parse error. */
    private JsonNode input() throws IOException {
        if (input.startsWith("@")) {
            return Json.MAPPER.readTree(read(Path.of(input.substring(1))));
        }
        try {
            return Json.MAPPER.readTree(input);
        } catch (IOException e) {
            if (Files.isRegularFile(Path.of(input)) || input.endsWith(".json")) {
                throw new IllegalArgumentException("--input '" + input + "' is not JSON; to read it from a file,"
                        + " add @: --input @" + input);
            }
            throw new IllegalArgumentException("--input is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The mock configuration checked against the machine, or null without --mock-config. */
    private MockConfig mocks(StateMachine machine) {
        if (testCase == null && mockConfig == null) {
            return null;
        }
        if (testCase == null || mockConfig == null) {
            throw new IllegalArgumentException("--mock-config and --test-case go together");
        }
        MockConfig mocks = MockConfig.load(mockConfig);
        String missing = mocks.missingTestCase(machineName(), testCase);
        if (missing != null) {
            throw new IllegalArgumentException(missing + (stateMachineName == null
                    ? "; the machine's name was taken from the file name: give it with --state-machine-name" : ""));
        }
        java.util.List<String> problems = mocks.problems(machineName(), testCase, machine);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator() + "statewright: ", problems));
        }
        return mocks;
    }

    private int list() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (mockConfig == null) {
            err.println("statewright: --list lists the test cases of --mock-config FILE");
            return ExitCodes.USAGE_OR_IO;
        }
        MockConfig mocks;
        try {
            mocks = MockConfig.load(mockConfig);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("statewright: " + FailureMessages.oneLine(e));
            return ExitCodes.USAGE_OR_IO;
        }
        mocks.testCases().forEach((machineName, cases) -> {
            out.println(machineName);
            cases.forEach((name, states) -> out.println("  " + name + ": " + String.join(", ",
                    states.entrySet().stream().map(e -> e.getKey() + " -> " + e.getValue()).toList())));
        });
        out.flush();
        return ExitCodes.OK;
    }

    private int run(StateMachine machine, JsonNode inputJson, Engine.RunSettings settings, TaskHandlers handlers) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExecutionResult result;
        java.io.PrintStream stdout = System.out;
        try {
            // The JSONata library prints some diagnostics to System.out; stdout is for the output alone.
            System.setOut(System.err);
            result = new Engine(handlers).run(machine, inputJson, settings);
        } finally {
            System.setOut(stdout);
        }
        if (json) {
            ObjectNode summary = Json.object().put("status", result.status().name());
            summary.set("output", result.output());
            summary.put("error", result.error());
            summary.put("cause", result.cause());
            out.println(Json.write(summary));
        } else if (result.status() == ExecutionStatus.SUCCEEDED) {
            out.println(Json.write(result.output()));
        } else {
            err.println(result.status() + (result.error() != null ? ": " + result.error() : "")
                    + (result.cause() != null ? ": " + result.cause() : ""));
        }
        out.flush();
        err.flush();
        return result.status() == ExecutionStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private String machineName() {
        if (stateMachineName != null) {
            return stateMachineName;
        }
        String file = definition.getFileName().toString().replaceFirst("\\.json$", "");
        Path parent = definition.toAbsolutePath().getParent();
        return file.equals("definition") && parent != null ? parent.getFileName().toString() : file;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

}
