package dev.statewright.api.service;

import dev.statewright.api.runtime.ExecutionRuntime;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.Store;
import dev.statewright.interpreter.engine.ExecutionStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RedriveExecution: an execution that ended FAILED, TIMED_OUT or ABORTED goes on from where it
 * stopped (the runtime replays its journal, then journals a redrive input), under AWS's rules of
 * eligibility ({@link Redrivability}). A redrive is answered once it has begun durably: its
 * ExecutionRedriven event and RUNNING record are stored. Until then the execution reads as
 * PENDING_REDRIVE.
 *
 * <p>Idempotency, as AWS documents it: a client token that redrove an execution answers again with
 * that redrive's date for 15 minutes, for the last 10 tokens of each execution. The tokens are kept
 * in memory: a restart forgets them.
 */
public final class Redrive {
    static final int CLIENT_TOKENS_KEPT = 10;
    static final Duration CLIENT_TOKEN_LIFETIME = Duration.ofMinutes(15);
    private static final int MAX_CLIENT_TOKEN_LENGTH = 64;

    private final StepFunctions service;
    private final Store store;
    private final ExecutionRuntime runtime;
    private final InstantSource clock;
    /** Redrives asked for and not yet begun durably, by execution ARN. */
    private final Map<String, Pending> underWay = new ConcurrentHashMap<>();
    /** The last client tokens that redrove each execution, newest last. */
    private final Map<String, Deque<Answered>> answered = new ConcurrentHashMap<>();

    private record Pending(String clientToken, CompletableFuture<ExecutionRecord> begun) {
    }

    private record Answered(String clientToken, Instant firstUsed, Instant redriveDate) {
    }

    Redrive(StepFunctions service, Store store, ExecutionRuntime runtime, InstantSource clock) {
        this.service = service;
        this.store = store;
        this.runtime = runtime;
        this.clock = clock;
    }

    /** Redrives an execution; completes with the redrive's date once it has begun durably. */
    public CompletableFuture<Instant> redrive(String executionArn, String clientToken) {
        checkClientToken(clientToken);
        ExecutionRecord record = stored(executionArn);
        Instant now = clock.instant();
        Instant earlier = answeredBefore(executionArn, clientToken, now);
        if (earlier != null) {
            return CompletableFuture.completedFuture(earlier);
        }
        Pending claim = new Pending(clientToken, new CompletableFuture<>());
        Pending other = underWay.putIfAbsent(executionArn, claim);
        if (other != null) {
            if (clientToken != null && clientToken.equals(other.clientToken())) {
                return other.begun().thenApply(begun -> begun.redrives().lastDate()); // the same request again
            }
            throw notRedrivable(executionArn, "Execution is RUNNING and cannot be redriven");
        }
        try {
            record = stored(executionArn); // read again now that no other redrive can change it
            Redrivability verdict = judge(record, now);
            if (!verdict.redrivable()) {
                throw notRedrivable(executionArn, verdict.reason());
            }
            return runtime.redrive(record).whenComplete((begun, failure) -> {
                underWay.remove(executionArn, claim);
                if (failure != null) {
                    claim.begun().completeExceptionally(failure);
                    return;
                }
                remember(executionArn, clientToken, now, begun.redrives().lastDate());
                claim.begun().complete(begun);
            }).thenApply(begun -> begun.redrives().lastDate());
        } catch (RuntimeException e) {
            underWay.remove(executionArn, claim);
            claim.begun().completeExceptionally(e);
            throw e;
        }
    }

    /** Whether the execution may be redriven now, and why not: what DescribeExecution shows. */
    public Redrivability judge(ExecutionRecord record) {
        return judge(record, clock.instant());
    }

    private Redrivability judge(ExecutionRecord record, Instant now) {
        return Redrivability.of(record, service.hasStateMachine(record.stateMachineArn()),
                () -> store.lastEventId(record.arn()), now);
    }

    /** The record as a reader sees it now: PENDING_REDRIVE while a redrive of it has not yet begun. */
    public ExecutionRecord asSeenNow(ExecutionRecord record) {
        if (record.status().isUnsuccessful() && underWay.containsKey(record.arn())) {
            return record.finished(ExecutionStatus.PENDING_REDRIVE, record.stopDate(), record.output(), record.error(),
                    record.cause());
        }
        return record;
    }

    private ExecutionRecord stored(String executionArn) {
        service.arns().checkExecution(executionArn);
        return store.execution(executionArn).orElseThrow(() ->
                new ServiceException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'"));
    }

    private static ServiceException notRedrivable(String executionArn, String reason) {
        return new ServiceException("ExecutionNotRedrivable", reason + ": '" + executionArn + "'");
    }

    /** AWS's ClientToken: 1 to 64 printable ASCII characters, no spaces. */
    private static void checkClientToken(String clientToken) {
        if (clientToken == null) {
            return;
        }
        if (clientToken.isEmpty() || clientToken.length() > MAX_CLIENT_TOKEN_LENGTH) {
            throw ServiceException.validation("1 validation error detected: Value at 'clientToken' failed to satisfy"
                    + " constraint: Member must have length between 1 and " + MAX_CLIENT_TOKEN_LENGTH);
        }
        if (!clientToken.chars().allMatch(c -> c >= '!' && c <= '~')) {
            throw ServiceException.validation("1 validation error detected: Value '" + clientToken + "' at 'clientToken'"
                    + " failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+");
        }
    }

    private Instant answeredBefore(String executionArn, String clientToken, Instant now) {
        if (clientToken == null) {
            return null;
        }
        Deque<Answered> tokens = answered.get(executionArn);
        if (tokens == null) {
            return null;
        }
        synchronized (tokens) {
            for (Answered answer : tokens) {
                if (answer.clientToken().equals(clientToken)
                        && now.isBefore(answer.firstUsed().plus(CLIENT_TOKEN_LIFETIME))) {
                    return answer.redriveDate();
                }
            }
        }
        return null;
    }

    private void remember(String executionArn, String clientToken, Instant firstUsed, Instant redriveDate) {
        if (clientToken == null) {
            return;
        }
        // Executions whose every token has lapsed are forgotten, so the map holds recent redrives only.
        answered.values().removeIf(others -> {
            synchronized (others) {
                return !others.isEmpty() && !firstUsed.isBefore(others.peekLast().firstUsed().plus(CLIENT_TOKEN_LIFETIME));
            }
        });
        Deque<Answered> tokens = answered.computeIfAbsent(executionArn, arn -> new ArrayDeque<>());
        synchronized (tokens) {
            tokens.addLast(new Answered(clientToken, firstUsed, redriveDate));
            while (tokens.size() > CLIENT_TOKENS_KEPT) {
                tokens.removeFirst();
            }
        }
    }
}
