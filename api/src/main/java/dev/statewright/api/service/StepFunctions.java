package dev.statewright.api.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.api.integrations.MockConfig;
import dev.statewright.api.runtime.ExecutionRuntime;
import dev.statewright.api.store.EventCodec;
import dev.statewright.api.store.ExecutionPage;
import dev.statewright.api.store.ExecutionQuery;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.InvalidCursorException;
import dev.statewright.api.store.StartDetails;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.InvalidDefinitionException;
import dev.statewright.interpreter.model.StateMachineType;
import dev.statewright.interpreter.validation.DefinitionValidator;
import dev.statewright.interpreter.validation.ValidationReport;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Step Functions operations, whatever protocol asks for them: the AWS API and the REST API
 * both call these. Reads come from an index of committed records; writes go through the store
 * and answer once durable.
 */
public final class StepFunctions {
    private static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    private static final int MAX_HISTORY_READ = 25_100;

    private final Store store;
    private final ExecutionRuntime runtime;
    private final Arns arns;
    private final InstantSource clock;
    private final DefinitionValidator validator = new DefinitionValidator();
    private final SplittableRandom seeds = new SplittableRandom();
    private final Map<String, StateMachineRecord> stateMachines = new ConcurrentHashMap<>();
    /**
     * Starts whose first commit is under way, by execution ARN: a second start with the same name
     * waits for the first to be stored (or to fail) before it is answered.
     */
    private final Map<String, CompletableFuture<ExecutionRecord>> startsUnderWay = new ConcurrentHashMap<>();
    /** Serialises changes of state machines, so create-if-absent and updates cannot interleave. */
    private final Object machineWrites = new Object();
    private final MockConfig mocks;

    /** @param mocks the mock configuration whose test cases StartExecution may name, or null */
    public StepFunctions(Store store, ExecutionRuntime runtime, Arns arns, InstantSource clock, MockConfig mocks) {
        this.mocks = mocks;
        this.store = store;
        this.runtime = runtime;
        this.arns = arns;
        this.clock = clock;
        store.stateMachines().forEach(record -> stateMachines.put(record.arn(), record));
    }

    public Arns arns() {
        return arns;
    }

    // ---- state machines ----

    public StateMachineRecord createStateMachine(String name, String definition, String roleArn, StateMachineType type,
                                                 Map<String, String> tags) {
        Arns.checkName(name, "state machine");
        checkDefinition(definition, type);
        String arn = arns.stateMachine(name);
        StateMachineRecord record;
        synchronized (machineWrites) {
            StateMachineRecord existing = stateMachines.get(arn);
            if (existing != null) {
                // AWS: the same name with the same settings is idempotent; anything else is a conflict.
                if (existing.definition().equals(definition) && Objects.equals(existing.roleArn(), roleArn)
                        && existing.type() == type) {
                    return existing;
                }
                throw new ServiceException("StateMachineAlreadyExists",
                        "State Machine Already Exists: '" + arn + "'");
            }
            var now = clock.instant();
            record = new StateMachineRecord(arn, name, type, definition, roleArn, now, now, UUID.randomUUID().toString(),
                    Tagging.withinLimit(arn, tags));
            commit(new WriteBatch().put(record));
            stateMachines.put(arn, record);
        }
        return record;
    }

