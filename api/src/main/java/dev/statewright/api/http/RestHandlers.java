package dev.statewright.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.console.ConsoleApi;
import dev.statewright.api.integrations.CallbackRegistry;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionQuery;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.ExecutionSummary;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.Diagnostic;
import dev.statewright.interpreter.validation.ValidationReport;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.PathTemplateMatch;

import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A plain REST API beside AWS's, for people with curl: JSON in and out, errors in AWS's shape
 * with 4xx statuses. An execution's id is the part of its ARN after {@code execution:}, that is
 * {@code MACHINE:EXECUTION}.
 */
final class RestHandlers {
    private static final String JSON = "application/json";
    private static final String DEFAULT_ROLE = "arn:aws:iam::123456789012:role/statewright";

    private final StepFunctions service;
    private final CallbackRegistry callbacks;
    private final ConsoleApi console;
    private final MapRunResources mapRuns;
    private final NodeResources nodes;

    RestHandlers(StepFunctions service, CallbackRegistry callbacks) {
        this.service = service;
        this.callbacks = callbacks;
        this.console = new ConsoleApi(service);
        this.mapRuns = new MapRunResources(service.mapRuns());
        this.nodes = new NodeResources(service.nodes());
    }

    RoutingHandler routes() {
        // Path parameters are named apart from query parameters: Undertow copies them into the query.
        return Handlers.routing()
                .post("/state-machines", withBody(this::createStateMachine, 201))
                .get("/state-machines", simple(exchange -> listStateMachines()))
                .get("/state-machines/{machine}", simple(exchange -> stateMachine(
                        service.describeStateMachine(machineArn(exchange)))))
                .put("/state-machines/{machine}", withBody((exchange, definition) -> CompletableFuture.completedFuture(
                        stateMachine(service.updateStateMachine(machineArn(exchange), definition, null))), 200))
                .delete("/state-machines/{machine}", simple(exchange -> {
                    String arn = machineArn(exchange);
                    service.deleteStateMachine(arn);
                    return Json.object().put("deleted", arn);
                }))
                .post("/state-machines/{machine}/executions", withBody(this::startExecution, 201))
                .get("/state-machines/{machine}/executions", simple(this::listExecutions))
                .get("/executions/{id}", simple(this::describeExecution))
                .get("/executions/{id}/history", simple(this::history))
                .post("/executions/{id}/stop", withBody((exchange, body) -> service.stopExecution(executionArn(exchange),
                        query(exchange, "error"), query(exchange, "cause")).thenApply(RestHandlers::execution), 200))
                .post("/executions/{id}/redrive", withBody((exchange, body) -> {
                    String arn = executionArn(exchange);
                    return service.redrive().redrive(arn, query(exchange, "clientToken"))
                            .thenApply(redriveDate -> execution(service.describeExecution(arn)));
                }, 200))
                .post("/validate", withBody(this::validate, 200))
                // What the web console reads beyond the above (documented in the README's REST section).
                .get("/executions", simple(this::listAllExecutions))
                .get("/state-machines/{machine}/graph", simple(exchange -> console.stateMachineGraph(machineArn(exchange))))
                .get("/executions/{id}/graph", simple(exchange -> console.executionGraph(executionArn(exchange))))
                .get("/executions/{id}/states", simple(exchange -> console.stateRuns(executionArn(exchange))))
                .get("/executions/{id}/test", simple(exchange -> console.exportTest(executionArn(exchange))))
                .get("/execution-counts", simple(exchange -> console.executionCounts()))
                .get("/state-machines/{machine}/test-cases", simple(exchange -> {
                    ObjectNode response = Json.object();
                    service.testCases(service.describeStateMachine(machineArn(exchange)).name())
                            .forEach(response.putArray("testCases")::add);
                    return response;
                }))
                .get("/executions/{id}/map-runs", simple(exchange -> mapRuns.ofExecution(executionArn(exchange))))
                .get("/map-run", simple(exchange -> mapRuns.mapRun(query(exchange, "arn"))))
                .get("/map-run/executions", simple(exchange -> mapRuns.children(query(exchange, "arn"),
                        query(exchange, "status"), maxResults(exchange), query(exchange, "nextToken"))))
                .get("/map-run/execution", simple(exchange -> mapRuns.child(query(exchange, "arn"))))
                .get("/nodes", simple(exchange -> nodes.list()))
                .get("/nodes/{node}/executions", simple(exchange -> nodes.executions(pathParameter(exchange, "node"),
                        maxResults(exchange), query(exchange, "nextToken"))))
                .get("/callbacks", simple(exchange -> {
                    ObjectNode response = Json.object();
                    callbacks.describeWaiting().forEach(response.putArray("tasks")::add);
                    return response;
                }))
                .setFallbackHandler(exchange -> Exchanges.sendError(exchange, JSON,
                        new ServiceException("NotFound", "No such resource: " + exchange.getRequestMethod() + " "
                                + exchange.getRequestPath(), 404)))
                // Undertow's own answer to a known path with another method is a bare 405 with no body.
                .setInvalidMethodHandler(exchange -> Exchanges.sendError(exchange, JSON,
                        new ServiceException("MethodNotAllowed", exchange.getRequestMethod() + " is not allowed on "
                                + exchange.getRequestPath(), 405)));
    }

