package dev.statewright.api.http;

import dev.statewright.api.service.StepFunctions;
import dev.statewright.interpreter.json.Json;

/** RedriveExecution in the AWS API: answered once the redrive has begun durably, with its date. */
final class RedriveOperations {
    private RedriveOperations() {
    }

    static void addTo(AwsOperations.Table table, StepFunctions service) {
        table.later("RedriveExecution", r -> {
            String executionArn = r.required("executionArn");
            String clientToken = r.optional("clientToken");
            return service.redrive().redrive(executionArn, clientToken)
                    .thenApply(redriveDate -> Json.object().put("redriveDate", AwsShapes.timestamp(redriveDate)));
        });
    }
}
