package dev.statewright.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.testing.ExecutionExport;
import dev.statewright.api.testing.WorkflowTest;
import dev.statewright.interpreter.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code statewright export-test}: a finished execution as a workflow test. It reads the
 * execution through AWS's API (DescribeStateMachineForExecution, GetExecutionHistory), so the
 * endpoint may be this service or any other that speaks it.
 */
@Command(name = "export-test",
        mixinStandardHelpOptions = true,
        description = {"Writes a workflow test (see 'statewright test') from a finished execution: its input, a mock"
                + " test case with every task's recorded result or error in order, and its recorded end and path.",
                "Exit code: 0 written, 1 the execution cannot be reproduced (running, stopped, redriven), 2 unreachable."},
        footer = {"", "Example:",
                "  statewright export-test arn:aws:states:us-east-1:123456789012:execution:router:first \\",
                "      --endpoint http://127.0.0.1:8083 --output tests/router-first.test.json",
                "  statewright test tests/"})
final class ExportTestCommand implements Callable<Integer> {
    private static final int PAGE = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ARN", description = "The execution to export.")
    String executionArn;

    @Option(names = "--endpoint", paramLabel = "URL", required = true,
            description = "The Step Functions endpoint, such as http://127.0.0.1:8083.")
    URI endpoint;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the test there (a name ending in .test.json) instead of stdout.")
    Path output;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String definition;
        List<JsonNode> events = new ArrayList<>();
        try {
            definition = call(http, "DescribeStateMachineForExecution", Json.object().put("executionArn", executionArn))
                    .path("definition").asText();
            String token = null;
            do {
                ObjectNode request = Json.object().put("executionArn", executionArn).put("maxResults", PAGE);
                if (token != null) {
                    request.put("nextToken", token);
                }
                JsonNode page = call(http, "GetExecutionHistory", request);
                page.path("events").forEach(events::add);
                token = page.hasNonNull("nextToken") ? page.get("nextToken").asText() : null;
            } while (token != null);
        } catch (IOException | IllegalStateException e) {
            err.println("statewright: " + FailureMessages.oneLine(e));
            err.flush();
            return ExitCodes.USAGE_OR_IO;
        }
        ObjectNode test;
        try {
            test = ExecutionExport.toTest(executionArn, definition, events);
        } catch (IllegalArgumentException e) {
            err.println("statewright: " + e.getMessage());
            err.flush();
            return ExitCodes.FAILED;
        }
        String text = test.toPrettyString();
        if (output == null) {
            out.println(text);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            Files.writeString(output, text + System.lineSeparator());
        } catch (IOException e) {
            err.println("statewright: " + FailureMessages.oneLine(e));
            err.flush();
            return ExitCodes.USAGE_OR_IO;
        }
        if (!output.getFileName().toString().endsWith(WorkflowTest.SUFFIX)) {
            err.println("statewright: note: 'statewright test FOLDER' finds only files named *" + WorkflowTest.SUFFIX);
        }
        err.println("Wrote " + output + " (" + events.size() + " events)");
        err.flush();
        return ExitCodes.OK;
    }

    /** One call of AWS's JSON 1.0 protocol; an error answer becomes its type and message. */
    private JsonNode call(HttpClient http, String operation, ObjectNode request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(endpoint.resolve("/"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-amz-json-1.0")
                    .header("X-Amz-Target", "AWSStepFunctions." + operation)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach " + endpoint + ": " + FailureMessages.oneLine(e), e);
        }
        JsonNode body;
        try {
            body = Json.parse(response.body());
        } catch (RuntimeException e) {
            throw new IllegalStateException(operation + " at " + endpoint + " answered " + response.statusCode()
                    + " with something that is not JSON");
        }
        if (response.statusCode() != 200) {
            String type = body.path("__type").asText("error");
            throw new IllegalStateException(operation + ": " + type.substring(type.indexOf('#') + 1) + ": "
                    + body.path("message").asText(body.path("Message").asText("")));
        }
        return body;
    }
}