    private HttpHandler simple(Function<HttpServerExchange, JsonNode> operation) {
        return exchange -> Exchanges.answer(exchange, JSON, 200,
                () -> CompletableFuture.completedFuture(operation.apply(exchange)));
    }

    private interface BodyOperation {
        CompletableFuture<JsonNode> apply(HttpServerExchange exchange, String body);
    }

    private HttpHandler withBody(BodyOperation operation, int status) {
        return exchange -> Exchanges.readBody(exchange, JSON, bytes -> Exchanges.answer(exchange, JSON, status,
                () -> operation.apply(exchange, new String(bytes, StandardCharsets.UTF_8))));
    }

    private CompletableFuture<JsonNode> createStateMachine(HttpServerExchange exchange, String definition) {
        String name = query(exchange, "name");
        if (name == null) {
            throw ServiceException.validation("Give the state machine's name as ?name=");
        }
        String type = query(exchange, "type");
        StateMachineType machineType;
        try {
            machineType = type == null ? StateMachineType.STANDARD : StateMachineType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("type must be STANDARD or EXPRESS");
        }
        return CompletableFuture.completedFuture(stateMachine(
                service.createStateMachine(name, definition, DEFAULT_ROLE, machineType, Map.of())));
    }

    private CompletableFuture<JsonNode> startExecution(HttpServerExchange exchange, String input) {
        // ?testCase=NAME is the REST way to Step Functions Local's stateMachineArn#NAME.
        String testCase = query(exchange, "testCase");
        String target = machineArn(exchange) + (testCase == null || testCase.isEmpty() ? "" : "#" + testCase);
        return service.startExecution(target, query(exchange, "name"), input.isBlank() ? "{}" : input)
                .thenApply(RestHandlers::execution);
    }

    private CompletableFuture<JsonNode> validate(HttpServerExchange exchange, String definition) {
        String type = query(exchange, "type");
        ValidationReport report = service.validate(definition,
                "EXPRESS".equals(type) ? StateMachineType.EXPRESS : StateMachineType.STANDARD);
        ObjectNode response = Json.object().put("result", report.result());
        ArrayNode diagnostics = response.putArray("diagnostics");
        for (Diagnostic d : report.diagnostics()) {
            ObjectNode node = diagnostics.addObject().put("severity", d.severity().name()).put("code", d.code())
                    .put("message", d.message()).put("location", d.location());
            if (d.line() > 0) {
                node.put("line", d.line()).put("column", d.column());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private JsonNode listStateMachines() {
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("stateMachines");
        service.listStateMachines().forEach(machine -> list.add(stateMachine(machine)));
        return response;
    }

    /** A machine's executions, newest first, a page at a time (100 unless ?maxResults=), each whole. */
    private JsonNode listExecutions(HttpServerExchange exchange) {
        Integer maxResults = maxResults(exchange);
        String nextToken = query(exchange, "nextToken");
        ExecutionPage page = service.listExecutions(machineArn(exchange), null,
                maxResults == null ? Pages.DEFAULT_PAGE : maxResults,
                nextToken == null ? null : Pages.position(nextToken, "executions"));
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("executions");
        for (ExecutionSummary summary : page.executions()) {
            service.findExecution(summary.arn()).ifPresent(execution -> list.add(execution(execution)));
        }
        response.put("nextToken", page.nextCursor() == null ? null : Pages.token("executions", page.nextCursor()));
        return response;
    }

    /** One execution, and while it runs the node that drives it ({@code node}, null when none does). */
    private JsonNode describeExecution(HttpServerExchange exchange) {
        ExecutionRecord record = service.describeExecution(executionArn(exchange));
        ObjectNode node = (ObjectNode) execution(record);
        return node.put("node", record.status() == ExecutionStatus.RUNNING ? nodes.driverOf(record.arn()) : null);
    }

    /** A page of the history: 1000 events unless ?maxResults= says fewer, with the next page's token. */
    private JsonNode history(HttpServerExchange exchange) {
        String arn = executionArn(exchange);
        Integer maxResults = maxResults(exchange);
        String nextToken = query(exchange, "nextToken");
        int size = maxResults == null ? Pages.MAX_PAGE : maxResults;
        long from = nextToken == null ? 1 : Pages.number(nextToken, "history", 1, Long.MAX_VALUE);
        List<HistoryEvent> history = service.history(arn, from, size + 1);
        ObjectNode response = Json.object();
        ArrayNode events = response.putArray("events");
        history.stream().limit(size).forEach(event -> events.add(event.toAwsJson()));
        if (history.size() > size || maxResults != null || nextToken != null) {
            response.put("nextToken", history.size() > size ? Pages.token("history", Long.toString(history.get(size).id())) : null);
        }
        return response;
    }

    /**
     * Executions of every machine (or of ?stateMachine=NAME), newest first, filtered by ?status= and
     * ?name= (a part of the name), in pages; with how many there are ({@code total}; with a name
     * filter, counted up to a bound: {@code totalIsExact} says whether it was reached).
     */
    private JsonNode listAllExecutions(HttpServerExchange exchange) {
        ExecutionStatus status = null;
        String statusText = query(exchange, "status");
        if (statusText != null && !statusText.isEmpty()) {
            try {
                status = ExecutionStatus.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                throw ServiceException.validation("status must be one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED");
            }
        }
        String machine = query(exchange, "stateMachine");
        String machineArn = machine == null || machine.isEmpty() ? null : service.arns().stateMachine(machine);
        String search = query(exchange, "name");
        String needle = search == null || search.isEmpty() ? null : search;
        Integer maxResults = maxResults(exchange);
        String nextToken = query(exchange, "nextToken");
        ExecutionPage page = service.listExecutions(new ExecutionQuery(machineArn, status, needle,
                maxResults == null ? Pages.DEFAULT_PAGE : maxResults,
                nextToken == null ? null : Pages.position(nextToken, "executions")));
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("executions");
        for (ExecutionSummary summary : page.executions()) {
            service.findExecution(summary.arn()).ifPresent(execution ->
                    list.add(((ObjectNode) execution(execution)).put("stateMachineName", execution.stateMachineName())));
        }
        Total total = total(machineArn, status, needle);
        response.put("total", total.count()).put("totalIsExact", total.exact())
                .put("nextToken", page.nextCursor() == null ? null : Pages.token("executions", page.nextCursor()));
        return response;
    }

    private record Total(long count, boolean exact) {
    }

    /** The counts the store keeps answer at once; a name filter is counted through the list, up to a bound. */
    private Total total(String machineArn, ExecutionStatus status, String needle) {
        if (needle == null) {
            Map<ExecutionStatus, Long> counts = service.executionCounts(machineArn);
            return new Total(status == null ? counts.values().stream().mapToLong(Long::longValue).sum()
                    : counts.getOrDefault(status, 0L), true);
        }
        long count = 0;
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            ExecutionPage page = service.listExecutions(new ExecutionQuery(machineArn, status, needle, Pages.MAX_PAGE, cursor));
            count += page.executions().size();
            cursor = page.nextCursor();
            if (cursor == null) {
                return new Total(count, true);
            }
        }
        return new Total(count, false);
    }

    private static Integer maxResults(HttpServerExchange exchange) {
        String text = query(exchange, "maxResults");
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 1 || value > Pages.MAX_PAGE) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ServiceException.validation("maxResults must be a whole number from 1 to " + Pages.MAX_PAGE);
        }
    }

