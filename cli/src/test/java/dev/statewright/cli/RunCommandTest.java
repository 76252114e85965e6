package dev.statewright.cli;

import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Statewright.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void printsTheOutputOfASucceededExecution() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"doubled.$": "States.MathAdd($.n, $.n)"}, "End": true}}}
                """);
        assertThat(run("run", machine.toString(), "--input", "{\"n\": 21}")).isZero();
        assertThat(Json.parse(out.toString())).isEqualTo(Json.parse("{\"doubled\": 42}"));
    }

    @Test
    void aServiceWithoutAnEndpointFailsTheTaskSayingHowToGiveOne() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "http://q", "MessageBody": "x"}, "End": true}}}
                """);
        assertThat(run("run", machine.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("States.TaskFailed", "'Send'", "--endpoint sqs=", "--allow-aws");
    }

    @Test
    void aMalformedEndpointIsAUsageError() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
                """);
        assertThat(run("run", machine.toString(), "--endpoint", "sqs")).isEqualTo(2);
        assertThat(err.toString()).contains("SERVICE=URL");
    }

    @Test
    void failedExecutionPrintsErrorAndCauseOnStderrAndExitsOne() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "it broke"}}}
                """);
        assertThat(run("run", machine.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("FAILED: Boom: it broke");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void jsonFlagPrintsStatusOutputErrorAndCause() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}
                """);
        assertThat(run("run", machine.toString(), "--json")).isEqualTo(1);
        assertThat(Json.parse(out.toString()))
                .isEqualTo(Json.parse("{\"status\":\"FAILED\",\"output\":null,\"error\":\"Boom\",\"cause\":null}"));
    }

    @Test
    void inputCanComeFromAFile() throws IOException {
        Path machine = file("m.json", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        Path input = file("in.json", "[1, 2]");
        assertThat(run("run", machine.toString(), "--input", "@" + input)).isZero();
        assertThat(Json.parse(out.toString())).isEqualTo(Json.parse("[1, 2]"));
    }

    @Test
    void traceShowsEachStateOnStderr() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}
                """);
        assertThat(run("run", machine.toString(), "--trace")).isZero();
        assertThat(err.toString()).contains("PassStateEntered", "A", "SucceedStateExited", "B", "ExecutionSucceeded");
    }

    @Test
    void missingFileIsAUsageErrorWithoutAStackTrace() {
        assertThat(run("run", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file").doesNotContain("Exception");
    }

    @Test
    void inputThatIsNotJsonIsAUsageError() throws IOException {
        Path machine = file("m.json", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        assertThat(run("run", machine.toString(), "--input", "{nope")).isEqualTo(2);
        assertThat(err.toString()).startsWith("statewright:");
    }

    @Test
    void invalidDefinitionIsReportedAsValidateReportsItAndNothingRuns() throws IOException {
        Path machine = file("m.json", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Nope\"}}}");
        assertThat(run("run", machine.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(machine + ":1:35: error SCHEMA_VALIDATION_FAILED: The field 'Type' should"
                + " have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/P/Type");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aJsonataDefinitionRunsWithItsVariables() throws IOException {
        Path machine = file("m.json", """
                {"QueryLanguage": "JSONata", "StartAt": "Keep", "States": {
                  "Keep": {"Type": "Pass", "Assign": {"total": "{% $sum($states.input.prices) %}"}, "Next": "Show"},
                  "Show": {"Type": "Pass", "Output": {"total": "{% $total %}", "count": "{% $count($states.input.prices) %}"},
                           "End": true}}}
                """);
        assertThat(run("run", machine.toString(), "--input", "{\"prices\": [2, 3.5, 4]}")).isZero();
        assertThat(Json.parse(out.toString())).isEqualTo(Json.parse("{\"total\": 9.5, \"count\": 3}"));
    }

    @Test
    void aMockConfigTestCaseAnswersTheTasksItNames() {
        Path example = ExampleStateMachinesTest.projectRoot().resolve("state-machines/retry-with-backoff");
        assertThat(run("run", example.resolve("definition.json").toString(), "--input", "@" + example.resolve("input.json"),
                "--mock-config", example.resolve("mock-config.json").toString(), "--test-case", "RecoversOnThirdTry")).isZero();
        assertThat(Json.parse(out.toString()).get("stock")).isEqualTo(Json.parse("{\"available\": 3, \"source\": \"live\"}"));
    }

    @Test
    void aMockTestCaseThatDoesNotExistIsAUsageError() {
        Path example = ExampleStateMachinesTest.projectRoot().resolve("state-machines/retry-with-backoff");
        assertThat(run("run", example.resolve("definition.json").toString(),
                "--mock-config", example.resolve("mock-config.json").toString(), "--test-case", "Nope")).isEqualTo(2);
        assertThat(err.toString()).contains("no test case 'Nope'", "mock-config.json", "RecoversOnThirdTry");
    }

    @Test
    void theMachinesNameForTheMockFileCanBeGiven() throws IOException {
        Path example = ExampleStateMachinesTest.projectRoot().resolve("state-machines/retry-with-backoff");
        Path copy = Files.copy(example.resolve("definition.json"), dir.resolve("inventory.json"));
        assertThat(run("run", copy.toString(), "--input", "@" + example.resolve("input.json"),
                "--mock-config", example.resolve("mock-config.json").toString(), "--test-case", "RecoversOnThirdTry"))
                .as("named after the file, inventory is not in the mock file").isEqualTo(2);
        assertThat(err.toString()).contains("no state machine 'inventory'", "retry-with-backoff", "--state-machine-name");
        assertThat(run("run", copy.toString(), "--input", "@" + example.resolve("input.json"),
                "--mock-config", example.resolve("mock-config.json").toString(), "--test-case", "RecoversOnThirdTry",
                "--state-machine-name", "retry-with-backoff")).isZero();
        assertThat(Json.parse(out.toString()).path("stock").path("source").asText()).isEqualTo("live");
    }

    @Test
    void listPrintsTheMachinesAndTestCasesOfTheMockFile() {
        Path example = ExampleStateMachinesTest.projectRoot().resolve("state-machines/retry-with-backoff");
        assertThat(run("run", "--mock-config", example.resolve("mock-config.json").toString(), "--list")).isZero();
        assertThat(out.toString()).isEqualToNormalizingNewlines("""
                retry-with-backoff
                  RecoversOnThirdTry: CheckInventory -> BusyTwiceThenStock
                  AlwaysBusy: CheckInventory -> AlwaysBusy
                """);
    }

    @Test
    void aTestCaseThatDoesNotFitTheMachineIsRefusedNamingFileTestCaseAndState() throws IOException {
        Path machine = file("orders.json", """
                {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "charge"}, "Next": "Done"}, "Done": {"Type": "Succeed"}}}
                """);
        Path mocks = file("mocks.json", """
                {"StateMachines": {"orders": {"TestCases": {"Typo": {"Chrage": "Ok"}, "NoPayload": {"Charge": "Bare"},
                                                            "NotATask": {"Done": "Ok"}}}},
                 "MockedResponses": {"Ok": {"0": {"Return": {"Payload": {"ok": true}}}}, "Bare": {"0": {"Return": {"ok": true}}}}}
                """);
        assertThat(run("run", machine.toString(), "--mock-config", mocks.toString(), "--test-case", "Typo")).isEqualTo(2);
        assertThat(err.toString()).contains(mocks + ": test case 'Typo' of 'orders': state 'Chrage': there is no such state",
                "(there are: Charge)");
        assertThat(run("run", machine.toString(), "--mock-config", mocks.toString(), "--test-case", "NoPayload")).isEqualTo(2);
        assertThat(err.toString()).contains("test case 'NoPayload' of 'orders': state 'Charge': the mocked response 'Bare'",
                "needs a Payload");
        assertThat(run("run", machine.toString(), "--mock-config", mocks.toString(), "--test-case", "NotATask")).isEqualTo(2);
        assertThat(err.toString()).contains("state 'Done': is a Succeed state; only Task states can be mocked")
                .doesNotContain("Exception");
    }

    @Test
    void anInputFileWithoutAtIsToldToAddIt() throws IOException {
        Path machine = file("m.json", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        file("input.json", "{\"n\": 1}");
        assertThat(run("run", machine.toString(), "--input", dir.resolve("input.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("add @: --input @" + dir.resolve("input.json"));
    }

    @Test
    void aLambdaEndpointWithoutASchemeIsRefusedBeforeAnythingRuns() throws IOException {
        Path machine = file("m.json", "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
        assertThat(run("run", machine.toString(), "--lambda-endpoint", "localhost:3001")).isEqualTo(2);
        assertThat(err.toString()).contains("--lambda-endpoint 'localhost:3001' needs a scheme and a host",
                "http://localhost:3001");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void traceShowsFailuresRetriesWithTheirBackOffCatchesIterationsAndBranchesByScope() throws IOException {
        Path machine = file("m.json", """
                {"StartAt": "Checks", "States": {
                 "Checks": {"Type": "Parallel", "ResultPath": null, "Next": "Fan", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]},
                 "Fan": {"Type": "Map", "ItemsPath": "$.items", "End": true, "ItemProcessor": {"StartAt": "Call", "States": {
                    "Call": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:x",
                      "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 1}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Fallback"}], "End": true},
                    "Fallback": {"Type": "Pass", "End": true}}}}}}
                """);
        assertThat(run("run", machine.toString(), "--input", "{\"items\": [1, 2]}", "--trace")).isZero();
        String trace = err.toString();
        assertThat(trace).contains("    branch 2 of Checks", "      Checks branch 2: PassStateEntered B",
                "    iteration 1 started", "      Fan[1]: TaskStateEntered Call",
                "        Fan[0]: failed States.TaskFailed: ", "        Fan[0]: retry 1 after 3 s (States.TaskFailed)",
                "        Fan[1]: caught States.TaskFailed", "      Fan[1]: PassStateEntered Fallback",
                "    iteration 0 succeeded", "  ExecutionSucceeded");
    }
}
