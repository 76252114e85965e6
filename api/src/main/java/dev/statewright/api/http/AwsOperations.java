package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.CallbackRegistry;
import dev.statewright.api.service.Activities;
import dev.statewright.api.service.RoleArns;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.Tagging;
import dev.statewright.api.service.StateMachines;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.store.ActivityRecord;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.MapRunChildRecord;
import dev.statewright.api.store.StateMachineRecord;
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
import java.util.Optional;
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

    /** The model's limits on members (PageToken, ListExecutionsPageToken, Name, SensitiveError, SensitiveCause, TaskToken). */
    private static final int MAX_TOKEN = 1024;
    private static final int MAX_EXECUTIONS_TOKEN = 3096;
    private static final int MAX_NAME = 80;
    private static final int MAX_ERROR = 256;
    private static final int MAX_CAUSE = 32768;
    private static final int MAX_TASK_TOKEN = 2048;
    private static final int MAX_TRACE_HEADER = 256;
    private static final int MAX_DESCRIPTION = 256;

    private final StepFunctions service;
    private final Map<String, Function<RequestFields, CompletableFuture<JsonNode>>> operations = new HashMap<>();

    AwsOperations(StepFunctions service, Activities activities, CallbackRegistry callbacks, StateTester tester) {
        this.service = service;
        now("TestState", new TestStateOperation(tester)::apply);
        // Answered once the outcome is stored, so a worker's acknowledgement survives a crash.
        Tagging tagging = new Tagging(service, activities);
        operations.put("SendTaskSuccess", r -> callbacks.succeed(taskToken(r), r.required("output"))
                .thenApply(stored -> (JsonNode) Json.object()));
        operations.put("SendTaskFailure", r -> callbacks.fail(taskToken(r), r.optional("error", MAX_ERROR, true),
                r.optional("cause", MAX_CAUSE, true)).thenApply(stored -> (JsonNode) Json.object()));
        operations.put("SendTaskHeartbeat", r -> callbacks.heartbeat(taskToken(r)).thenApply(done -> (JsonNode) Json.object()));
        now("CreateActivity", r -> {
            ActivityRecord activity = activities.create(r.required("name"), r.tags("tags"),
                    r.objectText("encryptionConfiguration"));
            return Json.object().put("activityArn", activity.arn())
                    .put("creationDate", AwsShapes.timestamp(activity.creationDate()));
        });
        now("DescribeActivity", r -> {
            ActivityRecord activity = activities.describe(r.arn("activityArn"));
            ObjectNode response = Json.object().put("activityArn", activity.arn()).put("name", activity.name())
                    .put("creationDate", AwsShapes.timestamp(activity.creationDate()));
            if (activity.encryptionConfiguration() != null) {
                response.set("encryptionConfiguration", Json.parse(activity.encryptionConfiguration()));
            }
            return response;
        });
        now("ListActivities", r -> {
            Pages.Page<ActivityRecord> page = Pages.of(activities.list(), r.optionalInt("maxResults", 0, Pages.MAX_PAGE),
                    r.nextToken(MAX_TOKEN), "activities");
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
            activities.delete(r.arn("activityArn"));
            return Json.object();
        });
        operations.put("GetActivityTask", r -> {
            String arn = r.arn("activityArn");
            return activities.nextTask(arn, r.optional("workerName", MAX_NAME, false)).thenApply(task -> (JsonNode) task);
        });
        now("CreateStateMachine", this::createStateMachine);
        now("DescribeStateMachine", r -> {
            String arn = r.arn("stateMachineArn");
            IncludedData included = IncludedData.of(r);
            StateMachineRecord machine = service.describeStateMachine(arn);
            return included.stateMachine(MachineSettingsRules.describe(AwsShapes.stateMachine(machine), machine.settings()));
        });
        now("ListStateMachines", this::listStateMachines);
        now("UpdateStateMachine", this::updateStateMachine);
        now("DeleteStateMachine", r -> {
            service.deleteStateMachine(r.arn("stateMachineArn"));
            return Json.object();
        });
        now("ValidateStateMachineDefinition", this::validate);
        operations.put("StartExecution", this::startExecution);
        operations.put("StartSyncExecution", this::startSyncExecution);
        now("DescribeExecution", r -> {
            String arn = ExpressRefusals.notExpress(r.arn("executionArn"));
            IncludedData included = IncludedData.of(r);
            Optional<MapRunChildRecord> child = service.mapRuns().child(arn);
            if (child.isPresent()) {
                return included.execution(MapRunOperations.childExecution(child.get()));
            }
            ExecutionRecord execution = service.describeExecution(arn);
            return included.execution(AwsShapes.withRedriveStatus(AwsShapes.execution(execution),
                    service.redrive().judge(execution)));
        });
        now("DescribeStateMachineForExecution", this::describeStateMachineForExecution);
        now("ListExecutions", this::listExecutions);
        now("GetExecutionHistory", this::history);
        operations.put("StopExecution", this::stopExecution);
        now("TagResource", r -> {
            String arn = r.arn("resourceArn");
            tagging.tag(arn, r.requiredTags("tags"));
            return Json.object();
        });
        now("UntagResource", r -> {
            String arn = r.arn("resourceArn");
            tagging.untag(arn, r.strings("tagKeys"));
            return Json.object();
        });
        now("ListTagsForResource", r -> {
            ObjectNode response = Json.object();
            ArrayNode tags = response.putArray("tags");
            tagging.tags(r.arn("resourceArn")).forEach((key, value) -> tags.addObject().put("key", key).put("value", value));
            return response;
        });
        VersionOperations.addTo(table(), service.machines());
        MapRunOperations.addTo(table(), service.mapRuns());
        RedriveOperations.addTo(table(), service);
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
        // The model's required members first (name, definition, roleArn), each refused as AWS refuses it.
        String name = r.required("name");
        String definition = r.required("definition");
        String role = RoleArns.checked(r.arn("roleArn"));
        StateMachineType type = r.optionalEnum("type", StateMachineType.class);
        Map<String, String> tags = Tagging.withinLimit(service.arns().stateMachine(name), r.tags("tags"));
        MachineSettings settings = MachineSettingsRules.parse(r);
        boolean publish = r.flag("publish", false);
        String versionDescription = r.optional("versionDescription", MAX_DESCRIPTION, true);
        StateMachines.Written written = service.machines().create(name, definition, role,
                type != null ? type : StateMachineType.STANDARD, tags, settings, publish, versionDescription);
        ObjectNode response = Json.object().put("stateMachineArn", written.machine().arn())
                .put("creationDate", AwsShapes.timestamp(written.machine().creationDate()));
        if (written.version() != null) {
            response.put("stateMachineVersionArn", written.version().arn());
        }
        return response;
    }

    private JsonNode listStateMachines(RequestFields r) {
        Pages.Page<StateMachineRecord> page = Pages.of(service.listStateMachines(),
                r.optionalInt("maxResults", 0, Pages.MAX_PAGE), r.nextToken(MAX_TOKEN), "stateMachines");
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
        String arn = r.arn("stateMachineArn");
        String definition = r.optional("definition");
        String role = r.optionalArn("roleArn");
        MachineSettings settings = MachineSettingsRules.parse(r);
        boolean publish = r.flag("publish", false);
        if (definition == null && role == null && settings.equals(MachineSettings.NONE) && !publish) {
            // AWS's type and words (recorded before encryption settings and publishing, which also count here).
            throw new ServiceException("MissingRequiredParameter", "Either the definition, the role ARN, the"
                    + " LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        String versionDescription = r.optional("versionDescription", MAX_DESCRIPTION, true);
        StateMachines.Written written = service.machines().update(arn, definition,
                role == null ? null : RoleArns.checked(role), settings, publish, versionDescription);
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
        r.optionalOneOf("severity", List.of("ERROR", "WARNING")); // every diagnostic here is an ERROR
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
        String arn = r.arn("stateMachineArn");
        return service.startExecution(arn, r.optional("name"), r.optional("input"), traceHeader(r))
                .thenApply(execution -> Json.object().put("executionArn", execution.arn())
                        .put("startDate", AwsShapes.timestamp(execution.startDate())));
    }

    private CompletableFuture<JsonNode> startSyncExecution(RequestFields r) {
        String arn = r.arn("stateMachineArn");
        IncludedData included = IncludedData.of(r);
        return service.startSyncExecution(arn, r.optional("name"), r.optional("input"), traceHeader(r))
                .thenApply(execution -> {
                    ObjectNode response = included.execution(AwsShapes.execution(execution));
                    response.remove("redriveCount");
                    response.set("billingDetails", Json.object().put("billedMemoryUsedInMB", 64)
                            .put("billedDurationInMilliseconds", 100));
                    return response;
                });
    }

    private JsonNode describeStateMachineForExecution(RequestFields r) {
        String arn = ExpressRefusals.notExpress(r.arn("executionArn"));
        IncludedData included = IncludedData.of(r);
        StateMachineRecord machine = service.stateMachineForExecution(arn);
        ObjectNode response = included.stateMachine(MachineSettingsRules.describe(AwsShapes.stateMachine(machine),
                machine.settings()));
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
        String mapRunArn = r.optional("mapRunArn");
        if (mapRunArn != null) {
            return MapRunOperations.listChildren(service.mapRuns(), r, mapRunArn, MAX_EXECUTIONS_TOKEN);
        }
        String machineArn = r.arn("stateMachineArn");
        StatusFilter status = StatusFilter.of(r);
        RedriveFilter redriveFilter = r.optionalEnum("redriveFilter", RedriveFilter.class);
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.nextToken(MAX_EXECUTIONS_TOKEN);
        String cursor = nextToken == null ? null : Pages.position(nextToken, "executions");
        // An EXPRESS machine's (or its version's or alias's) executions are not listed; a missing one is the list's error.
        StateMachineRecord machine = service.machines().find(service.arns().stateMachine(service.arns().stateMachineName(machineArn)));
        if (machine != null) {
            ExpressRefusals.listable(machine);
        }
        ExecutionPage page = status.matchesNothing() ? new ExecutionPage(List.of(), null)
                : service.listExecutions(machineArn, status.status(),
                        maxResults == null || maxResults == 0 ? Pages.DEFAULT_PAGE : maxResults, cursor,
                        redriveFilter == null ? null : redriveFilter == RedriveFilter.REDRIVEN);
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
        String executionArn = ExpressRefusals.notExpress(r.arn("executionArn"));
        boolean reverse = r.flag("reverseOrder", false);
        boolean includeData = r.flag("includeExecutionData", true);
        Integer maxResults = r.optionalInt("maxResults", 0, Pages.MAX_PAGE);
        String nextToken = r.nextToken(MAX_TOKEN);
        int size = maxResults == null || maxResults == 0 ? Pages.DEFAULT_PAGE : maxResults;
        Optional<MapRunChildRecord> child = service.mapRuns().child(executionArn);
        if (child.isPresent()) {
            return MapRunOperations.childHistory(child.get(), reverse, includeData, size, nextToken);
        }
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
        String arn = ExpressRefusals.notExpress(r.arn("executionArn"));
        return service.stopExecution(arn, r.optional("error", MAX_ERROR, true), r.optional("cause", MAX_CAUSE, true))
                .thenApply(execution -> Json.object().put("stopDate",
                        AwsShapes.timestamp(execution.stopDate() != null ? execution.stopDate() : java.time.Instant.now())));
    }

    private static String taskToken(RequestFields r) {
        return MemberConstraints.lengthWithin("taskToken", r.required("taskToken"), false, 1, MAX_TASK_TOKEN);
    }

    /** The model's TraceHeader: at most 256 characters, all ASCII. */
    private static String traceHeader(RequestFields r) {
        String header = r.optional("traceHeader", MAX_TRACE_HEADER, false);
        if (header != null && !header.chars().allMatch(c -> c < 0x80)) {
            throw MemberConstraints.notMatching("traceHeader", header, "\\p{ASCII}*");
        }
        return header;
    }
}