    private static JsonNode stateMachine(StateMachineRecord machine) {
        return Json.object().put("name", machine.name()).put("stateMachineArn", machine.arn())
                .put("type", machine.type().name()).put("creationDate", machine.creationDate().toString())
                .put("definition", machine.definition());
    }

    private static JsonNode execution(ExecutionRecord execution) {
        ObjectNode node = Json.object().put("id", executionId(execution.arn()))
                .put("executionArn", execution.arn()).put("name", execution.name())
                .put("stateMachineArn", execution.stateMachineArn()).put("status", execution.status().name())
                .put("startDate", execution.startDate().toString())
                .put("stopDate", execution.stopDate() == null ? null : execution.stopDate().toString());
        node.set("input", Json.parse(execution.input()));
        node.set("output", execution.output() == null ? null : Json.parse(execution.output()));
        node.put("error", execution.error()).put("cause", execution.cause());
        node.put("testCase", execution.testCase());
        node.put("redriveCount", execution.redrives().count()).put("redriveDate",
                execution.redrives().lastDate() == null ? null : execution.redrives().lastDate().toString());
        return node;
    }

    private String machineArn(HttpServerExchange exchange) {
        return service.arns().stateMachine(pathParameter(exchange, "machine"));
    }

    /**
     * An execution's REST id: its ARN after {@code execution:}, or for an EXPRESS execution (whose
     * ARN says {@code express:} and ends in a UUID) after {@code express:}: MACHINE:EXECUTION:UUID.
     */
    static String executionId(String arn) {
        int standard = arn.indexOf(":execution:");
        return standard >= 0 ? arn.substring(standard + ":execution:".length())
                : arn.substring(arn.indexOf(":express:") + ":express:".length());
    }

    private String executionArn(HttpServerExchange exchange) {
        String id = pathParameter(exchange, "id");
        String[] parts = id.split(":", -1);
        if (parts.length == 2 && !parts[0].isEmpty()) {
            return service.arns().execution(parts[0], parts[1]);
        }
        if (parts.length == 3 && !parts[0].isEmpty()) {
            return service.arns().expressExecution(parts[0], parts[1], parts[2]);
        }
        throw ServiceException.validation("An execution id is MACHINE:EXECUTION (MACHINE:EXECUTION:UUID for EXPRESS),"
                + " got " + id);
    }

    private static String pathParameter(HttpServerExchange exchange, String name) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    }

    private static String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
