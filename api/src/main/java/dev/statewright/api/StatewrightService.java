package dev.statewright.api;

import dev.statewright.api.auth.AccessKeys;
import dev.statewright.api.auth.PemTls;
import dev.statewright.api.auth.SecuritySettings;
import dev.statewright.api.http.HttpServer;
import dev.statewright.api.integrations.TaskHosts;
import dev.statewright.api.integrations.ActivityQueues;
import dev.statewright.api.integrations.ActivityTaskQueue;
import dev.statewright.api.integrations.CallbackRegistry;
import dev.statewright.api.integrations.SharedActivityQueues;
import dev.statewright.api.integrations.MockConfig;
import dev.statewright.api.integrations.TaskIntegrations;
import dev.statewright.api.integrations.awssdk.AwsSdkTaskHandler;
import dev.statewright.api.service.Activities;
import dev.statewright.api.runtime.ExecutionRuntime;
import dev.statewright.api.service.Arns;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ForwardedInput;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.NodeEvents;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.postgres.DatabaseUrl;
import dev.statewright.api.store.postgres.PostgresStore;
import dev.statewright.interpreter.engine.EngineOptions;
import dev.statewright.interpreter.teststate.StateTester;
import dev.statewright.interpreter.engine.TaskHandlers;

import javax.net.ssl.SSLContext;
import dev.statewright.api.events.EventDelivery;
import dev.statewright.api.events.EventOutbox;
import dev.statewright.api.events.EventSink;
import dev.statewright.api.events.EventSinks;
import dev.statewright.api.executionlogs.ExecutionLogs;
import dev.statewright.api.metrics.MetricsHandler;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.store.MachineSettings;
import dev.statewright.api.metrics.ServiceMetrics;
import dev.statewright.api.runtime.ExecutionObserver;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The whole service: store, execution runtime, Step Functions operations and HTTP, wired
 * together. Starting it resumes every execution the store has as running.
 */
public final class StatewrightService implements AutoCloseable {
    private final Store store;
    private final ExecutionRuntime runtime;
    private final StepFunctions stepFunctions;
    private final HttpServer http;
    private final ScheduledExecutorService timers;
    private final CallbackRegistry callbacks;
    private final ActivityTaskQueue activityTasks;
    private final AwsSdkTaskHandler awsSdk;
    private final Activities activities;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final ExecutionLogs executionLogs;
    /** Sends status-change events; null when no sink is configured (then no outbox entry is written). */
    private final EventDelivery events;
    private int resumed;

    /**
     * The runtime's answers to the other nodes, with SendTask* calls they pass on going to the
     * waiting tasks here, and activity pick-ups to the tasks offered here.
     */
    private static NodeEvents withCallbacks(NodeEvents runtime, CallbackRegistry callbacks, ActivityTaskQueue activities,
                                            EventDelivery events, Store store) {
        return new NodeEvents() {
            @Override
            public void takenOver(java.util.List<dev.statewright.api.store.ExecutionRecord> executions) {
                runtime.takenOver(executions);
            }

            @Override
            public void lost(java.util.List<String> executionArns) {
                runtime.lost(executionArns);
            }

            @Override
            public boolean deliversEvents() {
                return events != null;
            }

            @Override
            public void outboxTakenOver(java.util.List<dev.statewright.api.store.OutboxEntry> entries) {
                if (events != null) {
                    events.enqueue(entries);
                }
            }

            @Override
            public void forwarded(ForwardedInput input) {
                boolean pickUp = activities instanceof SharedActivityQueues shared && shared.takeForwarded(input);
                if (!pickUp && !callbacks.takeForwarded(input, store::reply)) {
                    runtime.forwarded(input);
                }
            }
        };
    }

