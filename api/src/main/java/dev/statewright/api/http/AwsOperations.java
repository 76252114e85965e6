package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.CallbackRegistry;
import dev.statewright.api.service.Activities;
import dev.statewright.api.service.StateMachines;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.store.ActivityRecord;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.teststate.StateTester;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.ValidationReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The operations of the AWS Step Functions API: request JSON in, response JSON out. Families of
 * operations kept in their own classes (versions and aliases, redrive, Map Runs) add themselves
 * through {@link Table}.
 */
final class AwsOperations {
    /** Where a family of operations adds its own. */
    interface Table {
        /** An operation that answers at once. */
        void now(String name, Function<RequestFields, JsonNode> operation);

        /** An operation that answers once a future completes (a durable write, an execution's end). */
        void later(String name, Function<RequestFields, CompletableFuture<JsonNode>> operation);
    }

    private static final String DEFAULT_ROLE = "arn:aws:iam::123456789012:role/statewright";

    private final StepFunctions service;
    private final Map<String, Function<RequestFields, CompletableFuture<JsonNode>>> operations = new HashMap<>();

    AwsOperations(StepFunctions service, Activities activities, CallbackRegistry callbacks, StateTester tester) {
        this.service = service;
        now("TestState", new TestStateOperation(tester)::apply);
        // Answered once the outcome is stored, so a worker's acknowledgement survives a crash.
        operations.put("SendTaskSuccess", r -> callbacks.succeed(r.required("taskToken"), r.required("output"))
                .thenApply(stored -> (JsonNode) Json.object()));
        operations.put("SendTaskFailure", r -> callbacks.fail(r.required("taskToken"), r.optional("error"),
                r.optional("cause")).thenApply(stored -> (JsonNode) Json.object()));
        now("SendTaskHeartbeat", r -> {
            callbacks.heartbeat(r.required("taskToken"));
            return Json.object();
        });
        now("CreateActivity", r -> {
            ActivityRecord activity = activities.create(r.required("name"), r.tags("tags"),
                    r.objectText("encryptionConfiguration"));
            return Json.object().put("activityArn", activity.arn())
                    .put("creationDate", AwsShapes.timestamp(activity.creationDate()));
        });
        now("DescribeActivity", r -> {
            ActivityRecord activity = activities.describe(r.required("activityArn"));
            ObjectNode response = Json.object().put("activityArn", activity.arn()).put("name", activity.name())
                    .put("creationDate", AwsShapes.timestamp(activity.creationDate()));
            if (activity.encryptionConfiguration() != null) {
                response.set("encryptionConfiguration", Json.parse(activity.encryptionConfiguration()));
            }
            return response;
        });
        now("ListActivities", r -> {
            Pages.Page<ActivityRecord> page = Pages.of(activities.list(), r.optionalInt("maxResults", 0, Pages.MAX_PAGE),
                    r.optional("nextToken"), "activities");
            ObjectNode response = Json.object();
            ArrayNode list = response.putArray("activities");
            page.items().forEach(a -> list.addObject().put("activityArn", a.arn()).put("name", a.name())
                    .put("creationDate", AwsShapes.timestamp(a.creationDate())));
            if (page.nextToken() != null) {
                response.put("nextToken", page.nextToken());
            }
            return response;
        });
        now("DeleteActivity", r -> {
            activities.delete(r.required("activityArn"));
            return Json.object();
        });
        operations.put("GetActivityTask", r -> {
            String arn = r.required("activityArn");
            return activities.nextTask(arn, r.optional("workerName")).thenApply(task -> (JsonNode) task);
        });
        now("CreateStateMachine", this::createStateMachine);
        now("DescribeStateMachine", r -> AwsShapes.stateMachine(service.describeStateMachine(r.required("stateMachineArn"))));
        now("ListStateMachines", this::listStateMachines);
        now("UpdateStateMachine", this::updateStateMachine);
        now("DeleteStateMachine", r -> {
            service.deleteStateMachine(r.required("stateMachineArn"));
            return Json.object();
        });
        now("ValidateStateMachineDefinition", this::validate);
        operations.put("StartExecution", this::startExecution);
        operations.put("StartSyncExecution", this::startSyncExecution);
        now("DescribeExecution", r -> AwsShapes.execution(service.describeExecution(r.required("executionArn"))));
        now("DescribeStateMachineForExecution", this::describeStateMachineForExecution);
        now("ListExecutions", this::listExecutions);
        now("GetExecutionHistory", this::history);
        operations.put("StopExecution", this::stopExecution);
        now("TagResource", r -> {
            service.tag(r.required("resourceArn"), r.tags("tags"));
            return Json.object();
        });
        now("UntagResource", r -> {
            service.untag(r.required("resourceArn"), r.strings("tagKeys"));
            return Json.object();
        });
        now("ListTagsForResource", r -> {
            ObjectNode response = Json.object();
            ArrayNode tags = response.putArray("tags");
            service.tags(r.required("resourceArn")).forEach((key, value) -> tags.addObject().put("key", key).put("value", value));
            return response;
        });
        VersionOperations.addTo(table(), service.machines());
    }

