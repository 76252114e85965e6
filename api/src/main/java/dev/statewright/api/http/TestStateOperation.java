package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StrictJson;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.teststate.ErrorDetails;
import dev.statewright.interpreter.teststate.InspectionData;
import dev.statewright.interpreter.teststate.InspectionLevel;
import dev.statewright.interpreter.teststate.StateTester;
import dev.statewright.interpreter.teststate.TestStateConfiguration;
import dev.statewright.interpreter.teststate.TestStateMock;
import dev.statewright.interpreter.teststate.TestStateRejected;
import dev.statewright.interpreter.teststate.TestStateRequest;
import dev.statewright.interpreter.teststate.TestStateResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS's TestState operation: its request members (JSON values sent as JSON texts) in, the
 * tester's answer out in AWS's response shape, with AWS's errors for a request that cannot run.
 */
final class TestStateOperation {
    private final StateTester tester;

    TestStateOperation(StateTester tester) {
        this.tester = tester;
    }

    JsonNode apply(RequestFields r) {
        JsonNode definition = jsonText(r.required("definition"), "definition", "InvalidDefinition");
        JsonNode input = r.optional("input") != null ? jsonText(r.optional("input"), "input", "InvalidExecutionInput")
                : Json.object();
        InspectionLevel level = r.optionalEnum("inspectionLevel", InspectionLevel.class);
        r.optional("roleArn"); // AWS runs the test with it; here no call needs a role
        boolean revealSecrets = r.flag("revealSecrets", false);
        String variablesText = r.optional("variables");
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        if (variablesText != null) {
            JsonNode parsed = jsonText(variablesText, "variables", "ValidationException");
            if (!parsed.isObject()) {
                throw ServiceException.validation("The variables must be a JSON object");
            }
            parsed.fields().forEachRemaining(field -> variables.put(field.getKey(), field.getValue()));
        }
        String contextText = r.optional("context");
        JsonNode context = contextText != null ? jsonText(contextText, "context", "ValidationException") : null;
        TestStateMock mock = mock(r.object("mock"));
        if (mock != null && revealSecrets) {
            throw ServiceException.validation("TestState does not support RevealSecrets when a mock is specified.");
        }
        TestStateRequest request = new TestStateRequest(definition, r.optional("stateName"), input, level, variables,
                context, mock, configuration(r.object("stateConfiguration")));
        try {
            return response(tester.test(request));
        } catch (TestStateRejected rejected) {
            throw new ServiceException(rejected.errorType(), rejected.getMessage());
        }
    }

    private static JsonNode jsonText(String text, String member, String errorType) {
        try {
            return strict(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String message = "InvalidDefinition".equals(errorType)
                    ? "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: " + e.getOriginalMessage() + "'"
                    : "The " + member + " is not valid JSON: " + e.getOriginalMessage();
            throw new ServiceException(errorType, message);
        }
    }

    /** Exactly one JSON value; an empty text is a missing one, for the checks downstream to refuse. */
    private static JsonNode strict(String text) throws com.fasterxml.jackson.core.JsonProcessingException {
        JsonNode value = StrictJson.read(text);
        return value != null ? value : Json.NODES.missingNode();
    }

    private static TestStateMock mock(JsonNode mock) {
        if (mock == null) {
            return null;
        }
        JsonNode result = mock.get("result");
        JsonNode errorOutput = mock.get("errorOutput");
        if (result != null && errorOutput != null) {
            throw ServiceException.validation("A test mock should have only one of the following fields: [result, errorOutput].");
        }
        if (result != null) {
            if (!result.isTextual()) {
                throw ServiceException.validation("The mock result must be a JSON text");
            }
            try {
                return new TestStateMock.Result(strict(result.textValue()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ServiceException.validation("Mocked result must be valid JSON");
            }
        }
        if (errorOutput != null) {
            return new TestStateMock.Failure(errorOutput.path("error").asText(null), errorOutput.path("cause").asText(null));
        }
        // fieldValidationMode alone mocks nothing: the mock is used as given, unchecked against the service's API.
        return null;
    }

    private static TestStateConfiguration configuration(JsonNode configuration) {
        if (configuration == null) {
            return TestStateConfiguration.none();
        }
        ArrayNode readerData = null;
        JsonNode data = configuration.get("mapItemReaderData");
        if (data != null) {
            JsonNode parsed = jsonText(data.asText(), "mapItemReaderData", "ValidationException");
            if (!(parsed instanceof ArrayNode array)) {
                throw ServiceException.validation("The mapItemReaderData must be a JSON array");
            }
            readerData = array;
        }
        return new TestStateConfiguration(count(configuration, "retrierRetryCount"),
                configuration.path("errorCausedByState").asText(null), count(configuration, "mapIterationFailureCount"),
                readerData);
    }

    private static int count(JsonNode configuration, String member) {
        JsonNode value = configuration.get(member);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || value.intValue() < 0) {
            throw ServiceException.validation("1 validation error detected: Value '" + value + "' at 'stateConfiguration."
                    + member + "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        return value.intValue();
    }

    private static JsonNode response(TestStateResult result) {
        ObjectNode response = Json.object().put("status", result.status().name());
        if (result.output() != null) {
            response.put("output", Json.write(result.output()));
        }
        putText(response, "error", result.error());
        putText(response, "cause", result.cause());
        putText(response, "nextState", result.nextState());
        InspectionData data = result.inspectionData();
        if (data != null) {
            ObjectNode inspection = response.putObject("inspectionData");
            putJson(inspection, "input", data.input());
            putJson(inspection, "afterInputPath", data.afterInputPath());
            putJson(inspection, "afterParameters", data.afterParameters());
            putJson(inspection, "afterArguments", data.afterArguments());
            putJson(inspection, "result", data.result());
            putJson(inspection, "afterResultSelector", data.afterResultSelector());
            putJson(inspection, "afterResultPath", data.afterResultPath());
            putJson(inspection, "afterItemsPath", data.afterItemsPath());
            if (data.maxConcurrency() != null) {
                inspection.put("maxConcurrency", data.maxConcurrency());
            }
            if (data.toleratedFailureCount() != null) {
                inspection.put("toleratedFailureCount", data.toleratedFailureCount());
            }
            if (data.toleratedFailurePercentage() != null) {
                inspection.put("toleratedFailurePercentage", data.toleratedFailurePercentage().floatValue());
            }
            putJson(inspection, "variables", data.variables());
            ErrorDetails details = data.errorDetails();
            if (details != null) {
                ObjectNode errorDetails = inspection.putObject("errorDetails");
                if (details.catchIndex() != null) {
                    errorDetails.put("catchIndex", details.catchIndex());
                }
                if (details.retryIndex() != null) {
                    errorDetails.put("retryIndex", details.retryIndex());
                }
                if (details.retryBackoffIntervalSeconds() != null) {
                    errorDetails.put("retryBackoffIntervalSeconds", details.retryBackoffIntervalSeconds().intValue());
                }
            }
        }
        return response;
    }

    private static void putText(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static void putJson(ObjectNode node, String name, JsonNode value) {
        if (value != null) {
            node.put(name, Json.write(value));
        }
    }
}
