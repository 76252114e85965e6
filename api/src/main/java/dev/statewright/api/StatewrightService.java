package dev.statewright.api;

import dev.statewright.api.http.HttpServer;
import dev.statewright.api.integrations.TaskIntegrations;
import dev.statewright.api.runtime.ExecutionRuntime;
import dev.statewright.api.service.Arns;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.Store;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.engine.TaskHandlers;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole service: store, execution runtime, Step Functions operations and HTTP, wired
 * together. Starting it resumes every execution the store has as running.
 */
public final class StatewrightService implements AutoCloseable {
    private final Store store;
    private final ExecutionRuntime runtime;
    private final StepFunctions stepFunctions;
    private final HttpServer http;
    private int resumed;

    private StatewrightService(ServiceConfig config, TaskHandlers handlers, Store store) {
        this.store = store;
        Map<String, ExecutionRecord> index = new ConcurrentHashMap<>();
        EngineOptions options = EngineOptions.defaults().withAccount(config.region(), config.account());
        this.runtime = new ExecutionRuntime(store, handlers, options, InstantSource.system(), config.waitTimeScale(),
                config.workerThreads(), record -> index.put(record.arn(), record));
        this.stepFunctions = new StepFunctions(store, runtime, new Arns(config.region(), config.account()),
                InstantSource.system(), index);
        this.http = new HttpServer(stepFunctions, config.host(), config.port());
    }

    /** Starts the service with the configured task integrations (Lambda through its endpoint). */
    public static StatewrightService start(ServiceConfig config) {
        return start(config, TaskIntegrations.handlers(config.lambdaEndpoint(), config.region(), config.account()));
    }

    /**
     * Starts the service on the embedded store in the configured data directory (or in memory):
     * it listens, then resumes what was running.
     */
    public static StatewrightService start(ServiceConfig config, TaskHandlers handlers) {
        Store store = config.dataDirectory() == null ? MapDbStore.inMemory() : MapDbStore.open(config.dataDirectory());
        return start(config, handlers, store);
    }

    /** Starts the service on a store of the caller's choice; closing the service closes it. */
    public static StatewrightService start(ServiceConfig config, TaskHandlers handlers, Store store) {
        StatewrightService service = new StatewrightService(config, handlers, store);
        service.http.start();
        service.resumed = service.runtime.resumeAll();
        return service;
    }

    public int port() {
        return http.port();
    }

    /** How many running executions the start found in the store and resumed. */
    public int resumedExecutions() {
        return resumed;
    }

    public StepFunctions stepFunctions() {
        return stepFunctions;
    }

    @Override
    public void close() {
        http.close();
        runtime.close();
        store.close();
    }
}
