package dev.statewright.cli;

import dev.statewright.api.testing.JUnitXmlReport;
import dev.statewright.api.testing.TestVerdict;
import dev.statewright.api.testing.WorkflowTest;
import dev.statewright.api.testing.WorkflowTestRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code statewright test}: runs workflow test files, in process, with time skipped. */
@Command(name = "test",
        mixinStandardHelpOptions = true,
        description = {"Runs workflow tests (*.test.json files: a definition, an input, a mock test case and the"
                + " expected end) in memory, skipping Waits and retry intervals, and prints one line per test.",
                "Exit code: 0 all passed, 1 any failed or could not run, 2 no test found."},
        footer = {"", "Example:",
                "  statewright test tests/",
                "  statewright test tests/ --junit-xml target/statewright-tests.xml",
                "  statewright export-test EXECUTION_ARN --endpoint http://127.0.0.1:8083 > tests/bug-42.test.json"})
final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Test files, or folders searched for *.test.json.")
    List<Path> paths;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write a JUnit XML report, for CI systems.")
    Path junitXml;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                err.println("statewright: no such file or folder: " + path);
                return ExitCodes.USAGE_OR_IO;
            }
            files.addAll(testFiles(path));
        }
        if (files.isEmpty()) {
            err.println("statewright: no *" + WorkflowTest.SUFFIX + " file in " + paths);
            return ExitCodes.USAGE_OR_IO;
        }
        List<TestVerdict> verdicts = new ArrayList<>();
        PrintStream stdout = System.out;
        try {
            // The JSONata library prints some diagnostics to System.out; stdout is for the verdicts.
            System.setOut(System.err);
            for (Path file : files) {
                TestVerdict verdict = runOne(file);
                verdicts.add(verdict);
                print(out, verdict);
            }
        } finally {
            System.setOut(stdout);
        }
        long passed = verdicts.stream().filter(TestVerdict::passed).count();
        long failed = verdicts.stream().filter(v -> !v.passed() && v.problem() == null).count();
        long broken = verdicts.size() - passed - failed;
        out.println(verdicts.size() + (verdicts.size() == 1 ? " test: " : " tests: ") + passed + " passed, "
                + failed + " failed" + (broken == 0 ? "" : ", " + broken + " could not run"));
        out.flush();
        if (junitXml != null) {
            try {
                JUnitXmlReport.write(junitXml, "statewright", verdicts);
            } catch (IOException e) {
                err.println("statewright: " + FailureMessages.oneLine(e));
                err.flush();
                return ExitCodes.USAGE_OR_IO;
            }
        }
        return passed == verdicts.size() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static TestVerdict runOne(Path file) {
        long started = System.nanoTime();
        try {
            return WorkflowTestRun.run(WorkflowTest.read(file));
        } catch (IllegalArgumentException e) {
            String name = file.getFileName().toString().replace(WorkflowTest.SUFFIX, "");
            return new TestVerdict(name, file.toString(), List.of(), e.getMessage(),
                    Duration.ofNanos(System.nanoTime() - started), null);
        }
    }

    private static void print(PrintWriter out, TestVerdict verdict) {
        String time = " (" + verdict.time().toMillis() + " ms)";
        if (verdict.passed()) {
            out.println("PASS   " + verdict.name() + time);
        } else if (verdict.problem() != null) {
            out.println("ERROR  " + verdict.name() + time + ": " + verdict.problem());
        } else {
            out.println("FAIL   " + verdict.name() + time + " in " + verdict.source());
            verdict.mismatches().forEach(m -> out.println("         " + m));
        }
        out.flush();
    }

    private static List<Path> testFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(WorkflowTest.SUFFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
