package dev.statewright.api.service;

import dev.statewright.api.runtime.ExecutionRuntime;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.InvalidCursorException;
import dev.statewright.api.store.MapRunChildPage;
import dev.statewright.api.store.MapRunChildRecord;
import dev.statewright.api.store.MapRunPage;
import dev.statewright.api.store.MapRunRecord;
import dev.statewright.api.store.Store;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.MapRunStatus;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Map Runs of Distributed Map states (DescribeMapRun, ListMapRuns, UpdateMapRun). A run's
 * record is written by its execution's turns, so reads come from the store; an update goes to the
 * running execution as an input, journaled like any other, so a restart replays it.
 *
 * <p>This engine runs a Distributed Map's child workflow executions inside the parent execution
 * (as branches of its loop), not as executions of their own; each child's record (status, dates,
 * input, output or error) is kept beside the run's, so ListExecutions lists a run's children and
 * DescribeExecution describes one, but no child has a history or a loop of its own.
 */
public final class MapRuns {
    /** AWS's longest Map Run ARN. */
    private static final int MAX_ARN_LENGTH = 2000;

    private final Store store;
    private final ExecutionRuntime runtime;
    private final Arns arns;

    public MapRuns(Store store, ExecutionRuntime runtime, Arns arns) {
        this.store = store;
        this.runtime = runtime;
        this.arns = arns;
    }

    /**
     * A Map Run as DescribeMapRun shows it. A run whose execution ended without it (the service
     * failed the execution outside the engine) is shown aborted when the execution ended.
     */
    public MapRunRecord describe(String mapRunArn) {
        checkArn(mapRunArn);
        MapRunRecord run = store.mapRun(mapRunArn).orElseThrow(() -> notFound(mapRunArn));
        if (run.status() != MapRunStatus.RUNNING) {
            return run;
        }
        Optional<ExecutionRecord> execution = store.execution(run.executionArn());
        if (execution.isEmpty() || execution.get().status() == ExecutionStatus.RUNNING) {
            return run;
        }
        MapRunRecord.Counts c = run.counts();
        return new MapRunRecord(run.arn(), run.executionArn(), MapRunStatus.ABORTED, run.startDate(),
                execution.get().stopDate(), run.maxConcurrency(), run.toleratedFailureCount(),
                run.toleratedFailurePercentage(),
                new MapRunRecord.Counts(c.pending(), 0, c.succeeded(), c.failed(), c.aborted() + c.running(), c.total()),
                run.redrives());
    }

    /** A page of an execution's Map Runs, newest first. */
    public MapRunPage list(String executionArn, int pageSize, String cursor) {
        arns.checkExecution(executionArn);
        if (store.execution(executionArn).isEmpty()) {
            throw new ServiceException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
        }
        try {
            return store.mapRuns(executionArn, pageSize, cursor);
        } catch (InvalidCursorException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: the next token is not one this list gave");
        }
    }

    /**
     * Changes a running Map Run's settings (each null one stays); completes once the change is
     * durable, and so in effect on the running Map.
     */
    public CompletableFuture<Void> update(String mapRunArn, Integer maxConcurrency, Long toleratedFailureCount,
                                          Double toleratedFailurePercentage) {
        checkArn(mapRunArn);
        if (maxConcurrency == null && toleratedFailureCount == null && toleratedFailurePercentage == null) {
            throw ServiceException.validation("At least one of maxConcurrency, toleratedFailureCount and "
                    + "toleratedFailurePercentage must be given");
        }
        MapRunRecord run = describe(mapRunArn);
        if (run.status() != MapRunStatus.RUNNING) {
            throw ServiceException.validation("Map Run " + mapRunArn + " is " + run.status()
                    + ": only a running Map Run can be updated");
        }
        // A count past what an int holds tolerates every item, as the largest int does.
        Integer count = toleratedFailureCount == null ? null : (int) Math.min(toleratedFailureCount, Integer.MAX_VALUE);
        CompletableFuture<Void> stored = runtime.updateMapRun(run.executionArn(), mapRunArn, maxConcurrency, count,
                toleratedFailurePercentage);
        if (stored == null) {
            // Ended since it was read, or suspended while the store refuses writes.
            throw ServiceException.validation("Map Run " + mapRunArn + " cannot be updated now: its execution "
                    + run.executionArn() + " is not running in this service");
        }
        return stored;
    }

    /**
     * A page of a Map Run's child executions (ListExecutions with a Map Run ARN), the last started
     * first: of one status or (null) all, and only redriven ones (true), never redriven ones
     * (false) or all (null). A page filtered by redrives may hold fewer than asked and go on.
     */
    public MapRunChildPage children(String mapRunArn, ExecutionStatus status, Boolean redriven, int pageSize,
                                    String cursor) {
        describe(mapRunArn);
        MapRunChildPage page;
        try {
            page = store.mapRunChildren(mapRunArn, status, pageSize, cursor);
        } catch (InvalidCursorException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: the next token is not one this list gave");
        }
        if (redriven == null) {
            return page;
        }
        return new MapRunChildPage(page.children().stream().filter(child -> (child.redriveCount() > 0) == redriven)
                .toList(), page.nextCursor());
    }

    /** A Distributed Map's child execution, or empty when the ARN names none. */
    public Optional<MapRunChildRecord> child(String executionArn) {
        return Arns.isMapRunChild(executionArn) ? store.mapRunChild(executionArn) : Optional.empty();
    }

    /**
     * The state machine a Map Run's children run: AWS names it after the parent machine and the
     * Map's label ({@code stateMachine:parent/Label}), as the Map Run ARN does.
     */
    public static String stateMachineArn(String mapRunArn) {
        String machineAndLabel = mapRunArn.substring(0, mapRunArn.lastIndexOf(':'));
        return machineAndLabel.replaceFirst(":mapRun:", ":stateMachine:");
    }

    /** A Map Run ARN: {@code arn:aws:states:region:account:mapRun:machine/label:id}, or InvalidArn. */
    private void checkArn(String mapRunArn) {
        String prefix = arns.stateMachine("").replace(":stateMachine:", ":mapRun:");
        boolean valid = mapRunArn != null && mapRunArn.length() <= MAX_ARN_LENGTH && mapRunArn.startsWith(prefix)
                && mapRunArn.indexOf('/', prefix.length()) > prefix.length()
                && mapRunArn.lastIndexOf(':') > mapRunArn.indexOf('/', prefix.length())
                && !mapRunArn.endsWith(":");
        if (!valid) {
            throw new ServiceException("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: "
                    + mapRunArn + "'");
        }
    }

    private static ServiceException notFound(String mapRunArn) {
        return new ServiceException("ResourceNotFound", "Resource not found: '" + mapRunArn + "'");
    }
}
