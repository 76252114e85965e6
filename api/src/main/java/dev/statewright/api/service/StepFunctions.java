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
import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.store.Redrives;
import dev.statewright.api.store.StartDetails;
import dev.statewright.api.store.StateMachineRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoreUnavailableException;
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
    private final StateMachines machines;
    /**
     * Starts whose first commit is under way, by execution ARN: a second start with the same name
     * waits for the first to be stored (or to fail) before it is answered.
     */
    private final Map<String, CompletableFuture<ExecutionRecord>> startsUnderWay = new ConcurrentHashMap<>();
    private final MockConfig mocks;
    private final MapRuns mapRuns;
    private final Nodes nodes;
    /** RedriveExecution, kept in its own class. */
    private final Redrive redrive;

    /** @param mocks the mock configuration whose test cases StartExecution may name, or null */
    public StepFunctions(Store store, ExecutionRuntime runtime, Arns arns, InstantSource clock, MockConfig mocks) {
        this.mocks = mocks;
        this.store = store;
        this.runtime = runtime;
        this.arns = arns;
        this.clock = clock;
        this.machines = new StateMachines(store, arns, clock, this::checkDefinition);
        this.mapRuns = new MapRuns(store, runtime, arns);
        this.nodes = new Nodes(store);
        this.redrive = new Redrive(this, store, runtime, clock);
    }

    /** The state machines, their versions and aliases. */
    public StateMachines machines() {
        return machines;
    }

    /** RedriveExecution and what DescribeExecution tells of redrives. */
    public Redrive redrive() {
        return redrive;
    }

    /** Whether a state machine with this (unqualified) ARN exists. */
    public boolean hasStateMachine(String arn) {
        StateMachineRecord machine = machines.find(arn);
        return machine != null && !machine.isVersion();
    }

    public Arns arns() {
        return arns;
    }

    /** The Map Runs of Distributed Map states. */
    public MapRuns mapRuns() {
        return mapRuns;
    }

    /** The nodes that drive executions, and which executions each drives. */
    public Nodes nodes() {
        return nodes;
    }

    // ---- state machines ----

    public StateMachineRecord createStateMachine(String name, String definition, String roleArn, StateMachineType type,
                                                 Map<String, String> tags) {
        return machines.create(name, definition, roleArn, type, tags, MachineSettings.NONE, false, null).machine();
    }

    public StateMachineRecord describeStateMachine(String arn) {
        return machines.describe(arn);
    }

    public List<StateMachineRecord> listStateMachines() {
        return machines.list();
    }

    public StateMachineRecord updateStateMachine(String arn, String definition, String roleArn) {
        return machines.update(arn, definition, roleArn, MachineSettings.NONE, false, null).machine();
    }

    /** Deletes a state machine with its versions and aliases; its executions that are running go on, as on AWS. */
    public void deleteStateMachine(String arn) {
        machines.delete(arn);
    }

    public ValidationReport validate(String definition, StateMachineType type) {
        return validator.validate(definition, type);
    }

    void checkDefinition(String definition, StateMachineType type) {
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
        taggable(resourceArn);
        machines.retag(resourceArn, tags -> {
            Map<String, String> changed = new HashMap<>(tags);
            changed.putAll(added);
            return Tagging.withinLimit(resourceArn, changed);
        });
    }

    public void untag(String resourceArn, List<String> keys) {
        taggable(resourceArn);
        machines.retag(resourceArn, tags -> {
            Map<String, String> changed = new HashMap<>(tags);
            keys.forEach(changed::remove);
            return changed;
        });
    }

    /** The tag operations name a missing resource ResourceNotFound, not StateMachineDoesNotExist, as AWS does. */
    private StateMachineRecord taggable(String resourceArn) {
        arns.stateMachineName(resourceArn);
        StateMachineRecord record = machines.find(resourceArn);
        if (record == null || record.isVersion()) {
            throw new ServiceException("ResourceNotFound", "Resource not found: '" + resourceArn + "'");
        }
        return record;
    }

    // ---- executions ----

    /** The mock test cases the service's mock configuration holds for a machine of that name, in file order. */
    public List<String> testCases(String machineName) {
        return mocks == null ? List.of() : List.copyOf(mocks.testCases().getOrDefault(machineName, java.util.Map.of()).keySet());
    }

    /** A mock test case must exist for the machine and fit its definition (states, integrations). */
    private void checkTestCase(StateMachineRecord machine, String testCase) {
        if (mocks == null) {
            throw ServiceException.validation("No mock test case '" + testCase + "' for the state machine '"
                    + machine.name() + "': start the service with --mock-config");
        }
        String missing = mocks.missingTestCase(machine.name(), testCase);
        if (missing != null) {
            throw ServiceException.validation(missing);
        }
        List<String> problems;
        try {
            problems = mocks.problems(machine.name(), testCase, DefinitionParser.parse(machine.definition()));
        } catch (InvalidDefinitionException unsupported) {
            return; // the run reports it
        }
        if (!problems.isEmpty()) {
            throw ServiceException.validation(String.join("; ", problems));
        }
    }

    /** Starts an execution; completes once its record is durable. */
    public CompletableFuture<ExecutionRecord> startExecution(String stateMachineArn, String name, String input) {
        return startExecution(stateMachineArn, name, input, null);
    }

    /**
     * Starts an execution of a machine, a version, or the version an alias picks; completes once
     * its record is durable.
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
        StateMachines.StartTarget target = machines.target(stateMachineArn);
        StateMachineRecord machine = target.runs();
        if (testCase != null) {
            checkTestCase(machine, testCase);
        }
        boolean named = name != null;
        String executionName = named ? name : UUID.randomUUID().toString();
        Arns.checkName(executionName, "execution");
        String inputText = input != null ? input : "{}";
        checkInput(inputText);
        boolean express = machine.type() == StateMachineType.EXPRESS;
        String arn = express ? arns.expressExecution(machine.name(), executionName, UUID.randomUUID().toString())
                : arns.execution(machine.name(), executionName);
        ExecutionRecord record = new ExecutionRecord(arn, executionName, machine.machineArn(), machine.name(),
                machine.definition(), machine.roleArn(), inputText, seeds.nextLong(), ExecutionStatus.RUNNING,
                clock.instant(), null, null, null, null, testCase,
                new StartDetails(target.versionArn(), target.aliasArn(), traceHeader), Redrives.NONE);
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

    /** Starts an execution of an EXPRESS machine (or version, or alias) and completes with how it ended. */
    public CompletableFuture<ExecutionRecord> startSyncExecution(String stateMachineArn, String name, String input,
                                                                 String traceHeader) {
        StateMachineRecord machine = machines.machineOf(stateMachineArn == null ? null
                : stateMachineArn.replaceFirst("#.*$", ""));
        if (machine.type() != StateMachineType.EXPRESS) {
            throw new ServiceException("StateMachineTypeNotSupported",
                    "This operation is not supported by this type of state machine");
        }
        return startExecution(stateMachineArn, name, input, traceHeader).thenCompose(record -> whenFinished(record.arn()));
    }

    /**
     * Completes with the execution's record once its end is durable. On a database shared with
     * other nodes that may be another node's doing: an execution driven elsewhere, or taken over
     * from this node (paused past its lease), is watched in the store until it ends.
     */
    public CompletableFuture<ExecutionRecord> whenFinished(String executionArn) {
        CompletableFuture<ExecutionRecord> finished = runtime.whenFinished(executionArn);
        if (!store.sharedWithOtherNodes()) {
            // Not running here any more: its end is durable and in the index.
            return finished != null ? finished : CompletableFuture.completedFuture(describeExecution(executionArn));
        }
        if (finished == null) {
            return endedInStore(executionArn, 0);
        }
        return finished.handle((ended, failure) -> failure == null ? CompletableFuture.completedFuture(ended)
                : endedInStore(executionArn, 0)).thenCompose(ended -> ended);
    }

    private static final long LONGEST_STORE_LOOK_MILLIS = 1_000;

    /** Completes once the stored record shows the execution ended; looks again at growing intervals up to a second. */
    private CompletableFuture<ExecutionRecord> endedInStore(String arn, long waitedMillis) {
        try {
            ExecutionRecord now = describeExecution(arn);
            if (now.status() != ExecutionStatus.RUNNING) {
                return CompletableFuture.completedFuture(now);
            }
        } catch (StoreUnavailableException unavailable) {
            // the database is away for a moment: look again later
        }
        long next = Math.min(LONGEST_STORE_LOOK_MILLIS, Math.max(20, waitedMillis * 2));
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(next, java.util.concurrent.TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> endedInStore(arn, next));
    }

    public ExecutionRecord describeExecution(String arn) {
        arns.checkExecution(arn);
        return redrive.asSeenNow(store.execution(arn).orElseThrow(() ->
                new ServiceException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'")));
    }

    /** The execution, or empty when there is none (it may have expired since it was listed). */
    public Optional<ExecutionRecord> findExecution(String arn) {
        return store.execution(arn);
    }

    /** A page of a machine's executions, newest first. */
    public ExecutionPage listExecutions(String stateMachineArn, ExecutionStatus status, int pageSize, String cursor) {
        return listExecutions(stateMachineArn, status, pageSize, cursor, null);
    }

    /**
     * The same, only redriven executions (true) or only never redriven ones (false), or all (null).
     * A version's or an alias's ARN lists the executions of its machine started through it.
     */
    public ExecutionPage listExecutions(String stateMachineArn, ExecutionStatus status, int pageSize, String cursor,
                                        Boolean redriven) {
        String qualifier = arns.qualifier(stateMachineArn);
        if (qualifier == null) {
            machines.describe(stateMachineArn);
            return listExecutions(new ExecutionQuery(stateMachineArn, status, null, pageSize, cursor).redriven(redriven));
        }
        boolean version = Arns.isVersionQualifier(qualifier);
        if (version ? machines.find(stateMachineArn) == null : machines.describeAlias(stateMachineArn) == null) {
            throw new ServiceException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + stateMachineArn + "'");
        }
        String machineArn = arns.stateMachine(arns.stateMachineName(stateMachineArn));
        return listExecutions(new ExecutionQuery(machineArn, status, null, pageSize, cursor).startedThrough(stateMachineArn)
                .redriven(redriven));
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
        if (finished == null && store.forward(arn, "stop", dev.statewright.interpreter.json.Json.write(
                dev.statewright.interpreter.json.Json.object().put("error", error).put("cause", cause)))) {
            // Another node drives it (a database shared by several nodes): the stop went to it.
            return stoppedElsewhere(arn, System.nanoTime() + FORWARDED_STOP_WAIT.toNanos());
        }
        if (finished == null || !runtime.stop(arn, error, cause)) {
            return CompletableFuture.completedFuture(describeExecution(arn));
        }
        return finished;
    }

    private static final java.time.Duration FORWARDED_STOP_WAIT = java.time.Duration.ofSeconds(10);

    /** Completes once the stored record shows the execution ended (another node stopped it), or as it is at the deadline. */
    private CompletableFuture<ExecutionRecord> stoppedElsewhere(String arn, long deadlineNanos) {
        ExecutionRecord now = describeExecution(arn);
        if (now.status() != ExecutionStatus.RUNNING || System.nanoTime() > deadlineNanos) {
            return CompletableFuture.completedFuture(now);
        }
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> stoppedElsewhere(arn, deadlineNanos));
    }

    /** The machine or version an execution runs, as it was when the execution started. */
    public StateMachineRecord stateMachineForExecution(String executionArn) {
        ExecutionRecord execution = describeExecution(executionArn);
        String versionArn = execution.start().stateMachineVersionArn();
        StateMachineRecord version = versionArn == null ? null : machines.find(versionArn);
        if (version != null) {
            return version;
        }
        StateMachineRecord machine = machines.find(execution.stateMachineArn());
        if (machine != null && machine.definition().equals(execution.definition())) {
            return machine;
        }
        // The machine changed or was deleted since: answer with what the execution runs.
        var when = machine != null ? machine.updateDate() : execution.startDate();
        return new StateMachineRecord(versionArn != null ? versionArn : execution.stateMachineArn(),
                execution.stateMachineName(), machine != null ? machine.type() : StateMachineType.STANDARD,
                execution.definition(), execution.roleArn(), when, when, null, Map.of(),
                machine != null ? machine.settings() : null, 0, 0, null);
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
