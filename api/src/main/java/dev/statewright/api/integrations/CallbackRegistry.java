package dev.statewright.api.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.service.ServiceException;
import dev.statewright.api.service.StrictJson;
import dev.statewright.api.runtime.StoredAnswer;
import dev.statewright.api.store.FencedWriteException;
import dev.statewright.api.store.ForwardedReply;
import dev.statewright.interpreter.StatesException;
import dev.statewright.interpreter.engine.TaskTokens;
import dev.statewright.interpreter.json.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Tasks waiting for a worker's answer, by task token: callback tasks ({@code .waitForTaskToken})
 * and activity tasks. SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat reach them here.
 * A task the engine gives up on (a timeout, a stop) leaves, so a late answer is refused.
 */
public final class CallbackRegistry {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(CallbackRegistry.class.getName());
    private static final int MAX_TOKEN_LENGTH = 1024;
    /** Every token Statewright issues is at least this long, in base64url's letters; anything else is no token. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{64,}");
    /** How many closed tokens are remembered, to answer TaskTimedOut rather than TaskDoesNotExist. */
    private static final int CLOSED_TOKENS_REMEMBERED = 10_000;
    /** How long an answer for a token no task holds yet waits for one to arrive (see {@link #waitingFor}). */
    public static final Duration ARRIVAL_GRACE = Duration.ofSeconds(2);