    public StateMachineRecord describeStateMachine(String arn) {
        // A qualified ARN (":1", ":alias") names the machine too; versions are not kept apart yet.
        StateMachineRecord record = stateMachines.get(arns.stateMachine(arns.stateMachineName(arn)));
        if (record == null) {
            throw new ServiceException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return record;
    }

    public List<StateMachineRecord> listStateMachines() {
        return stateMachines.values().stream().sorted(Comparator.comparing(StateMachineRecord::creationDate)
                .thenComparing(StateMachineRecord::name)).collect(Collectors.toList());
    }

    public StateMachineRecord updateStateMachine(String arn, String definition, String roleArn) {
        if (definition == null && roleArn == null) {
            throw ServiceException.validation("At least one of definition and roleArn must be given");
        }
        synchronized (machineWrites) {
            StateMachineRecord current = describeStateMachine(arn);
            if (definition != null) {
                checkDefinition(definition, current.type());
            }
            StateMachineRecord updated = new StateMachineRecord(current.arn(), current.name(), current.type(),
                    definition != null ? definition : current.definition(),
                    roleArn != null ? roleArn : current.roleArn(), current.creationDate(), clock.instant(),
                    UUID.randomUUID().toString(), current.tags());
            commit(new WriteBatch().put(updated));
            stateMachines.put(updated.arn(), updated);
            return updated;
        }
    }

    /** Deletes a state machine; its executions that are running go on, as on AWS. */
    public void deleteStateMachine(String arn) {
        arns.stateMachineName(arn);
        synchronized (machineWrites) {
            if (stateMachines.containsKey(arn)) {
                commit(new WriteBatch().deleteStateMachine(arn));
                stateMachines.remove(arn);
            }
        }
    }

    public ValidationReport validate(String definition, StateMachineType type) {
        return validator.validate(definition, type);
    }

    private void checkDefinition(String definition, StateMachineType type) {
        ValidationReport report = validator.validate(definition, type);
        if (!report.valid()) {
            throw new ServiceException("InvalidDefinition", report.invalidDefinitionMessage());
        }
        try {
            DefinitionParser.parse(definition);
        } catch (InvalidDefinitionException e) {
            // Valid ASL that this engine cannot run yet (JSONata, for one): say so now, not at run time.
            throw new ServiceException("InvalidDefinition", "Invalid State Machine Definition: '"
                    + "UNSUPPORTED: " + e.getMessage() + " at " + e.location() + "'");
        }
    }

    // ---- tags ----

    public Map<String, String> tags(String resourceArn) {
        return taggable(resourceArn).tags();
    }

    public void tag(String resourceArn, Map<String, String> added) {
        synchronized (machineWrites) {
            StateMachineRecord current = taggable(resourceArn);
            Map<String, String> tags = new HashMap<>(current.tags());
            tags.putAll(added);
            replace(current.withTags(Tagging.withinLimit(resourceArn, tags)));
        }
    }

    public void untag(String resourceArn, List<String> keys) {
        synchronized (machineWrites) {
            StateMachineRecord current = taggable(resourceArn);
            Map<String, String> tags = new HashMap<>(current.tags());
            keys.forEach(tags::remove);
            replace(current.withTags(tags));
        }
    }

    /** The tag operations name a missing resource ResourceNotFound, not StateMachineDoesNotExist, as AWS does. */
    private StateMachineRecord taggable(String resourceArn) {
        arns.stateMachineName(resourceArn);
        StateMachineRecord record = stateMachines.get(resourceArn);
        if (record == null) {
            throw new ServiceException("ResourceNotFound", "Resource not found: '" + resourceArn + "'");
        }
        return record;
    }

    private void replace(StateMachineRecord record) {
        commit(new WriteBatch().put(record));
        stateMachines.put(record.arn(), record);
    }

    // ---- executions ----

    /** Starts an execution; completes once its record is durable. */
    public CompletableFuture<ExecutionRecord> startExecution(String stateMachineArn, String name, String input) {
        return startExecution(stateMachineArn, name, input, null);
    }

    /**
     * Starts an execution; completes once its record is durable.
     *
     * @param traceHeader the X-Ray trace header the caller passed, kept for DescribeExecution, or null
     */
    public CompletableFuture<ExecutionRecord> startExecution(String stateMachineArn, String name, String input,
                                                             String traceHeader) {
        // Step Functions Local's way to choose a mock test case: stateMachineArn#TestCaseName.
        String testCase = null;
        int hash = stateMachineArn == null ? -1 : stateMachineArn.indexOf('#');
        if (hash >= 0) {
            testCase = stateMachineArn.substring(hash + 1);
            stateMachineArn = stateMachineArn.substring(0, hash);
        }
        StateMachineRecord machine = describeStateMachine(stateMachineArn);
        if (testCase != null && (mocks == null || !mocks.hasTestCase(machine.name(), testCase))) {
            throw ServiceException.validation("No mock test case '" + testCase + "' for the state machine '"
                    + machine.name() + "'" + (mocks == null ? ": start the service with --mock-config" : ""));
        }
        boolean named = name != null;
        String executionName = named ? name : UUID.randomUUID().toString();
        Arns.checkName(executionName, "execution");
        String inputText = input != null ? input : "{}";
        checkInput(inputText);
        boolean express = machine.type() == StateMachineType.EXPRESS;
        String arn = express ? arns.expressExecution(machine.name(), executionName, UUID.randomUUID().toString())
                : arns.execution(machine.name(), executionName);
        ExecutionRecord record = new ExecutionRecord(arn, executionName, machine.arn(), machine.name(),
                machine.definition(), machine.roleArn(), inputText, seeds.nextLong(), ExecutionStatus.RUNNING,
                clock.instant(), null, null, null, null, testCase, new StartDetails(null, null, traceHeader), null);
        if (!named || express) {
            return runtime.start(record); // a name no other start can have
        }
        // The name is claimed here while the start is stored, so a second start with it waits for the first.
        CompletableFuture<ExecutionRecord> claim = new CompletableFuture<>();
        CompletableFuture<ExecutionRecord> earlier = startsUnderWay.putIfAbsent(arn, claim);
        if (earlier != null) {
            return earlier.handle((first, failure) -> first).thenApply(first -> {
                if (first == null) {
                    throw new ServiceException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
                }
                return idempotentStart(first, inputText);
            });
        }
        try {
            Optional<ExecutionRecord> existing = store.execution(arn);
            if (existing.isPresent()) {
                startsUnderWay.remove(arn, claim);
                claim.complete(existing.get());
                return CompletableFuture.completedFuture(idempotentStart(existing.get(), inputText));
            }
            CompletableFuture<ExecutionRecord> started = runtime.start(record);
            started.whenComplete((stored, failure) -> {
                startsUnderWay.remove(arn, claim);
                if (failure != null) {
                    claim.completeExceptionally(failure);
                } else {
                    claim.complete(stored);
                }
            });
            return started;
        } catch (RuntimeException e) {
            startsUnderWay.remove(arn, claim);
            claim.completeExceptionally(e);
            throw e;
        }
    }

    /** AWS: a start with a name already taken is answered as the first was, while it runs with the same input. */
    private static ExecutionRecord idempotentStart(ExecutionRecord existing, String input) {
        if (existing.status() == ExecutionStatus.RUNNING && sameJson(existing.input(), input)) {
            return existing;
        }
        throw new ServiceException("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.arn() + "'");
    }

    /** Starts an execution of an EXPRESS machine and completes with how it ended. */
    public CompletableFuture<ExecutionRecord> startSyncExecution(String stateMachineArn, String name, String input) {
        return startSyncExecution(stateMachineArn, name, input, null);
    }

    /** Starts an execution of an EXPRESS machine and completes with how it ended; keeps its trace header. */
    public CompletableFuture<ExecutionRecord> startSyncExecution(String stateMachineArn, String name, String input,
                                                                 String traceHeader) {
        StateMachineRecord machine = describeStateMachine(stateMachineArn == null ? null
                : stateMachineArn.replaceFirst("#.*$", ""));
        if (machine.type() != StateMachineType.EXPRESS) {
            throw new ServiceException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        return startExecution(stateMachineArn, name, input, traceHeader).thenCompose(record -> {
            CompletableFuture<ExecutionRecord> finished = runtime.whenFinished(record.arn());
            return finished != null ? finished : CompletableFuture.completedFuture(describeExecution(record.arn()));
        });
    }

    /** Completes with the execution's record once its end is durable. */
    public CompletableFuture<ExecutionRecord> whenFinished(String executionArn) {
        CompletableFuture<ExecutionRecord> finished = runtime.whenFinished(executionArn);
        if (finished != null) {
            return finished;
        }
        // Not running here any more: its end is durable and in the index.
        return CompletableFuture.completedFuture(describeExecution(executionArn));
    }

    public ExecutionRecord describeExecution(String arn) {
        arns.checkExecution(arn);
        return store.execution(arn).orElseThrow(() ->
                new ServiceException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
    }

    /** The execution, or empty when there is none (it may have expired since it was listed). */
    public Optional<ExecutionRecord> findExecution(String arn) {
        return store.execution(arn);
    }

    /** A page of a machine's executions, newest first. */
    public ExecutionPage listExecutions(String stateMachineArn, ExecutionStatus status, int pageSize, String cursor) {
        describeStateMachine(stateMachineArn);
        return listExecutions(new ExecutionQuery(stateMachineArn, status, null, pageSize, cursor));
    }

    /** A page of executions of every machine (or one), newest first, filtered by status and a part of the name. */
    public ExecutionPage listExecutions(ExecutionQuery query) {
        try {
            return store.executions(query);
        } catch (InvalidCursorException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: the next token is not one this list gave");
        }
    }

    /** How many executions of a machine (or of all, for null) are in each status. */
    public Map<ExecutionStatus, Long> executionCounts(String stateMachineArn) {
        return store.executionCounts(stateMachineArn);
    }

    /** Events of an execution with ids in [fromId, fromId + limit), in id order. */
    public List<HistoryEvent> history(String executionArn, long fromId, int limit) {
        describeExecution(executionArn);
        return store.events(executionArn, fromId, limit).stream().map(EventCodec::decode).collect(Collectors.toList());
    }

    /** The id of the execution's last event (its history's length). */
    public long lastEventId(String executionArn) {
        describeExecution(executionArn);
        return store.lastEventId(executionArn);
    }

    /** The whole committed history of an execution, in id order (at most AWS's limit of events). */
    public List<HistoryEvent> history(String executionArn) {
        return history(executionArn, 1, MAX_HISTORY_READ);
    }

    /** Stops an execution; completes with its record once the stop is durable. */
    public CompletableFuture<ExecutionRecord> stopExecution(String arn, String error, String cause) {
        ExecutionRecord record = describeExecution(arn);
        if (record.status() != ExecutionStatus.RUNNING) {
            return CompletableFuture.completedFuture(record);
        }
        CompletableFuture<ExecutionRecord> finished = runtime.whenFinished(arn);
        if (finished == null || !runtime.stop(arn, error, cause)) {
            return CompletableFuture.completedFuture(describeExecution(arn));
        }
        return finished;
    }

    public StateMachineRecord stateMachineForExecution(String executionArn) {
        ExecutionRecord execution = describeExecution(executionArn);
        StateMachineRecord machine = stateMachines.get(execution.stateMachineArn());
        if (machine != null && machine.definition().equals(execution.definition())) {
            return machine;
        }
        // The machine changed or was deleted since: answer with what the execution runs.
        var when = machine != null ? machine.updateDate() : execution.startDate();
        return new StateMachineRecord(execution.stateMachineArn(), execution.stateMachineName(),
                machine != null ? machine.type() : StateMachineType.STANDARD, execution.definition(), execution.roleArn(),
                when, when, null, Map.of(), machine != null ? machine.settings() : null, 0, 0, null);
    }

    private static void checkInput(String input) {
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new ServiceException("InvalidExecutionInput",
                    "The input is larger than the limit of " + MAX_PAYLOAD_BYTES + " bytes");
        }
        try {
            JsonNode parsed = StrictJson.read(input);
            if (parsed == null) {
                throw new ServiceException("InvalidExecutionInput",
                        "Invalid State Machine Execution Input: 'the input holds no JSON value'");
            }
            if (Json.deeperThan(parsed, Json.MAX_PAYLOAD_DEPTH)) {
                throw new ServiceException("InvalidExecutionInput", "Invalid State Machine Execution Input: 'the input"
                        + " nests deeper than " + Json.MAX_PAYLOAD_DEPTH + " levels'");
            }
        } catch (JsonProcessingException e) {
            throw new ServiceException("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
                    + e.getOriginalMessage() + "'");
        }
    }

    private static boolean sameJson(String a, String b) {
        try {
            JsonNode left = Json.MAPPER.readTree(a);
            return left.equals(Json.MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private void commit(WriteBatch batch) {
        store.commit(batch).toCompletableFuture().join();
    }
}
