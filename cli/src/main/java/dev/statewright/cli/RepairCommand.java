package dev.statewright.cli;

import dev.statewright.api.store.DataDirectoryLock;
import dev.statewright.api.store.StoreRepair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code statewright repair}: salvages a data directory whose log is damaged. */
@Command(name = "repair",
        mixinStandardHelpOptions = true,
        description = {"Salvages a data directory that `serve` refuses to open because its log is damaged: every",
                "intact execution, state machine and activity is kept, what the damage took is reported, and the",
                "damaged files are set aside (never deleted) in DIR/damaged-<time>/ with the report.",
                "Stop every service on the directory first. A directory without damage is left as it is."},
        footer = {"", "Exit status: 0 nothing was lost (or nothing was damaged), 1 some executions were lost,",
                "2 the repair could not run.", "", "Example:",
                "  statewright repair --data-dir ./statewright-data"})
final class RepairCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory to repair (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("statewright-data");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dataDir)) {
            err.println("statewright: there is no data directory " + dataDir.toAbsolutePath());
            return ExitCodes.USAGE_OR_IO;
        }
        StoreRepair.Report report;
        try {
            report = StoreRepair.repair(dataDir);
        } catch (DataDirectoryLock.DataDirectoryInUseException e) {
            err.println("statewright: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        } catch (RuntimeException e) {
            err.println("statewright: the repair of " + dataDir.toAbsolutePath() + " failed: " + e
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return ExitCodes.USAGE_OR_IO;
        }
        out.print(report.describe());
        out.flush();
        return report.lostSomething() ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
