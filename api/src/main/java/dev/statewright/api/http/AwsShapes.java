package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.Arns;
import dev.statewright.api.service.Redrivability;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.ExecutionSummary;
import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/** The JSON shapes of AWS's responses, built from the service's records. */
final class AwsShapes {
    private AwsShapes() {
    }

    /** AWS JSON 1.0 timestamps: epoch seconds, with milliseconds as the fraction. */
    static BigDecimal timestamp(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    static ObjectNode stateMachine(StateMachineRecord machine) {
        ObjectNode node = Json.object().put("stateMachineArn", machine.arn()).put("name", machine.name())
                .put("status", "ACTIVE").put("definition", machine.definition()).put("roleArn", machine.roleArn())
                .put("type", machine.type().name()).put("creationDate", timestamp(machine.creationDate()));
        if (machine.revisionId() != null) {
            node.put("revisionId", machine.revisionId());
        }
        if (machine.description() != null) {
            node.put("description", machine.description());
        }
        MachineSettings settings = machine.settings();
        node.set("loggingConfiguration", settings.loggingConfiguration() != null
                ? Json.parse(settings.loggingConfiguration())
                : Json.object().put("level", "OFF").put("includeExecutionData", false));
        node.set("tracingConfiguration", settings.tracingConfiguration() != null
                ? Json.parse(settings.tracingConfiguration()) : Json.object().put("enabled", false));
        if (settings.encryptionConfiguration() != null) {
            node.set("encryptionConfiguration", Json.parse(settings.encryptionConfiguration()));
        }
        return node;
    }

    static ObjectNode executionSummary(ExecutionSummary execution) {
        ObjectNode node = Json.object().put("executionArn", execution.arn())
                .put("stateMachineArn", execution.stateMachineArn()).put("name", execution.name())
                .put("status", execution.status().name()).put("startDate", timestamp(execution.startDate()));
        if (execution.stopDate() != null) {
            node.put("stopDate", timestamp(execution.stopDate()));
        }
        if (execution.stateMachineVersionArn() != null) {
            node.put("stateMachineVersionArn", execution.stateMachineVersionArn());
        }
        if (execution.stateMachineAliasArn() != null) {
            node.put("stateMachineAliasArn", execution.stateMachineAliasArn());
        }
        if (!Arns.isExpress(execution.arn())) { // EXPRESS executions are never redriven
            node.put("redriveCount", execution.redrives().count());
            if (execution.redrives().lastDate() != null) {
                node.put("redriveDate", timestamp(execution.redrives().lastDate()));
            }
        }
        return node;
    }

    static ObjectNode execution(ExecutionRecord execution) {
        ObjectNode node = executionSummary(ExecutionSummary.of(execution));
        node.put("input", execution.input());
        node.set("inputDetails", Json.object().put("included", true));
        if (execution.output() != null) {
            node.put("output", execution.output());
            node.set("outputDetails", Json.object().put("included", true));
        }
        if (execution.error() != null) {
            node.put("error", execution.error());
        }
        if (execution.cause() != null) {
            node.put("cause", execution.cause());
        }
        if (execution.start().traceHeader() != null) {
            node.put("traceHeader", execution.start().traceHeader());
        }
        return node;
    }

    /** What DescribeExecution tells of redrives: whether the execution may be redriven, and if not why. */
    static ObjectNode withRedriveStatus(ObjectNode execution, Redrivability redrivability) {
        execution.put("redriveStatus", redrivability.redriveStatus());
        if (redrivability.reason() != null) {
            execution.put("redriveStatusReason", redrivability.reason());
        }
        return execution;
    }

    /** An event as GetExecutionHistory gives it; without inputs and outputs unless asked. */
    static ObjectNode event(HistoryEvent event, boolean includeExecutionData) {
        ObjectNode node = event.toAwsJson();
        node.put("timestamp", timestamp(event.timestamp()));
        if (!includeExecutionData) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                JsonNode value = fields.next().getValue();
                if (value instanceof ObjectNode details) {
                    details.remove("input");
                    details.remove("output");
                    details.remove("inputDetails");
                    details.remove("outputDetails");
                }
            }
        }
        return node;
    }
}
