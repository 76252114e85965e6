package dev.statewright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {
    private static final String VALID = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
            """;
    private static final String BROKEN = """
            {
              "StartAt": "Charge",
              "States": {
                "Charge": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}],
                  "Next": "Ship"
                }
              }
            }
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int validate(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "validate";
        System.arraycopy(args, 0, full, 1, args.length);
        return Statewright.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(full);
    }

    private String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    @Test
    void validFileExitsZero() throws IOException {
        String machine = file("ok.json", VALID);
        assertThat(validate(machine)).isZero();
        assertThat(out.toString().trim()).isEqualTo(machine + ": valid");
    }

    @Test
    void tasksThatCannotBeCalledAsSetUpAreWarningsThatKeepTheExitCode() throws IOException {
        String machine = file("tasks.json", """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Send",
                  "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                                      "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "Next": "Get"},
                             "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                                     "Parameters": {"Bucket": "b", "Key": "k"}, "Next": "Fn"},
                             "Fn": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                                    "Next": "Http"},
                             "Http": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                                      "Parameters": {"ApiEndpoint": "http://localhost", "Method": "GET"}, "End": true}}}]}}}
                """);
        assertThat(validate(machine)).isZero();
        assertThat(out.toString()).contains("'Send'", "--endpoint sqs=", "'Get'", "'Fn'", "--lambda-endpoint")
                .doesNotContain("'Http'").doesNotContain(": valid");

        out.getBuffer().setLength(0);
        assertThat(validate(machine, "--endpoint", "sqs=http://localhost:9324", "--endpoint",
                "s3=http://localhost:9000", "--lambda-endpoint", "http://localhost:3001")).isZero();
        assertThat(out.toString().trim()).isEqualTo(machine + ": valid");
    }

    @Test
    void aMapThatReadsItsItemsFromS3WithoutAnEndpointIsAWarning() throws IOException {
        String machine = file("reader.json", """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "End": true,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                 "ReaderConfig": {"InputType": "JSONL"},
                                 "Parameters": {"Bucket": "b", "Key": "items.jsonl"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
                """);
        assertThat(validate(machine)).isZero();
        assertThat(out.toString()).contains("'Fan'", "ItemReader", "--endpoint s3=");
        out.getBuffer().setLength(0);
        assertThat(validate(machine, "--endpoint", "s3=http://localhost:9000")).isZero();
        assertThat(out.toString().trim()).isEqualTo(machine + ": valid");
    }

    @Test
    void aMapThatWritesItsResultsToS3WithoutAnEndpointIsAWarning() throws IOException {
        String machine = file("writer.json", """
                {"StartAt": "Fan", "States": {"Fan": {"Type": "Map", "End": true,
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                                   "Parameters": {"Bucket": "results", "Prefix": "runs"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
                """);
        assertThat(validate(machine)).isZero();
        assertThat(out.toString()).contains("'Fan'", "ResultWriter", "--endpoint s3=").doesNotContain("ItemReader");
        out.getBuffer().setLength(0);
        assertThat(validate(machine, "--endpoint", "s3=http://localhost:9000")).isZero();
        assertThat(out.toString().trim()).isEqualTo(machine + ": valid");
    }

    @Test
    void everyProblemIsOneLineWithFileLineAndColumn() throws IOException {
        String machine = file("broken.json", BROKEN);
        assertThat(validate(machine)).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                machine + ":1:1: error MISSING_END_STATE: Workflow has no terminal state at /",
                machine + ":7:49: error SCHEMA_VALIDATION_FAILED: The field 'BackoffRate' must be at least 1"
                        + " at /States/Charge/Retry/0/BackoffRate",
                machine + ":8:7: error MISSING_TRANSITION_TARGET: Missing 'Next' target: Ship at /States/Charge/Next");
    }

    @Test
    void jsonFormatGivesAwsShapedDiagnosticsPerFile() throws IOException {
        String ok = file("ok.json", VALID);
        String broken = file("broken.json", BROKEN);
        assertThat(validate("--format", "json", ok, broken)).isEqualTo(1);
        JsonNode files = Json.parse(out.toString()).get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("result").asText()).isEqualTo("OK");
        assertThat(files.get(0).get("diagnostics")).isEmpty();
        JsonNode first = files.get(1).get("diagnostics").get(1);
        assertThat(files.get(1).get("result").asText()).isEqualTo("FAIL");
        assertThat(first.get("severity").asText()).isEqualTo("ERROR");
        assertThat(first.get("code").asText()).isEqualTo("SCHEMA_VALIDATION_FAILED");
        assertThat(first.get("location").asText()).isEqualTo("/States/Charge/Retry/0/BackoffRate");
        assertThat(first.get("line").asInt()).isEqualTo(7);
        assertThat(first.get("column").asInt()).isEqualTo(49);
    }

    @Test
    void expressTypeRefusesCallbacks() throws IOException {
        String machine = file("callback.json", """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}
                """);
        assertThat(validate(machine)).isZero();
        assertThat(validate("--type", "EXPRESS", machine)).isEqualTo(1);
        assertThat(out.toString()).contains(
                "error SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken'");
    }

    @Test
    void missingFileIsAnIoErrorButTheOthersAreStillChecked() throws IOException {
        String ok = file("ok.json", VALID);
        assertThat(validate(dir.resolve("absent.json").toString(), ok)).isEqualTo(2);
        assertThat(err.toString()).contains("no such file", "absent.json").doesNotContain("Exception");
        assertThat(out.toString()).contains(ok + ": valid");
    }

    @Test
    void aMissingFileIsInTheJsonReportToo() throws IOException {
        String ok = file("ok.json", VALID);
        assertThat(validate("--format", "json", dir.resolve("absent.json").toString(), ok)).isEqualTo(2);
        var files = Json.parse(out.toString()).get("files");
        assertThat(files.get(0).get("file").asText()).endsWith("absent.json");
        assertThat(files.get(0).get("result").asText()).isEqualTo("UNREADABLE");
        assertThat(files.get(0).get("error").asText()).isEqualTo("no such file");
        assertThat(files.get(1).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void theTypeIsReadInAnyCase() throws IOException {
        String machine = file("cb.json", """
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody.$": "$$.Task.Token"}, "End": true}}}
                """);
        assertThat(validate("--type", "express", machine)).isEqualTo(1);
        assertThat(out.toString()).contains("Express state machine does not support '.waitForTaskToken'");
    }

    @Test
    void textThatIsNotJsonIsAnIoErrorWithItsPosition() throws IOException {
        String machine = file("nope.json", "{\n  \"StartAt\": oops\n}");
        assertThat(validate(machine)).isEqualTo(2);
        assertThat(out.toString()).startsWith(machine + ":2:14: error INVALID_JSON_DESCRIPTION: Unrecognized token 'oops'")
                .doesNotContain("\tat ");
    }

    @Test
    void noFileIsAUsageError() {
        assertThat(validate()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
    }
}
