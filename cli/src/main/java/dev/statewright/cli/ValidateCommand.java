package dev.statewright.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.TaskReadiness;
import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.InvalidDefinitionException;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.DiagnosticCodes;
import dev.statewright.interpreter.validation.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code statewright validate}: every problem in each definition, before anything runs. */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {"Checks ASL definitions and reports every problem with its line, column and JSON pointer.",
                "Exit code: 0 all valid, 1 any invalid, 2 a file that cannot be read or is not JSON."},
        footer = {"", "Example:",
                "  statewright validate state-machines/*/definition.json",
                "  statewright validate --type EXPRESS --format json machine.json"})
final class ValidateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "ASL definitions (JSON files).")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (one line per problem) or json (default: text).")
    Format format = Format.text;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "STANDARD or EXPRESS; EXPRESS machines may not use activities, .sync or .waitForTaskToken (default: STANDARD).")
    StateMachineType type = StateMachineType.STANDARD;

    @Mixin
    LambdaOption lambda = new LambdaOption();

    @Mixin
    EndpointOptions endpoints = new EndpointOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AwsSdkTaskHandler sdk;
        try {
            sdk = new AwsSdkTaskHandler(endpoints.resolve(), "us-east-1");
        } catch (IllegalArgumentException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        try (sdk) {
            return validate(out, err, sdk);
        }
    }

    private int validate(PrintWriter out, PrintWriter err, AwsSdkTaskHandler sdk) {
        DefinitionValidator validator = new DefinitionValidator();
        ArrayNode reports = Json.MAPPER.createArrayNode();
        int exitCode = ExitCodes.OK;
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                unreadable(file, "no such file", err, reports);
                exitCode = ExitCodes.USAGE_OR_IO;
                continue;
            } catch (IOException e) {
                unreadable(file, "cannot read it: " + FailureMessages.oneLine(e), err, reports);
                exitCode = ExitCodes.USAGE_OR_IO;
                continue;
            }
            ValidationReport report = validator.validate(text, type);
            List<TaskReadiness.Unready> unready = report.valid() ? unready(text, sdk) : List.of();
            if (format == Format.json) {
                ObjectNode json = asJson(file, report);
                unready.forEach(task -> ((ArrayNode) json.get("diagnostics")).addObject().put("severity", "WARNING")
                        .put("code", "TASK_NEEDS_SETUP").put("message", message(task)));
                reports.add(json);
            } else if (report.diagnostics().isEmpty() && unready.isEmpty()) {
                out.println(file + ": valid");
            } else {
                report.diagnostics().forEach(d -> out.println(DiagnosticLines.format(file.toString(), d)));
                unready.forEach(task -> out.println(file + ": warning: " + message(task)));
            }
            if (isNotJson(report)) {
                exitCode = ExitCodes.USAGE_OR_IO;
            } else if (!report.valid() && exitCode == ExitCodes.OK) {
                exitCode = ExitCodes.FAILED;
            }
        }
        if (format == Format.json) {
            out.println(Json.write(Json.object().set("files", reports)));
        }
        out.flush();
        err.flush();
        return exitCode;
    }

    /** A file that cannot be read: on stderr, and in the JSON report too, so a tool reading it sees every file. */
    private void unreadable(Path file, String problem, PrintWriter err, ArrayNode reports) {
        err.println("statewright: " + file + ": " + problem);
        if (format == Format.json) {
            reports.add(Json.object().put("file", file.toString()).put("result", "UNREADABLE").put("error", problem));
        }
    }

    /** The Task states this engine cannot call as set up (a warning: the exit code does not change). */
    private List<TaskReadiness.Unready> unready(String text, AwsSdkTaskHandler sdk) {
        try {
            return TaskReadiness.check(DefinitionParser.parse(text), sdk, lambda.resolve() != null);
        } catch (InvalidDefinitionException unsupported) {
            return List.of(); // valid ASL this engine cannot run: the run says so
        }
    }

    private static String message(TaskReadiness.Unready task) {
        return "the state '" + task.stateName() + "' (" + task.resource() + ") cannot be called as set up: "
                + task.why();
    }

    private static boolean isNotJson(ValidationReport report) {
        return report.errors().stream().anyMatch(d -> DiagnosticCodes.INVALID_JSON_DESCRIPTION.equals(d.code()));
    }

    private static ObjectNode asJson(Path file, ValidationReport report) {
        ObjectNode result = Json.object().put("file", file.toString()).put("result", report.result());
        ArrayNode diagnostics = result.putArray("diagnostics");
        for (Diagnostic d : report.diagnostics()) {
            ObjectNode node = diagnostics.addObject().put("severity", d.severity().name()).put("code", d.code())
                    .put("message", d.message());
            if (d.location() != null) {
                node.put("location", d.location());
            }
            if (d.line() > 0) {
                node.put("line", d.line()).put("column", d.column());
            }
        }
        return result;
    }
}