    /** A task waiting for its token: what it was given, for people and tools looking for open tasks. */
    public record Waiting(String token, String resource, String stateName, JsonNode input, Runnable heartbeat,
                          StoredAnswer answer) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    /** Answers that came for a token before its task registered, each waiting for the task or the grace's end. */
    private final Map<String, List<CompletableFuture<Waiting>>> early = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final Duration arrivalGrace;
    /** Passes a call on to the node that drives the token's execution (several nodes on one database). */
    private final Elsewhere elsewhere;
    /** Tokens of tasks that ended (answered, timed out, stopped), oldest first, so a late answer is told so. */
    private final Map<String, Boolean> closed = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CLOSED_TOKENS_REMEMBERED;
        }
    });

    /** How many tasks wait for SendTask* now. */
    public int waitingCount() {
        return (int) waiting.entrySet().stream().filter(each -> each.getKey().equals(each.getValue().token())).count();
    }

    /**
     * Where a call for a token no task here holds goes when another node drives the token's
     * execution ({@link dev.statewright.api.store.Store#forwardForReply}): empty when no other node
     * drives it, else a stage completed with that node's verdict.
     */
    @FunctionalInterface
    public interface Elsewhere {
        Optional<CompletableFuture<ForwardedReply>> forward(String executionArn, String kind, String body);

        Elsewhere NOWHERE = (executionArn, kind, body) -> Optional.empty();
    }

    /**
     * How long a call passed on waits for the owner's verdict. Past it (the owner died after taking
     * the call, or is slow) the caller is answered as if it was done: the call was stored for the owner.
     */
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(10);

    /** @param timers ends the wait of an answer whose token no task takes within {@code arrivalGrace} */
    public CallbackRegistry(ScheduledExecutorService timers, Duration arrivalGrace) {
        this(timers, arrivalGrace, Elsewhere.NOWHERE);
    }

    public CallbackRegistry(ScheduledExecutorService timers, Duration arrivalGrace, Elsewhere elsewhere) {
        this.timers = timers;
        this.arrivalGrace = arrivalGrace;
        this.elsewhere = elsewhere;
    }

    /** Registers a task under its token; the stage completes with the worker's answer. */
    public CompletableFuture<JsonNode> register(String token, String resource, String stateName, JsonNode input,
                                                Runnable heartbeat) {
        return register(token, null, resource, stateName, input, heartbeat);
    }

    /** As {@link #register(String, String, String, JsonNode, Runnable)}; {@code olderToken}, when not null, answers the task too. */
    public CompletableFuture<JsonNode> register(String token, String olderToken, String resource, String stateName,
                                                JsonNode input, Runnable heartbeat) {
        StoredAnswer answer = new StoredAnswer();
        Waiting entry = new Waiting(token, resource, stateName, input, heartbeat, answer);
        List<String> tokens = olderToken == null || olderToken.equals(token) ? List.of(token) : List.of(token, olderToken);
        for (String each : tokens) {
            waiting.put(each, entry);
            closed.remove(each);
        }
        answer.whenComplete((result, failure) -> {
            boolean moved = FencedWriteException.isMove(failure);
            for (String each : tokens) {
                // A task whose execution another node took over is not over: its token answers there now.
                if (waiting.remove(each, entry) && !moved) {
                    closed.put(each, Boolean.TRUE);
                }
            }
        });
        for (String each : tokens) {
            List<CompletableFuture<Waiting>> answeredEarly = early.remove(each);
            if (answeredEarly != null) {
                answeredEarly.forEach(arrival -> arrival.complete(entry));
            }
        }
        return answer;
    }

    /**
     * Completes once the outcome is stored, so the worker's acknowledgement survives a crash; for
     * an execution another node drives, once the call is stored for that node (see {@link #passedOn}).
     */
    public CompletableFuture<Void> succeed(String token, String output) {
        CompletableFuture<Void> elsewhereDone = passedOn(token, SUCCESS, Json.object().put("taskToken", token)
                .put("output", output), () -> parsedOutput(output));
        if (elsewhereDone != null) {
            return elsewhereDone;
        }
        ObjectNode body = Json.object().put("taskToken", token).put("output", output);
        return waitingFor(token).thenCompose(entry -> {
            entry.answer().complete(parsedOutput(output));
            return acknowledgement(entry, SUCCESS, body);
        });
    }

    private static JsonNode parsedOutput(String output) {
        JsonNode parsed;
        try {
            parsed = StrictJson.read(output);
        } catch (java.io.IOException | RuntimeException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw new ServiceException("InvalidOutput", "Invalid Output: '" + output + "'");
        }
        if (Json.deeperThan(parsed, Json.MAX_PAYLOAD_DEPTH)) {
            throw new ServiceException("InvalidOutput", "Invalid Output: the output nests deeper than "
                    + Json.MAX_PAYLOAD_DEPTH + " levels");
        }
        return parsed;
    }

    public CompletableFuture<Void> fail(String token, String error, String cause) {
        CompletableFuture<Void> elsewhereDone = passedOn(token, FAILURE, Json.object().put("taskToken", token)
                .put("error", error).put("cause", cause), () -> null);
        if (elsewhereDone != null) {
            return elsewhereDone;
        }
        ObjectNode body = Json.object().put("taskToken", token).put("error", error).put("cause", cause);
        return waitingFor(token).thenCompose(entry -> {
            entry.answer().completeExceptionally(new StatesException(error, cause));
            return acknowledgement(entry, FAILURE, body);
        });
    }

    /** The kinds of {@link dev.statewright.api.store.ForwardedInput} this registry takes. */
    private static final String SUCCESS = "taskSuccess";
    private static final String FAILURE = "taskFailure";
    private static final String HEARTBEAT = "taskHeartbeat";

    /**
     * Passes a call on when no task here holds the token and another node drives the execution the
     * token names; null when the call is this node's to answer (no other node drives it: ended, or
     * driven here). The stage completes with the owner's verdict, so the caller gets the answer one
     * node would give (TaskTimedOut for a token already answered, ...).
     */
    private CompletableFuture<Void> passedOn(String token, String kind, ObjectNode body,
                                             java.util.function.Supplier<JsonNode> validate) {
        if (known(token) != null) {
            return null;
        }
        java.util.Optional<String> execution = TaskTokens.executionOf(token);
        if (execution.isEmpty()) {
            return null;
        }
        validate.get(); // a bad output is refused here, as the owner would
        return passOn(execution.get(), kind, body);
    }

    /** The call passed on to the node that drives {@code execution}, completed with its verdict; null when no other node does. */
    private CompletableFuture<Void> passOn(String execution, String kind, ObjectNode body) {
        return elsewhere.forward(execution, kind, Json.write(body))
                .map(reply -> reply.completeOnTimeout(ForwardedReply.DONE, VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .thenAccept(verdict -> {
                            if (!verdict.done()) {
                                throw new ServiceException(verdict.errorType(), verdict.message());
                            }
                        }))
                .orElse(null);
    }

    /**
     * Takes a call another node received for a token of an execution this node drives; false for
     * an input of another kind. The verdict goes back to that node through {@code replies}.
     */
    public boolean takeForwarded(dev.statewright.api.store.ForwardedInput input,
                                 java.util.function.BiConsumer<dev.statewright.api.store.ForwardedInput, ForwardedReply> replies) {
        String kind = input.kind();
        if (!SUCCESS.equals(kind) && !FAILURE.equals(kind) && !HEARTBEAT.equals(kind)) {
            return false;
        }
        JsonNode body = Json.parse(input.body());
        String token = body.path("taskToken").asText();
        CompletableFuture<Void> done;
        try {
            done = switch (kind) {
                case SUCCESS -> succeed(token, body.path("output").asText());
                case FAILURE -> fail(token, textOrNull(body, "error"), textOrNull(body, "cause"));
                default -> heartbeat(token);
            };
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, failure) -> {
            ForwardedReply verdict = ForwardedReply.DONE;
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                verdict = cause instanceof ServiceException refused
                        ? new ForwardedReply(refused.type(), refused.getMessage())
                        : new ForwardedReply("InternalFailure", String.valueOf(cause.getMessage()));
            }
            try {
                replies.accept(input, verdict);
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "Could not tell the node that passed on a " + kind + " for "
                        + input.executionArn() + " what became of it; its caller is answered as if it was done", e);
            }
        });
        return true;
    }

    private static String textOrNull(JsonNode body, String field) {
        return body.path(field).isTextual() ? body.get(field).asText() : null;
    }

    /**
     * Completes when the execution's loop has committed the outcome (its journal entry). When it
     * cannot be, because another node took the execution over meanwhile (this one was paused past
     * its lease), the call goes on to that node, which sent the task again under the same token;
     * when the execution has ended there, the task is over: TaskTimedOut, as for any late answer.
     */
    private CompletableFuture<Void> acknowledgement(Waiting entry, String kind, ObjectNode body) {
        return entry.answer().stored().exceptionallyCompose(failure -> {
            if (!FencedWriteException.isMove(failure)) {
                return CompletableFuture.failedFuture(failure);
            }
            String token = body.path("taskToken").asText();
            closed.remove(token);
            closed.remove(entry.token());
            CompletableFuture<Void> there = TaskTokens.executionOf(token).map(execution -> passOn(execution, kind, body))
                    .orElse(null);
            // No node drives it: it ended at the node that took it over, so its tasks are over too.
            return there != null ? there : CompletableFuture.failedFuture(
                    new ServiceException("TaskTimedOut", "Task Timed Out: '" + token + "'"));
        });
    }

    /** Restarts the task's HeartbeatSeconds deadline; completes at once here, or with the owner's verdict elsewhere. */
    public CompletableFuture<Void> heartbeat(String token) {
        CompletableFuture<Void> elsewhereDone = passedOn(token, HEARTBEAT, Json.object().put("taskToken", token), () -> null);
        if (elsewhereDone != null) {
            return elsewhereDone;
        }
        find(token).heartbeat().run();
        return CompletableFuture.completedFuture(null);
    }

    /** The tasks waiting now, for the REST API. */
    public List<ObjectNode> describeWaiting() {
        List<ObjectNode> list = new ArrayList<>();
        for (Map.Entry<String, Waiting> each : waiting.entrySet()) {
            Waiting entry = each.getValue();
            if (!each.getKey().equals(entry.token())) {
                continue; // listed once, under its own token, not again under an older one
            }
            ObjectNode node = Json.object().put("taskToken", entry.token()).put("resource", entry.resource())
                    .put("stateName", entry.stateName());
            node.set("input", entry.input());
            list.add(node);
        }
        return list;
    }

    /**
     * The task waiting for a token. As AWS answers: a text that cannot be a token is InvalidToken,
     * the token of a task that already ended (answered, timed out, stopped) is TaskTimedOut, and
     * a token no task was given is TaskDoesNotExist.
     */
    private Waiting find(String token) {
        Waiting entry = known(token);
        if (entry == null) {
            throw taskDoesNotExist(token);
        }
        return entry;
    }

    /** The waiting task, or null for a token no task holds (yet); throws for a bad or an ended token. */
    private Waiting known(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.matcher(token).matches()) {
            throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        Waiting entry = waiting.get(token);
        if (entry == null && token.length() == TaskTokens.RANDOM_CHARS) {
            // A token issued before tokens named their execution: an execution resumed since (replayed by this
            // version) issued the same random part, now followed by its ARN, so its worker's old token still answers.
            entry = waiting.values().stream().filter(w -> w.token().startsWith(token)).findFirst().orElse(null);
        }
        if (entry == null && closed.containsKey(token)) {
            throw new ServiceException("TaskTimedOut", "Task Timed Out: '" + token + "'");
        }
        return entry;
    }

    private static ServiceException taskDoesNotExist(String token) {
        return new ServiceException("TaskDoesNotExist", "Task Does Not Exist: '" + token + "'");
    }

    /**
     * The task waiting for a token, as {@link #find} does, except that a token no task holds yet
     * is given a moment: the TaskScheduled event that shows a token is stored before its task
     * reaches this registry (on a worker, once the commit is acknowledged), so a client that reads
     * the token from the history can answer before the task is here. AWS accepts a token as soon
     * as its event is visible.
     */
    private CompletableFuture<Waiting> waitingFor(String token) {
        Waiting entry = known(token);
        if (entry != null) {
            return CompletableFuture.completedFuture(entry);
        }
        CompletableFuture<Waiting> arrival = new CompletableFuture<>();
        early.compute(token, (key, list) -> {
            List<CompletableFuture<Waiting>> arrivals = list == null ? new ArrayList<>() : list;
            arrivals.add(arrival);
            return arrivals;
        });
        Waiting registeredMeanwhile = waiting.get(token); // between the first look and joining the list
        if (registeredMeanwhile != null) {
            arrival.complete(registeredMeanwhile);
        }
        timers.schedule(() -> {
            if (arrival.completeExceptionally(taskDoesNotExist(token))) {
                early.computeIfPresent(token, (key, list) -> {
                    list.remove(arrival);
                    return list.isEmpty() ? null : list;
                });
            }
        }, arrivalGrace.toMillis(), TimeUnit.MILLISECONDS);
        return arrival;
    }
}
