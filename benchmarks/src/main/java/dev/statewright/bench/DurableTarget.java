package dev.statewright.bench;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.json.Json;
import dev.statewright.interpreter.model.StateMachineType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The durable service's runtime in this JVM, on a MapDB store in a fresh temporary directory,
 * driven through its operations rather than HTTP. An execution counts once its end is durable.
 */
public final class DurableTarget implements BenchTarget {
    static final String ROLE = "arn:aws:iam::123456789012:role/statewright-bench";

    private final Path dataDirectory;
    private final StatewrightService service;

    public DurableTarget() throws Exception {
        this.dataDirectory = Files.createTempDirectory("statewright-bench-durable");
        this.service = StatewrightService.start(ServiceConfig.defaults().withPort(0).withDataDirectory(dataDirectory)
                .withWaitTimeScale(0));
    }

    @Override
    public String mode() {
        return "durable";
    }

    @Override
    public ExecutionDriver prepare(BenchMachine machine) {
        StepFunctions operations = service.stepFunctions();
        String arn = operations.createStateMachine(machine.name(), machine.definition(), ROLE, StateMachineType.STANDARD,
                Map.of()).arn();
        return () -> {
            ExecutionRecord ended = operations.startExecution(arn, null, machine.input())
                    .thenCompose(started -> operations.whenFinished(started.arn())).get();
            if (ended.status() != ExecutionStatus.SUCCEEDED) {
                throw new IllegalStateException(machine.name() + " ended " + ended.status() + ": " + ended.error()
                        + " " + ended.cause());
            }
            return Json.parse(ended.output());
        };
    }

    @Override
    public void close() throws Exception {
        service.close();
        TempFiles.deleteTree(dataDirectory);
    }
}
