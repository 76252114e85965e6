package dev.statewright.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code statewright test}: the test file format, one line per test, the summary, exit codes and the JUnit XML. */
class TestCommandTest {
    private static final String MACHINE = """
            {"StartAt": "Charge", "States": {
              "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
                "Retry": [{"ErrorEquals": ["Bank.Busy"], "IntervalSeconds": 3600, "MaxAttempts": 2}],
                "OutputPath": "$.Payload", "Next": "Wait"},
              "Wait": {"Type": "Wait", "Seconds": 86400, "Next": "Done"},
              "Done": {"Type": "Pass", "End": true}}}
            """;
    private static final String MOCKS = """
            {"StateMachines": {"billing": {"TestCases": {
               "BusyThenPaid": {"Charge": "BusyThenPaid"}}}},
             "MockedResponses": {"BusyThenPaid": {
               "0": {"Throw": {"Error": "Bank.Busy", "Cause": "later"}},
               "1": {"Return": {"StatusCode": 200, "Payload": {"paid": 42}}}}}}
            """;

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void passingAndFailingTestsAreOneLineEachWithASummaryAndAJUnitReport() throws IOException {
        file("billing/definition.json", MACHINE);
        file("billing/mocks.json", MOCKS);
        file("billing/paid.test.json", """
                {"definition": "definition.json", "input": {"card": "ok"},
                 "mockConfig": "mocks.json", "testCase": "BusyThenPaid",
                 "expect": {"status": "SUCCEEDED", "output": {"paid": 42.0}, "path": ["Charge", "Wait", "Done"]}}
                """);
        file("billing/wrong.test.json", """
                {"name": "expects the wrong amount", "definition": "definition.json",
                 "mockConfig": "mocks.json", "testCase": "BusyThenPaid",
                 "expect": {"status": "SUCCEEDED", "output": {"paid": 41}, "path": ["Charge", "Done"]}}
                """);
        file("unmocked.test.json", """
                {"definition": {"StartAt": "T", "States": {"T": {"Type": "Task",
                   "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}},
                 "expect": {"status": "FAILED", "error": "States.TaskFailed"}}
                """);
        Path report = dir.resolve("report.xml");
        long started = System.nanoTime();
        ExportedExecutionsTest.Cli run = ExportedExecutionsTest.Cli.run("test", dir.toString(), "--junit-xml", report.toString());
        assertThat((System.nanoTime() - started) / 1_000_000_000.0).as("a day of waits and an hour of back-off, skipped")
                .isLessThan(30);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("PASS   paid \\(\\d+ ms\\)")
                .containsPattern("FAIL   expects the wrong amount \\(\\d+ ms\\) in .*wrong.test.json")
                .contains("         expected output {\"paid\":41}, got {\"paid\":42}",
                        "         expected the path [Charge, Done], went [Charge, Wait, Done] (state 2: expected Done, went to Wait)")
                .containsPattern("PASS   unmocked \\(\\d+ ms\\)")
                .endsWith("3 tests: 2 passed, 1 failed" + System.lineSeparator());
        String xml = Files.readString(report);
        assertThat(xml).contains("<testsuite name=\"statewright\" tests=\"3\" failures=\"1\" errors=\"0\"",
                "<testcase name=\"expects the wrong amount\"", "<failure message=\"expected output {&quot;paid&quot;:41}");
    }

    @Test
    void aTestFileThatIsWrongIsAnErrorNamingTheFileAndWhy() throws IOException {
        file("typo.test.json", """
                {"definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                 "expect": {"status": "SUCCEEDED", "ouptut": {}}}
                """);
        file("missing.test.json", """
                {"definition": "nowhere.json", "expect": {"status": "SUCCEEDED"}}
                """);
        file("misfit.test.json", """
                {"definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                 "mockConfig": {"StateMachines": {"M": {"TestCases": {"T": {"Q": "R"}}}},
                                "MockedResponses": {"R": {"0": {"Return": 1}}}},
                 "testCase": "T", "expect": {"status": "SUCCEEDED"}}
                """);
        ExportedExecutionsTest.Cli run = ExportedExecutionsTest.Cli.run("test", dir.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR  typo", "unknown field \"expect.ouptut\"",
                "ERROR  missing", "the definition file " + dir.resolve("nowhere.json") + " does not exist",
                "ERROR  misfit", "test case 'T' of 'M': state 'Q': there is no such state",
                "3 tests: 0 passed, 0 failed, 3 could not run");
    }

    @Test
    void noTestsIsAUsageError() {
        ExportedExecutionsTest.Cli run = ExportedExecutionsTest.Cli.run("test", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no *.test.json file");
    }
}
