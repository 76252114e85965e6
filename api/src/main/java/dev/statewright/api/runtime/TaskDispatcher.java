package dev.statewright.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.statewright.interpreter.StatesErrors;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskHandler;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.engine.TaskRequest;
import dev.statewright.interpreter.json.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Stands between one execution's engine and the real task handlers. The engine's call becomes a
 * numbered dispatch; the real handler is called only once the events that scheduled the task are
 * committed, and its answer comes back as a journaled input. On replay nothing is called: the
 * journal gives each dispatch its outcome, and dispatches still open when the replay ends are
 * sent again (at least once).
 */
final class TaskDispatcher implements TaskHandler {
    private final TaskHandlers handlers;
    private final ServiceExecutionLoop loop;
    /** Dispatches whose outcome the engine still waits for; touched on the loop only. */
    private final Map<Long, Dispatch> open = new HashMap<>();
    private final List<Dispatch> uncommitted = new ArrayList<>();
    /** Dispatches a worker has taken (journaled): sent again after a restart, they are not handed out again. */
    private final java.util.Set<Long> taken = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The handlers' answers not yet given, by dispatch: any thread. */
    private final Map<Long, CompletableFuture<JsonNode>> handedOut = new java.util.concurrent.ConcurrentHashMap<>();
    private long nextId;
    /** False while a replay rebuilds the execution: its dispatches went out before the restart. */
    private boolean live = true;

    record Dispatch(long id, TaskRequest request, CompletableFuture<JsonNode> outcome) {
    }

    private final ExecutionObserver observer;
    /** The execution these tasks are for: its lease names the node that drives them. */
    private final String executionArn;

    TaskDispatcher(TaskHandlers handlers, ServiceExecutionLoop loop, ExecutionObserver observer, String executionArn) {
        this.handlers = handlers;
        this.loop = loop;
        this.observer = observer;
        this.executionArn = executionArn;
    }

    /** Called by the engine, on the loop. */
    @Override
    public CompletionStage<JsonNode> invoke(TaskRequest request) {
        long id = nextId++;
        CompletableFuture<JsonNode> outcome = new CompletableFuture<>();
        Dispatch dispatch = new Dispatch(id, request, outcome);
        open.put(id, dispatch);
        // Completed or cancelled on the loop, so this runs there too.
        outcome.whenComplete((result, failure) -> open.remove(id));
        if (live) {
            uncommitted.add(dispatch);
        }
        return outcome;
    }

    @Override
    public String refusal(String resource) {
        return handlers.forResource(resource).refusal(resource);
    }

    /** The dispatches of this turn, to send once the turn's events are committed. */
    List<Dispatch> takeUncommitted() {
        if (uncommitted.isEmpty()) {
            return List.of();
        }
        List<Dispatch> taken = new ArrayList<>(uncommitted);
        uncommitted.clear();
        return taken;
    }

    /** Starts a replay: dispatches are not sent; the journal holds their outcomes. */
    void beginReplay() {
        live = false;
    }

    /** Ends a replay: from now on dispatches are live. Returns those still open, to send again. */
    List<Dispatch> goLive() {
        live = true;
        return open.values().stream().sorted(Comparator.comparingLong(Dispatch::id)).collect(Collectors.toList());
    }

    /** Sends dispatches to their handlers. Any thread. */
    void send(List<Dispatch> dispatches) {
        for (Dispatch dispatch : dispatches) {
            if (dispatch.outcome().isDone()) {
                continue; // the engine gave up on it (a timeout, a stop) before it went out
            }
            TaskRequest request = dispatch.request();
            // An activity's token names this execution, so a worker's answer on another node finds it.
            String token = request.taskToken() == null && ActivityTokens.isActivity(request.resource())
                    ? ActivityTokens.issue(request, executionArn) : request.taskToken();
            TaskRequest toWorker = new TaskRequest(request.resource(), request.input(), request.stateName(),
                    request.context(), token, () -> loop.post(new LoopInput.Heartbeat(dispatch.id())),
                    worker -> loop.post(new LoopInput.PickedUp(dispatch.id(), worker)), taken.contains(dispatch.id()));
            CompletionStage<JsonNode> answer;
            long sentAt = System.nanoTime();
            try {
                answer = handlers.forResource(request.resource()).invoke(toWorker);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            if (answer == null) {
                answer = CompletableFuture.failedFuture(new IllegalStateException(
                        "The task handler for " + request.resource() + " returned no CompletionStage"));
            }
            CompletionStage<JsonNode> given = answer;
            handedOut.put(dispatch.id(), answer.toCompletableFuture());
            answer.whenComplete((result, failure) -> {
                handedOut.remove(dispatch.id());
                observer.taskEnded(request.resource(), java.time.Duration.ofNanos(System.nanoTime() - sentAt), failure != null);
                LoopInput.TaskOutcome outcome = outcome(dispatch.id(), result, failure);
                loop.post(given instanceof StoredAnswer waiting ? outcome.acknowledgedBy(waiting.stored()) : outcome);
            });
            CompletionStage<JsonNode> sent = answer;
            // When the engine gives up (a timeout, a stop), the handler hears of it: a waiting callback leaves.
            dispatch.outcome().whenComplete((result, failure) -> {
                if (dispatch.outcome().isCancelled()) {
                    sent.toCompletableFuture().cancel(false);
                }
            });
        }
    }

    /**
     * The execution is driven by another node now, which sends its open tasks again: the handlers'
     * answers still out here end with {@code why}, so a waiting callback leaves this node (its
     * token then answers at the new owner), and an answer given but not yet stored hears it will
     * not be, instead of waiting for a loop that has stopped.
     */
    void abandon(RuntimeException why) {
        handedOut.values().forEach(answer -> {
            answer.completeExceptionally(why);
            if (answer instanceof StoredAnswer waiting) {
                waiting.stored().completeExceptionally(why);
            }
        });
    }

    private static LoopInput.TaskOutcome outcome(long id, JsonNode result, Throwable failure) {
        if (failure == null) {
            try {
                // As text and back, so the live run sees exactly what a replay will read from the journal.
                return new LoopInput.TaskOutcome(id, Json.parse(Json.write(result == null ? Json.NODES.nullNode() : result)),
                        null, null, false);
            } catch (RuntimeException unreadable) {
                failure = new StatesException(StatesErrors.DATA_LIMIT_EXCEEDED,
                        "The task's result could not be read: " + unreadable.getMessage());
            }
        }
        StatesException error = StatesException.fromTaskFailure(failure);
        return new LoopInput.TaskOutcome(id, null, error.error(), error.cause(), true);
    }

    /** Applies a journaled outcome, on the loop; one for a dispatch no longer open does nothing. */
    void complete(LoopInput.TaskOutcome outcome) {
        Dispatch dispatch = open.get(outcome.dispatch());
        if (dispatch == null) {
            return;
        }
        if (outcome.failed()) {
            dispatch.outcome().completeExceptionally(new StatesException(outcome.error(), outcome.cause()));
        } else {
            dispatch.outcome().complete(outcome.result());
        }
    }

    /** Applies a journaled pick-up by a worker, on the loop. */
    void pickedUp(long id, String worker) {
        Dispatch dispatch = open.get(id);
        if (dispatch != null) {
            taken.add(id);
            dispatch.request().pickedUp().accept(worker);
        }
    }

    /** Applies a journaled heartbeat, on the loop. */
    void heartbeat(long id) {
        Dispatch dispatch = open.get(id);
        if (dispatch != null) {
            dispatch.request().heartbeat().run();
        }
    }
}
