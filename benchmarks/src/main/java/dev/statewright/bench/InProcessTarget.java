package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.engine.Engine;
import dev.statewright.interpreter.engine.ExecutionResult;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.DefinitionParser;
import dev.statewright.interpreter.model.StateMachine;

/** The interpreter's engine in this JVM, everything in memory: what the peer is. */
public final class InProcessTarget implements BenchTarget {
    private final Engine engine = new Engine(TaskHandlers.none());

    @Override
    public String mode() {
        return "inprocess";
    }

    @Override
    public ExecutionDriver prepare(BenchMachine machine) {
        StateMachine parsed = DefinitionParser.parse(machine.definition());
        JsonNode input = Json.parse(machine.input());
        return () -> {
            ExecutionResult result = engine.run(parsed, input);
            if (result.status() != ExecutionStatus.SUCCEEDED) {
                throw new IllegalStateException(machine.name() + " ended " + result.status() + ": " + result.error()
                        + " " + result.cause());
            }
            return result.output();
        };
    }

    /** States entered by one execution, counted from its history (nested ones included). */
    public int statesEntered(BenchMachine machine) {
        ExecutionResult result = engine.run(DefinitionParser.parse(machine.definition()), Json.parse(machine.input()));
        return (int) result.history().stream().filter(event -> event.type().endsWith("StateEntered")).count();
    }

    @Override
    public void close() {
        // The engine holds nothing to release.
    }
}