    private void now(String name, Function<RequestFields, JsonNode> operation) {
        operations.put(name, request -> CompletableFuture.completedFuture(operation.apply(request)));
    }

    /** The table families add their operations to. */
    private Table table() {
        return new Table() {
            @Override
            public void now(String name, Function<RequestFields, JsonNode> operation) {
                AwsOperations.this.now(name, operation);
            }

            @Override
            public void later(String name, Function<RequestFields, CompletableFuture<JsonNode>> operation) {
                operations.put(name, operation);
            }
        };
    }

    /** The operation with this name, or null. */
    Function<RequestFields, CompletableFuture<JsonNode>> operation(String name) {
        return operations.get(name);
    }

    /**
     * Operations that never wait (they hand the work to an execution's loop and answer from a
     * future, or read the in-memory index) and so may run on the connection's I/O thread,
     * saving a hop to a worker thread on the busiest calls.
     */
    boolean neverWaits(String name) {
        return NEVER_WAITING.contains(name);
    }

    private static final java.util.Set<String> NEVER_WAITING = java.util.Set.of("StartExecution", "StartSyncExecution",
            "DescribeExecution");

    private JsonNode createStateMachine(RequestFields r) {
        String role = r.optional("roleArn");
        StateMachineType type = r.optionalEnum("type", StateMachineType.class);
        String name = r.required("name");
        String definition = r.required("definition");
        MachineSettings settings = settings(r);
        boolean publish = r.flag("publish", false);
        String versionDescription = r.optional("versionDescription");
        StateMachines.Written written = service.machines().create(name, definition, role != null ? role : DEFAULT_ROLE,
                type != null ? type : StateMachineType.STANDARD, r.tags("tags"), settings, publish, versionDescription);
        ObjectNode response = Json.object().put("stateMachineArn", written.machine().arn())
                .put("creationDate", AwsShapes.timestamp(written.machine().creationDate()));
        if (written.version() != null) {
            response.put("stateMachineVersionArn", written.version().arn());
        }
        return response;
    }

    /** The logging, tracing and encryption settings a create or update gives (null members: not given). */
    private static MachineSettings settings(RequestFields r) {
        return new MachineSettings(r.objectText("loggingConfiguration"), r.objectText("tracingConfiguration"),
                r.objectText("encryptionConfiguration"));
    }