    private StatewrightService(ServiceConfig config, TaskHandlers extraHandlers, TaskHandlers inProcess, Store store) {
        this.store = store;
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "statewright-activity-polls");
            thread.setDaemon(true);
            return thread;
        });
        Arns arns = new Arns(config.region(), config.account());
        // Nested executions start children through the operations, which need the runtime (and so these handlers) first.
        AtomicReference<StepFunctions> built = new AtomicReference<>();
        // A SendTask* for an execution another node drives goes to that node (a database shared by several nodes).
        this.callbacks = new CallbackRegistry(timers, CallbackRegistry.ARRIVAL_GRACE, store::forwardForReply);
        // On a database shared with other nodes the tasks wait there, so a worker may poll any node.
        ActivityTaskQueue queues = store.sharedActivityTasks().<ActivityTaskQueue>map(table -> new SharedActivityQueues(
                table, store::forward, timers, config.activityPollTimeout()))
                .orElseGet(() -> new ActivityQueues(timers, config.activityPollTimeout()));
        this.activityTasks = queues;
        this.activities = new Activities(store, arns, InstantSource.system(), queues);
        // Handlers given by the caller (tests, embedders) win; the integrations handle the rest.
        this.awsSdk = new AwsSdkTaskHandler(config.endpoints(), config.region());
        TaskHandlers handlers = extraHandlers != null ? extraHandlers : TaskIntegrations.handlers(config.lambdaEndpoint(),
                config.region(), config.account(), callbacks, queues, activities::exists, built::get, inProcess, awsSdk,
                config.security().allowedTaskHosts().isEmpty() ? TaskHosts.any() : TaskHosts.only(config.security().allowedTaskHosts()));
        EngineOptions options = EngineOptions.defaults().withAccount(config.region(), config.account());
        MockConfig mocks = config.mockConfig() == null ? null : MockConfig.load(config.mockConfig());
        this.executionLogs = new ExecutionLogs(machineArn -> settingsOf(built.get(), machineArn),
                config.observability().logDirectory(), System.out);
        List<ExecutionObserver> observers = new java.util.ArrayList<>(List.of(metrics, executionLogs));
        this.events = eventDelivery(config, store, awsSdk);
        if (events != null) {
            observers.add(new EventOutbox(events, config.region(), config.account()));
        }
        ExecutionObserver observer = ExecutionObserver.all(observers);
        this.runtime = new ExecutionRuntime(store, handlers, (record, journaled) -> record.testCase() == null || mocks == null
                ? journaled : mocks.handlers(record.stateMachineName(), record.testCase(), journaled), options, InstantSource.system(), config.waitTimeScale(),
                config.workerThreads(), observer);
        registerGauges(queues);
        this.stepFunctions = new StepFunctions(store, runtime, arns, InstantSource.system(), mocks);
        built.set(stepFunctions);
        // TestState runs its Task through the same integrations as an execution's (unmocked tasks only).
        StateTester tester = new StateTester(handlers, options);
        SecuritySettings security = config.security();
        HttpServer.Access access = security.credentialsFile() == null ? null
                : new HttpServer.Access(AccessKeys.read(security.credentialsFile()), config.region());
        SSLContext tls = security.tls() ? PemTls.context(security.tlsCertificate(), security.tlsKey()) : null;
        this.http = new HttpServer(stepFunctions, activities, callbacks, tester, config.host(), config.port(),
                config.allowedHosts(), config.connectionLimits(), access, tls, new MetricsHandler(metrics));
    }

    /** The sinks the configuration names, behind one delivery; null when it names none. */
    private static EventDelivery eventDelivery(ServiceConfig config, Store store, AwsSdkTaskHandler awsSdk) {
        ObservabilityConfig given = config.observability();
        if (!given.sendsEvents()) {
            return null;
        }
        List<EventSink> sinks = new java.util.ArrayList<>();
        given.webhooks().forEach(url -> sinks.add(EventSinks.webhook(url)));
        if (given.amqp() != null) {
            sinks.add(EventSinks.amqp(given.amqp().uri(), given.amqp().exchange(), given.amqp().routingKey()));
        }
        if (given.eventBridge() != null) {
            if (!awsSdk.reachable("eventbridge")) {
                throw new IllegalArgumentException("Status events go to EventBridge, which has no endpoint here: "
                        + awsSdk.howToReach("eventbridge"));
            }
            sinks.add(EventSinks.eventBridge(awsSdk, given.eventBridge()));
        }
        return new EventDelivery(store, sinks);
    }

    /** A machine's settings, or null when it is gone (its executions then log nothing). */
    private static MachineSettings settingsOf(StepFunctions operations, String machineArn) {
        try {
            return operations == null ? null : operations.describeStateMachine(machineArn).settings();
        } catch (ServiceException gone) {
            return null;
        }
    }

    private void registerGauges(ActivityTaskQueue queues) {
        metrics.gauge("statewright_executions_running", "Executions running in this service", runtime::runningCount);
        metrics.gauge("statewright_executions_parked",
                "Running executions waiting with nothing to do now (a Wait, a task, a callback)", runtime::parkedCount);
        metrics.gauge("statewright_callbacks_waiting", "Tasks waiting for SendTaskSuccess or SendTaskFailure",
                callbacks::waitingCount);
        metrics.gauge("statewright_activity_tasks_queued", "Activity tasks waiting for a worker", queues::queuedTasks);
        metrics.gauge("statewright_activity_polls_waiting", "GetActivityTask calls waiting for a task", queues::waitingPolls);
        if (events != null) {
            metrics.gauge("statewright_events_pending", "Status-change events not yet taken by every sink", events::pending);
            metrics.counter("statewright_events_delivered_total", "Status-change events taken by every sink", events::delivered);
            metrics.counter("statewright_events_failed_sends_total", "Sends of status-change events that failed and are retried",
                    events::failedSends);
        }
        if (store instanceof MapDbStore embedded) {
            embedded.observeCommits(metrics::groupCommitted);
            metrics.gauge("statewright_store_log_bytes", "Bytes the store's log takes on disk", embedded::logBytes);
        }
    }

    /** The service's metrics (what GET /metrics shows). */
    public ServiceMetrics metrics() {
        return metrics;
    }

    /**
     * Starts the service with its task integrations: Lambda through the configured endpoint,
     * activities and callbacks answered through the API.
     *
     * @throws ServiceStartException naming the step that failed (opening the store, resuming, listening)
     */
    public static StatewrightService start(ServiceConfig config) {
        return start(config, null);
    }

    /**
     * Starts the service on the embedded store in the configured data directory (or in memory):
     * it resumes what was running, then listens.
     */
    public static StatewrightService start(ServiceConfig config, TaskHandlers handlers) {
        return start(config, handlers, openStore(config));
    }

    /**
     * Starts the service on a store of the caller's choice; closing the service closes it, and so
     * does a failure to start.
     *
     * @param handlers task handlers to use instead of the built-in integrations, or null
     */
    public static StatewrightService start(ServiceConfig config, TaskHandlers handlers, Store store) {
        return start(config, store, () -> new StatewrightService(config, handlers, TaskHandlers.none(), store));
    }

    /**
     * Starts the service with its integrations and, in front of them, in-process handlers for
     * resources it cannot reach (an SQS queue, a DynamoDB table): tests and embedders stand them
     * in. A {@code .waitForTaskToken} resource's call goes to the handler of its base resource.
     */
    public static StatewrightService startWithHandlers(ServiceConfig config, TaskHandlers inProcess) {
        Store store = openStore(config);
        return start(config, store, () -> new StatewrightService(config, null, inProcess, store));
    }

    private static Store openStore(ServiceConfig config) {
        if (config.database() != null) {
            DatabaseUrl url;
            try {
                url = DatabaseUrl.parse(config.database());
            } catch (IllegalArgumentException e) {
                throw new ServiceStartException("Cannot open the database", e);
            }
            try {
                return PostgresStore.open(url, config.postgres().withRetention(config.storeOptions().retention()));
            } catch (RuntimeException e) {
                throw new ServiceStartException("Cannot open the database " + url.shown(), e);
            }
        }
        try {
            return config.dataDirectory() == null ? MapDbStore.inMemory() : MapDbStore.open(config.dataDirectory(), config.storeOptions());
        } catch (RuntimeException e) {
            throw new ServiceStartException(config.dataDirectory() == null ? "Cannot open the in-memory store"
                    : "Cannot open the data directory " + config.dataDirectory().toAbsolutePath(), e);
        }
    }

    /** Builds, resumes, then listens; a step that fails closes what the steps before it opened. */
    private static StatewrightService start(ServiceConfig config, Store store, Supplier<StatewrightService> build) {
        StatewrightService service;
        try {
            service = build.get();
        } catch (RuntimeException e) {
            store.close();
            throw new ServiceStartException("Cannot start the service", e);
        }
        try {
            if (service.events != null) {
                service.events.recover(); // what was not delivered before the stop goes first
            }
            // Resumed first, so no request finds an execution half rebuilt (a token not yet registered).
            service.resumed = service.runtime.resumeAll();
            // Then, on a database shared with other nodes: executions they leave, and inputs they pass on.
            store.coordinate(withCallbacks(service.runtime.nodeEvents(), service.callbacks, service.activityTasks,
                    service.events, store));
        } catch (RuntimeException e) {
            service.close();
            throw new ServiceStartException("Cannot resume the stored executions", e);
        }
        try {
            service.http.start();
        } catch (RuntimeException e) {
            service.close();
            throw new ServiceStartException("Cannot listen on " + config.host() + ":" + config.port(), e);
        }
        // The list of nodes shows where each serves: the host as given, the port taken (0 asks for any).
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        store.serving(host + ":" + service.port());
        return service;
    }

    public int port() {
        return http.port();
    }

    /** This node's id on a database shared with other nodes; null on the embedded store. */
    public String nodeId() {
        return store instanceof PostgresStore postgres ? postgres.nodeId() : null;
    }

    /** How many running executions the start found in the store and resumed. */
    public int resumedExecutions() {
        return resumed;
    }

    public StepFunctions stepFunctions() {
        return stepFunctions;
    }

    public CallbackRegistry callbacks() {
        return callbacks;
    }

    public Activities activities() {
        return activities;
    }

    @Override
    public void close() {
        http.close();
        timers.shutdownNow();
        awsSdk.close();
        runtime.close();
        executionLogs.close();
        if (events != null) {
            events.close();
        }
        store.close();
    }
}
