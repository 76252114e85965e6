package dev.statewright.api.metrics;

import dev.statewright.api.runtime.ExecutionObserver;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.interpreter.engine.EventTypes;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * The service's Prometheus metrics, in a registry this object owns (one per service, so two
 * services in one JVM, as tests run them, count apart). Fed from what the runtime already
 * produces ({@link ExecutionObserver}: stored turns, task answers) and from the store's group
 * commits; gauges are read when scraped. Nothing re-reads a history.
 */
public final class ServiceMetrics implements ExecutionObserver {
    /** At most this many state machines (and task resources) get a label value of their own. */
    static final int MAX_LABEL_VALUES = 200;
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final BoundedLabel machines = new BoundedLabel(MAX_LABEL_VALUES);
    private final BoundedLabel resources = new BoundedLabel(MAX_LABEL_VALUES);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter started;
    private final Counter finished;
    private final Counter redriven;
    private final Counter transitions;
    private final Histogram executionDuration;
    private final Histogram executionTransitions;
    private final Histogram taskDuration;
    private final Counter taskErrors;
    private final Histogram turnCommit;
    private final Histogram groupCommit;
    private final Histogram groupBatches;

    public ServiceMetrics() {
        started = Counter.builder().name("statewright_executions_started_total")
                .help("Executions started, by state machine").labelNames("state_machine").register(registry);
        finished = Counter.builder().name("statewright_executions_finished_total")
                .help("Executions ended, by state machine and status (SUCCEEDED, FAILED, TIMED_OUT, ABORTED)")
                .labelNames("state_machine", "status").register(registry);
        redriven = Counter.builder().name("statewright_executions_redriven_total")
                .help("Executions redriven, by state machine").labelNames("state_machine").register(registry);
        transitions = Counter.builder().name("statewright_state_transitions_total")
                .help("States entered, by state machine").labelNames("state_machine").register(registry);
        executionDuration = Histogram.builder().name("statewright_execution_duration_seconds")
                .help("Time from an execution's start (or redrive) to its end, by state machine")
                .labelNames("state_machine").classicOnly()
                .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400)
                .register(registry);
        executionTransitions = Histogram.builder().name("statewright_execution_state_transitions")
                .help("States an execution entered from its start to its end, by state machine")
                .labelNames("state_machine").classicOnly()
                .classicUpperBounds(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 25000).register(registry);
        taskDuration = Histogram.builder().name("statewright_task_duration_seconds")
                .help("Time from a task's dispatch to its handler's answer, by resource").labelNames("resource")
                .classicOnly().classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
                .register(registry);
        taskErrors = Counter.builder().name("statewright_task_errors_total")
                .help("Task dispatches whose handler failed, by resource").labelNames("resource").register(registry);
        turnCommit = Histogram.builder().name("statewright_store_commit_seconds")
                .help("Time from a turn's batch handed to the store to its being durable").classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5)
                .register(registry);
        groupCommit = Histogram.builder().name("statewright_store_group_commit_seconds")
                .help("Time the store took to append and sync one group of batches").classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
                .register(registry);
        groupBatches = Histogram.builder().name("statewright_store_group_batches")
                .help("Batches made durable by one sync (group commit)").classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 10000).register(registry);
        // The JVM's metrics, less the two that cost more than they tell here: the allocation metrics add
        // GC listeners that outlive the service, and native memory asks the JVM for a report each scrape.
        JvmMemoryMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** A gauge read at each scrape (running executions, queue depths, log size). */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    /** A counter kept elsewhere, read at each scrape (events delivered). */
    public void counter(String name, String help, java.util.function.LongSupplier value) {
        io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.getAsLong())).register(registry);
    }

    /** A group commit of the store. */
    public void groupCommitted(int batches, long nanos) {
        groupCommit.observe(nanos / 1e9);
        groupBatches.observe(batches);
    }

    @Override
    public void turnStored(StoredTurn turn) {
        ExecutionRecord record = turn.record();
        String machine = machines.of(record.stateMachineName());
        turnCommit.observe(turn.commit().toNanos() / 1e9);
        long entered = 0;
        for (HistoryEvent event : turn.events()) {
            String type = event.type();
            if (type.endsWith("StateEntered")) {
                entered++;
            } else if (type.equals(EventTypes.EXECUTION_STARTED)) {
                started.labelValues(machine).inc();
            } else if (type.equals(EventTypes.EXECUTION_REDRIVEN)) {
                redriven.labelValues(machine).inc();
            }
        }
        if (entered > 0) {
            transitions.labelValues(machine).inc(entered);
        }
        if (turn.ended() && record.status() != ExecutionStatus.RUNNING) {
            finished.labelValues(machine, record.status().name()).inc();
            Instant from = record.redrives().count() > 0 && record.redrives().lastDate() != null
                    ? record.redrives().lastDate() : record.startDate();
            if (record.stopDate() != null && from != null) {
                executionDuration.labelValues(machine).observe(Duration.between(from, record.stopDate()).toNanos() / 1e9);
            }
            executionTransitions.labelValues(machine).observe(turn.stateTransitions());
        }
    }

    @Override
    public void taskEnded(String resource, Duration took, boolean failed) {
        String label = resources.of(resource);
        taskDuration.labelValues(label).observe(took.toNanos() / 1e9);
        if (failed) {
            taskErrors.labelValues(label).inc();
        }
    }

    /** Every metric in the Prometheus text format (version 0.0.4). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
