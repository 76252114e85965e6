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
        assertThat(err.toString()).contains("No test case 'Nope'");
    }
}