    private JsonNode listStateMachines(RequestFields r) {
        Pages.Page<StateMachineRecord> page = Pages.of(service.listStateMachines(),
                r.optionalInt("maxResults", 0, Pages.MAX_PAGE), r.optional("nextToken"), "stateMachines");
        ObjectNode response = Json.object();
        ArrayNode machines = response.putArray("stateMachines");
        for (StateMachineRecord machine : page.items()) {
            machines.addObject().put("stateMachineArn", machine.arn()).put("name", machine.name())
                    .put("type", machine.type().name()).put("creationDate", AwsShapes.timestamp(machine.creationDate()));
        }
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    private JsonNode updateStateMachine(RequestFields r) {
        String arn = r.required("stateMachineArn");
        String definition = r.optional("definition");
        String role = r.optional("roleArn");
        MachineSettings settings = settings(r);
        boolean publish = r.flag("publish", false);
        String versionDescription = r.optional("versionDescription");
        StateMachines.Written written = service.machines().update(arn, definition, role, settings, publish,
                versionDescription);
        ObjectNode response = Json.object().put("updateDate", AwsShapes.timestamp(written.machine().updateDate()))
                .put("revisionId", written.machine().revisionId());
        if (written.version() != null) {
            response.put("stateMachineVersionArn", written.version().arn());
        }
        return response;
    }

    private JsonNode validate(RequestFields r) {
        // Every member is read before any work, so a malformed request is reported as such first.
        String definition = r.required("definition");
        StateMachineType type = r.optionalEnum("type", StateMachineType.class);
        Integer max = r.optionalInt("maxResults", 0, 100);
        ValidationReport report = service.validate(definition, type != null ? type : StateMachineType.STANDARD);
        int limit = max == null || max == 0 ? 100 : max;
        ObjectNode response = Json.object().put("result", report.result());
        ArrayNode diagnostics = response.putArray("diagnostics");
        for (Diagnostic d : report.diagnostics().subList(0, Math.min(limit, report.diagnostics().size()))) {
            ObjectNode node = diagnostics.addObject().put("severity", d.severity().name()).put("code", d.code())
                    .put("message", d.message());
            if (d.location() != null) {
                node.put("location", d.location());
            }
        }
        response.put("truncated", report.diagnostics().size() > limit);
        return response;
    }

    private CompletableFuture<JsonNode> startExecution(RequestFields r) {
        return service.startExecution(r.required("stateMachineArn"), r.optional("name"), r.optional("input"),
                r.optional("traceHeader"))
                .thenApply(execution -> Json.object().put("executionArn", execution.arn())
                        .put("startDate", AwsShapes.timestamp(execution.startDate())));
    }

    private CompletableFuture<JsonNode> startSyncExecution(RequestFields r) {
        return service.startSyncExecution(r.required("stateMachineArn"), r.optional("name"), r.optional("input"),
                r.optional("traceHeader"))
                .thenApply(execution -> {
                    ObjectNode response = AwsShapes.execution(execution);
                    response.remove("redriveCount");
                    response.remove("redriveStatus");
                    response.set("billingDetails", Json.object().put("billedMemoryUsedInMB", 64)
                            .put("billedDurationInMilliseconds", 100));
                    return response;
                });
    }

    private JsonNode describeStateMachineForExecution(RequestFields r) {
        StateMachineRecord machine = service.stateMachineForExecution(r.required("executionArn"));
        ObjectNode response = AwsShapes.stateMachine(machine);
        // The machine's ARN, not the version's: the version is a field of the execution.
        response.put("stateMachineArn", machine.machineArn());
        response.remove("status");
        response.remove("type");
        response.remove("creationDate");
        response.remove("description");
        response.put("updateDate", AwsShapes.timestamp(machine.updateDate()));
        return response;
    }

    private JsonNode listExecutions(RequestFields r) {
        // Every member is read before the machine is looked up: a malformed request is reported as
        // such, not as a missing machine.
        String machineArn = r.required("stateMachineArn");
        ExecutionStatus status = r.optionalEnum("statusFilter", ExecutionStatus.class);
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.optional("nextToken");
        String cursor = nextToken == null ? null : Pages.position(nextToken, "executions");
        ExecutionPage page = service.listExecutions(machineArn, status,
                maxResults == null || maxResults == 0 ? Pages.DEFAULT_PAGE : maxResults, cursor);
        ObjectNode response = Json.object();
        ArrayNode executions = response.putArray("executions");
        page.executions().forEach(execution -> executions.add(AwsShapes.executionSummary(execution)));
        if (page.nextCursor() != null) {
            response.put("nextToken", Pages.token("executions", page.nextCursor()));
        }
        return response;
    }

    /** One page of the history, read from the store as such: a page never loads the whole history. */
    private JsonNode history(RequestFields r) {
        // Every member is read before the execution is looked up (see listExecutions).
        String executionArn = r.required("executionArn");
        boolean reverse = r.flag("reverseOrder", false);
        boolean includeData = r.flag("includeExecutionData", true);
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.optional("nextToken");
        int size = maxResults == null || maxResults == 0 ? Pages.DEFAULT_PAGE : maxResults;
        String list = reverse ? "events-reverse" : "events";
        long from = nextToken == null ? -1 : Pages.number(nextToken, list, 1, Long.MAX_VALUE);
        List<HistoryEvent> events;
        String next = null;
        if (!reverse) {
            long first = from < 0 ? 1 : from;
            events = service.history(executionArn, first, size + 1);
            if (events.size() > size) {
                next = Pages.token(list, Long.toString(events.get(size).id()));
                events = events.subList(0, size);
            }
        } else {
            long last = from < 0 ? service.lastEventId(executionArn) : from;
            long first = Math.max(1, last - size + 1);
            events = last < 1 ? List.of() : new ArrayList<>(service.history(executionArn, first, (int) (last - first + 1)));
            Collections.reverse(events);
            if (first > 1) {
                next = Pages.token(list, Long.toString(first - 1));
            }
        }
        ObjectNode response = Json.object();
        ArrayNode items = response.putArray("events");
        events.forEach(event -> items.add(AwsShapes.event(event, includeData)));
        if (next != null) {
            response.put("nextToken", next);
        }
        return response;
    }

    private CompletableFuture<JsonNode> stopExecution(RequestFields r) {
        return service.stopExecution(r.required("executionArn"), r.optional("error"), r.optional("cause"))
                .thenApply(execution -> Json.object().put("stopDate",
                        AwsShapes.timestamp(execution.stopDate() != null ? execution.stopDate() : java.time.Instant.now())));
    }
}
