package dev.statewright.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code statewright} command: its subcommands do the work. */
@Command(name = "statewright",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Runs Amazon States Language (AWS Step Functions) state machines on your machine.",
        subcommands = {ValidateCommand.class, RunCommand.class, TestCommand.class, ExportTestCommand.class,
                ServeCommand.class, RepairCommand.class,
                CommandLine.HelpCommand.class})
public final class Statewright implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in process. */
    public static CommandLine commandLine() {
        // @FILE is ours (--input @input.json), not picocli's argument-file expansion.
        return new CommandLine(new Statewright())
                .setExpandAtFiles(false)
                .setCaseInsensitiveEnumValuesAllowed(true) // --type express, --format JSON
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    commandLine.getErr().println("statewright: " + FailureMessages.oneLine(exception));
                    return ExitCodes.USAGE_OR_IO;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
