package dev.statewright.api.teststate;

import dev.statewright.api.SfnTestClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.interpreter.conformance.ConformanceCase;
import dev.statewright.interpreter.conformance.JsonComparison;
import dev.statewright.interpreter.conformance.KnownFailures;
import dev.statewright.interpreter.conformance.RecordedResources;
import dev.statewright.interpreter.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InspectionData;
import software.amazon.awssdk.services.sfn.model.InspectionErrorDetails;
import software.amazon.awssdk.services.sfn.model.MockInput;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TestStateRequest;
import software.amazon.awssdk.services.sfn.model.TestStateResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recorded TestState calls, through the service's AWS API with the AWS SDK: status, output,
 * error, cause, nextState and inspection data must be AWS's, compared as JSON values.
 */
class TestStateConformanceTest {
    private static StatewrightService service;
    private static SfnClient client;

    @BeforeAll
    static void startService() {
        service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0));
        client = SfnTestClients.client(service.port());
    }

    @AfterAll
    static void stopService() {
        client.close();
        service.close();
    }

    @Test
    void recordedTestStateCallsAnswerAsAws() throws IOException {
        Map<String, String> knownFailures = KnownFailures.load(ConformanceCase.fixtures().resolve("teststate-known-failures.txt"));
        List<ConformanceCase> cases = ConformanceCase.loadAll(ConformanceCase.fixtures().resolve("conformance/teststate"));
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, int[]> byFeature = new TreeMap<>();
        for (ConformanceCase c : cases) {
            String problem = run(c);
            if (problem != null) {
                failures.put(c.name(), problem);
            }
            for (String feature : c.features()) {
                int[] counts = byFeature.computeIfAbsent(feature, f -> new int[2]);
                counts[problem == null ? 0 : 1]++;
            }
        }
        System.out.println("teststate conformance: " + (cases.size() - failures.size()) + " passed, "
                + failures.size() + " failed");
        byFeature.forEach((feature, counts) -> System.out.println("  " + feature + ": " + counts[0] + " passed, "
                + counts[1] + " failed"));
        List<String> unexpected = failures.entrySet().stream().filter(f -> !knownFailures.containsKey(f.getKey()))
                .map(f -> f.getKey() + ": " + f.getValue()).collect(Collectors.toList());
        List<String> fixed = knownFailures.keySet().stream().filter(name -> !failures.containsKey(name))
                .collect(Collectors.toList());
        unexpected.forEach(line -> System.out.println("UNEXPECTED FAILURE " + line));
        fixed.forEach(name -> System.out.println("PASSES BUT LISTED AS KNOWN FAILURE " + name));
        assertThat(cases).hasSize(121);
        assertThat(unexpected).as("TestState cases failing that the known-failures list does not name").isEmpty();
        assertThat(fixed).as("cases listed as known failures that pass").isEmpty();
    }

    private static String run(ConformanceCase c) {
        JsonNode request = c.root().path("request");
        JsonNode expected = c.expected();
        TestStateResponse response;
        try {
            response = client.testState(request(c, request));
        } catch (SfnException e) {
            return "refused: " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        }
        Set<String> skipped = c.placeholders();
        if (!expected.path("status").asText().equals(response.statusAsString())) {
            return "status " + response.statusAsString() + " (" + response.error() + ": " + response.cause()
                    + "), expected " + expected.path("status").asText();
        }
        for (String field : List.of("error", "cause", "nextState")) {
            String actual = field.equals("error") ? response.error() : field.equals("cause") ? response.cause() : response.nextState();
            String wanted = expected.hasNonNull(field) ? expected.get(field).asText() : null;
            if (!skipped.contains("/expected/" + field) && !java.util.Objects.equals(wanted, actual)) {
                return field + " '" + actual + "', expected '" + wanted + "'";
            }
        }
        String difference = JsonComparison.firstDifference(expected.get("output"),
                response.output() == null ? null : Json.parse(response.output()), "/expected/output", skipped);
        if (difference != null) {
            return "output differs at " + difference + ": " + response.output();
        }
        JsonNode wantedInspection = expected.has("inspectionData") ? parsedTexts(expected.get("inspectionData")) : null;
        difference = JsonComparison.firstDifference(wantedInspection, inspection(response.inspectionData()),
                "/expected/inspectionData", skipped);
        if (difference != null) {
            return "inspectionData differs at " + difference + ": " + inspection(response.inspectionData());
        }
        return null;
    }

    private static TestStateRequest request(ConformanceCase c, JsonNode request) {
        TestStateRequest.Builder builder = TestStateRequest.builder()
                .definition(Json.write(RecordedResources.unmaskedEverywhere(c.definition())))
                .input(Json.write(RecordedResources.unmaskedEverywhere(c.input())))
                .roleArn("arn:aws:iam::111111111111:role/test-state");
        text(request, "inspectionLevel", builder::inspectionLevel);
        text(request, "stateName", builder::stateName);
        text(request, "variables", builder::variables);
        text(request, "context", builder::context);
        JsonNode mock = request.get("mock");
        if (mock != null) {
            MockInput.Builder input = MockInput.builder();
            text(mock, "result", input::result);
            text(mock, "fieldValidationMode", input::fieldValidationMode);
            if (mock.has("errorOutput")) {
                input.errorOutput(e -> e.error(mock.path("errorOutput").path("error").asText(null))
                        .cause(mock.path("errorOutput").path("cause").asText(null)));
            }
            builder.mock(input.build());
        }
        JsonNode configuration = request.get("stateConfiguration");
        if (configuration != null) {
            builder.stateConfiguration(s -> {
                if (configuration.has("retrierRetryCount")) {
                    s.retrierRetryCount(configuration.get("retrierRetryCount").intValue());
                }
                if (configuration.has("mapIterationFailureCount")) {
                    s.mapIterationFailureCount(configuration.get("mapIterationFailureCount").intValue());
                }
                text(configuration, "errorCausedByState", s::errorCausedByState);
                text(configuration, "mapItemReaderData", s::mapItemReaderData);
            });
        }
        return builder.build();
    }

    private static void text(JsonNode node, String field, java.util.function.Consumer<String> setter) {
        if (node.hasNonNull(field)) {
            setter.accept(node.get(field).asText());
        }
    }

    /** The recorder kept JSON texts as text unless they started with '{': compare them all as values. */
    private static JsonNode parsedTexts(JsonNode inspection) {
        ObjectNode parsed = Json.object();
        inspection.fields().forEachRemaining(field -> parsed.set(field.getKey(),
                field.getValue().isTextual() ? Json.parse(field.getValue().textValue()) : field.getValue()));
        return parsed;
    }

    private static JsonNode inspection(InspectionData data) {
        if (data == null) {
            return null;
        }
        ObjectNode node = Json.object();
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("input", data.input());
        texts.put("afterInputPath", data.afterInputPath());
        texts.put("afterParameters", data.afterParameters());
        texts.put("afterArguments", data.afterArguments());
        texts.put("result", data.result());
        texts.put("afterResultSelector", data.afterResultSelector());
        texts.put("afterResultPath", data.afterResultPath());
        texts.put("afterItemsPath", data.afterItemsPath());
        texts.put("variables", data.variables());
        texts.forEach((name, text) -> {
            if (text != null) {
                node.set(name, Json.parse(text));
            }
        });
        if (data.maxConcurrency() != null) {
            node.put("maxConcurrency", data.maxConcurrency());
        }
        if (data.toleratedFailureCount() != null) {
            node.put("toleratedFailureCount", data.toleratedFailureCount());
        }
        if (data.toleratedFailurePercentage() != null) {
            node.put("toleratedFailurePercentage", data.toleratedFailurePercentage());
        }
        InspectionErrorDetails details = data.errorDetails();
        if (details != null) {
            ObjectNode errorDetails = node.putObject("errorDetails");
            if (details.catchIndex() != null) {
                errorDetails.put("catchIndex", details.catchIndex());
            }
            if (details.retryIndex() != null) {
                errorDetails.put("retryIndex", details.retryIndex());
            }
            if (details.retryBackoffIntervalSeconds() != null) {
                errorDetails.put("retryBackoffIntervalSeconds", details.retryBackoffIntervalSeconds());
            }
        }
        return node;
    }
}
