package dev.statewright.interpreter.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.RandomIds;
import dev.statewright.interpreter.intrinsic.IntrinsicFunctions;
import dev.statewright.interpreter.model.StateMachine;

import java.time.Instant;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs state machines. An engine is immutable and may run any number of executions at once;
 * each execution runs on the {@link ExecutionLoop} it is given.
 *
 * <p>JSON handed out (results, history event details) shares nodes with the engine and the
 * definition: treat it as read-only. Task handlers receive copies and may do as they like.
 */
public final class Engine {
    private final TaskHandlers taskHandlers;
    private final EngineOptions options;

    public Engine(TaskHandlers taskHandlers) {
        this(taskHandlers, EngineOptions.defaults());
    }

    public Engine(TaskHandlers taskHandlers, EngineOptions options) {
        this.taskHandlers = taskHandlers;
        this.options = options;
    }

    /**
     * Starts an execution on a loop. Events reach {@code listener} (which may be null) as they are
     * recorded, on the loop's thread.
     */
    public Execution start(StateMachine machine, ExecutionInfo info, ExecutionLoop loop, Consumer<HistoryEvent> listener) {
        return start(machine, info, loop, listener, null, java.util.Map.of());
    }

    /**
     * Starts an execution whose events go to {@code listener} only: it keeps none itself, so a long
     * history with large payloads costs no memory (the service stores each event as it comes).
     */
    public Execution startKeepingNoHistory(StateMachine machine, ExecutionInfo info, ExecutionLoop loop,
                                           Consumer<HistoryEvent> listener) {
        return startKeepingNoHistory(machine, info, loop, listener, MapRunListener.NONE);
    }

    /**
     * The same, telling {@code mapRuns} how its Distributed Maps' runs go (which the history does
     * not show: their items are child executions of their own).
     */
    public Execution startKeepingNoHistory(StateMachine machine, ExecutionInfo info, ExecutionLoop loop,
                                           Consumer<HistoryEvent> listener, MapRunListener mapRuns) {
        Execution execution = new Execution(machine, prepared(info), loop, context(), listener, null, java.util.Map.of(),
                false, mapRuns);
        execution.start();
        return execution;
    }

    /**
     * Starts an execution whose first state an {@link Inspector} watches and may end early, with
     * the variables its first state sees: how TestState runs one state through the engine.
     */
    public Execution start(StateMachine machine, ExecutionInfo info, ExecutionLoop loop, Consumer<HistoryEvent> listener,
                           Inspector inspector, java.util.Map<String, JsonNode> variables) {
        Execution execution = new Execution(machine, prepared(info), loop, context(), listener, inspector, variables);
        execution.start();
        return execution;
    }

    private static ExecutionInfo prepared(ExecutionInfo info) {
        return info.withInput(info.input().deepCopy()); // the caller keeps its input; the run keeps its own
    }

    private EngineContext context() {
        RandomGenerator random = options.randomSource().get();
        return new EngineContext(new DataFlowProcessor(new IntrinsicFunctions(random)),
                taskHandlers, random, options.payloadLimitBytes(), options.maxHistoryEvents(), options.region());
    }

    /** Runs one execution to its end in the calling thread, skipping waits. */
    public ExecutionResult run(StateMachine machine, JsonNode input) {
        return run(machine, input, RunSettings.defaults());
    }

    /** Runs one execution to its end in the calling thread. */
    public ExecutionResult run(StateMachine machine, JsonNode input, RunSettings settings) {
        Instant start = settings.startTime() != null ? settings.startTime() : Instant.now();
        LocalExecutionLoop loop = new LocalExecutionLoop(start, settings.timeScale());
        ExecutionInfo info = ExecutionInfo.of(options.region(), options.account(), settings.stateMachineName(),
                settings.executionName() != null ? settings.executionName() : randomName(), start, input);
        Execution execution = start(machine, info, loop, settings.listener());
        try {
            loop.runUntil(() -> execution.status().isFinished());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            execution.stop("Statewright.Interrupted", "The thread running the execution was interrupted");
            loop.runReady();
        }
        return execution.result();
    }

    /**
     * A version 4 UUID from the engine's random source: UUID.randomUUID's SecureRandom cost more
     * than a whole short execution.
     */
    private String randomName() {
        return RandomIds.uuid(options.randomSource().get());
    }

    /**
     * How {@link #run} runs an execution.
     *
     * @param timeScale real seconds per second of Wait or retry interval (0 skips them)
     * @param startTime the execution's start time, or null for now
     */
    public record RunSettings(String stateMachineName, String executionName, double timeScale, Instant startTime,
                              Consumer<HistoryEvent> listener) {
        public static RunSettings defaults() {
            return new RunSettings("StateMachine", null, 0, null, null);
        }

        public RunSettings withNames(String machineName, String execution) {
            return new RunSettings(machineName, execution, timeScale, startTime, listener);
        }

        public RunSettings withTimeScale(double scale) {
            return new RunSettings(stateMachineName, executionName, scale, startTime, listener);
        }

        public RunSettings withStartTime(Instant start) {
            return new RunSettings(stateMachineName, executionName, timeScale, start, listener);
        }

        public RunSettings withListener(Consumer<HistoryEvent> eventListener) {
            return new RunSettings(stateMachineName, executionName, timeScale, startTime, eventListener);
        }
    }
}
