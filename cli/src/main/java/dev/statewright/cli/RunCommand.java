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
                "  statewright run machine.json --input @input.json --json"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEFINITION", description = "The ASL definition, a JSON file.")
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
            description = "The test case of --mock-config to run, under the state machine named after the file"
                    + " (its folder, for definition.json).")
    String testCase;

    @Mixin
    LambdaOption lambda = new LambdaOption();

    @Mixin
    EndpointOptions endpoints = new EndpointOptions();

    @Option(names = "--wait-time-scale", paramLabel = "F",
            description = "Scale Wait and retry intervals: 1 is real time, 0 skips them (default: 0).")
    double waitTimeScale;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
            inputJson = Json.MAPPER.readTree(input.startsWith("@") ? read(Path.of(input.substring(1))) : input);
        } catch (NoSuchFileException e) {
            err.println("statewright: no such file: " + e.getFile());
            return ExitCodes.USAGE_OR_IO;
        } catch (IOException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        } catch (InvalidDefinitionException e) {
            err.println("statewright: " + definition + ": invalid definition: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        long startNanos = System.nanoTime();
        Engine.RunSettings settings = Engine.RunSettings.defaults().withTimeScale(waitTimeScale)
                .withNames(machineName(), null);
        if (trace) {
            settings = settings.withListener(event -> trace(err, event, startNanos));
        }
        AwsSdkTaskHandler awsSdk;
        try {
            awsSdk = new AwsSdkTaskHandler(endpoints.resolve(), "us-east-1");
        } catch (IllegalArgumentException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        try (awsSdk) {
            return run(machine, inputJson, settings, TaskIntegrations.handlers(lambda.resolve(), "us-east-1",
                    "123456789012", awsSdk));
        }
    }

    private int run(StateMachine machine, JsonNode inputJson, Engine.RunSettings settings, TaskHandlers handlers) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (testCase != null || mockConfig != null) {
            if (testCase == null || mockConfig == null) {
                err.println("statewright: --mock-config and --test-case go together");
                return ExitCodes.USAGE_OR_IO;
            }
            try {
                handlers = MockConfig.load(mockConfig).handlers(machineName(), testCase, handlers);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                err.println("statewright: " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            }
        }
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
        String file = definition.getFileName().toString().replaceFirst("\\.json$", "");
        Path parent = definition.toAbsolutePath().getParent();
        return file.equals("definition") && parent != null ? parent.getFileName().toString() : file;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    private static void trace(PrintWriter err, HistoryEvent event, long startNanos) {
        String type = event.type();
        if (!type.endsWith("StateEntered") && !type.endsWith("StateExited") && !type.startsWith("Execution")) {
            return;
        }
        String name = event.details() != null && event.details().has("name") ? " " + event.details().get("name").asText() : "";
        err.printf("%8.3f ms  %-22s%s%n", (System.nanoTime() - startNanos) / 1e6, type, name);
        err.flush();
    }
}
