package dev.statewright.interpreter.teststate;

import com.fasterxml.jackson.databind.JsonNode;

/** The tested state's data flow, step by step, as TestState reports it at DEBUG and TRACE; null fields are absent. */
public record InspectionData(JsonNode input, JsonNode afterInputPath, JsonNode afterParameters, JsonNode afterArguments,
                             JsonNode result, JsonNode afterResultSelector, JsonNode afterResultPath,
                             JsonNode afterItemsPath, Integer maxConcurrency, Integer toleratedFailureCount,
                             Double toleratedFailurePercentage, ErrorDetails errorDetails, JsonNode variables) {
}
