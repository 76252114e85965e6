package dev.statewright.api.runtime;

import dev.statewright.api.ServiceConfig;
import dev.statewright.api.StatewrightService;
import dev.statewright.api.service.StepFunctions;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.JournalEntry;
import dev.statewright.api.store.MapDbStore;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.StoreUnavailableException;
import dev.statewright.api.store.StoredEvent;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.ExecutionStatus;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.engine.TaskHandlers;
import dev.statewright.interpreter.model.StateMachineType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime against a store that fails, lags or holds much: no request is answered before what
 * it reports is stored, one bad execution does not keep the others from starting, a store that is
 * unavailable for a while does not fail the executions it interrupted, and no turn writes more
 * than a bounded batch.
 */
class RuntimeUnderFaultsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";

    private static ServiceConfig config() {
        return ServiceConfig.defaults().withPort(0).withDataDirectory(null).withWaitTimeScale(0);
    }

    private static String machine(StepFunctions api, String name, String definition) {
        return api.createStateMachine(name, definition, ROLE, StateMachineType.STANDARD, Map.of()).arn();
    }

    private static ExecutionRecord awaitEnd(StepFunctions api, String arn) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            ExecutionRecord record = api.describeExecution(arn);
            if (record.status().isFinished()) {
                return record;
            }
            Thread.sleep(25);
        }
        return api.describeExecution(arn);
    }

    /** Holds every commit until released, as a slow disk would. */
    private static final class HeldStore extends ForwardingStore {
        private final List<Runnable> held = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean holding;

        HeldStore(Store real) {
            super(real);
        }

        @Override
        public CompletionStage<Void> commit(WriteBatch batch) {
            if (!holding) {
                return real.commit(batch);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            held.add(() -> real.commit(batch).whenComplete((ok, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(null);
                }
            }));
            return done;
        }

        void release() {
            holding = false;
            List<Runnable> waiting;
            synchronized (held) {
                waiting = new ArrayList<>(held);
                held.clear();
            }
            waiting.forEach(Runnable::run);
        }
    }

    @Test
    void aRepeatedStartIsAnsweredOnlyOnceTheFirstIsStored() throws Exception {
        HeldStore store = new HeldStore(MapDbStore.inMemory());
        try (StatewrightService service = StatewrightService.start(config().withWaitTimeScale(1), TaskHandlers.none(), store)) {
            StepFunctions api = service.stepFunctions();
            String machine = machine(api, "m", """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}""");
            store.holding = true;
            CompletableFuture<ExecutionRecord> first = api.startExecution(machine, "same", "{\"a\": 1}");
            CompletableFuture<ExecutionRecord> again = api.startExecution(machine, "same", "{ \"a\" : 1 }");
            Thread.sleep(200);
            assertThat(first).as("the first start, not stored yet").isNotDone();
            assertThat(again).as("the repeated start, while the first is not stored").isNotDone();
            store.release();
            assertThat(first.get(5, TimeUnit.SECONDS).arn()).isEqualTo(again.get(5, TimeUnit.SECONDS).arn());
            assertThat(api.describeExecution(first.get().arn()).status()).isEqualTo(ExecutionStatus.RUNNING);
        }
    }

    @Test
    void anExecutionThatCannotBeResumedEndsFailedAndTheOthersStillStart() throws Exception {
        MapDbStore real = MapDbStore.inMemory();
        String broken;
        List<String> others = new ArrayList<>();
        try (StatewrightService before = StatewrightService.start(config().withWaitTimeScale(1), TaskHandlers.none(),
                new CrashableStore(real))) {
            StepFunctions api = before.stepFunctions();
            String machine = machine(api, "m", """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 2, "Next": "Done"},
                      "Done": {"Type": "Pass", "Result": "done", "End": true}}}""");
            broken = api.startExecution(machine, "broken", "{}").join().arn();
            for (int i = 0; i < 3; i++) {
                others.add(api.startExecution(machine, "ok" + i, "{}").join().arn());
            }
        }
        // Its history cannot be read back (damage in the log, say), the others' can.
        Store unreadable = new ForwardingStore(real) {
            @Override
            public List<String> eventTypes(String executionArn) {
                if (executionArn.equals(broken)) {
                    throw new IllegalStateException("the log segment 7 is damaged at byte 1234");
                }
                return real.eventTypes(executionArn);
            }
        };
        try (StatewrightService after = StatewrightService.start(config().withWaitTimeScale(1), TaskHandlers.none(),
                unreadable)) {
            assertThat(after.resumedExecutions()).isEqualTo(3);
            StepFunctions api = after.stepFunctions();
            ExecutionRecord failed = awaitEnd(api, broken);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.error()).isEqualTo("States.Runtime");
            assertThat(failed.cause()).contains("could not resume").contains("damaged at byte 1234");
            for (String arn : others) {
                assertThat(awaitEnd(api, arn).output()).isEqualTo("\"done\"");
            }
        }
    }

    @Test
    void aStoreThatIsUnavailableForAWhileInterruptsAnExecutionWhichThenGoesOnFromWhatWasStored() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        Store flaky = new ForwardingStore(MapDbStore.inMemory()) {
            @Override
            public CompletionStage<Void> commit(WriteBatch batch) {
                if (batch.eventTypes().contains("WaitStateExited") && refusals.getAndIncrement() < 2) {
                    return CompletableFuture.failedFuture(new StoreUnavailableException("simulated: the disk is full"));
                }
                return real.commit(batch);
            }
        };
        try (StatewrightService service = StatewrightService.start(config().withWaitTimeScale(0.01), TaskHandlers.none(),
                flaky)) {
            StepFunctions api = service.stepFunctions();
            String machine = machine(api, "m", """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "Next": "Done"},
                      "Done": {"Type": "Pass", "Result": "done", "End": true}}}""");
            String arn = api.startExecution(machine, "e", "{}").join().arn();
            ExecutionRecord ended = awaitEnd(api, arn);
            assertThat(ended.status()).as("%s %s", ended.error(), ended.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(refusals.get()).isGreaterThanOrEqualTo(2);
            List<HistoryEvent> history = api.history(arn);
            assertThat(history).extracting(HistoryEvent::type).containsExactly("ExecutionStarted", "WaitStateEntered",
                    "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).id()).isEqualTo(i + 1L);
            }
        }
    }

    @Test
    void aTurnThatThrowsOutsideTheEngineEndsItsExecutionAsFailedInsteadOfWedgingIt() throws Exception {
        Store throwing = new ForwardingStore(MapDbStore.inMemory()) {
            @Override
            public CompletionStage<Void> commit(WriteBatch batch) {
                if (batch.eventTypes().contains("WaitStateExited")) {
                    throw new IllegalStateException("simulated: an event that cannot be encoded");
                }
                return real.commit(batch);
            }
        };
        try (StatewrightService service = StatewrightService.start(config().withWaitTimeScale(0.01), TaskHandlers.none(),
                throwing)) {
            StepFunctions api = service.stepFunctions();
            String machine = machine(api, "m", """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}""");
            String arn = api.startExecution(machine, "e", "{}").get(5, TimeUnit.SECONDS).arn();
            ExecutionRecord ended = awaitEnd(api, arn);
            assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ended.cause()).contains("could not store").contains("cannot be encoded");
            assertThat(api.history(arn)).extracting(HistoryEvent::type)
                    .containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionFailed");
        }
    }

    @Test
    void aTightLoopOverALargeInputWritesBoundedBatchesAndAnswersItsStartAtOnce() throws Exception {
        List<Long> batchBytes = Collections.synchronizedList(new ArrayList<>());
        Store measuring = new ForwardingStore(MapDbStore.inMemory()) {
            @Override
            public CompletionStage<Void> commit(WriteBatch batch) {
                batchBytes.add(batch.bytes());
                return real.commit(batch);
            }
        };
        String big = "{\"blob\": \"" + "x".repeat(100 * 1024) + "\", \"n\": 0}";
        try (StatewrightService service = StatewrightService.start(config(), TaskHandlers.none(), measuring)) {
            StepFunctions api = service.stepFunctions();
            String machine = machine(api, "loop", """
                    {"StartAt": "Count", "States": {
                      "Count": {"Type": "Pass", "Parameters": {"blob.$": "$.blob", "n.$": "States.MathAdd($.n, 1)"}, "Next": "More"},
                      "More": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 400, "Next": "Count"}],
                        "Default": "Done"},
                      "Done": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}""");
            long started = System.nanoTime();
            String arn = api.startExecution(machine, "big", big).get(10, TimeUnit.SECONDS).arn();
            long answeredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            ExecutionRecord ended = awaitEnd(api, arn);
            assertThat(ended.output()).isEqualTo("{\"n\":400}");
            long total = batchBytes.stream().mapToLong(Long::longValue).sum();
            assertThat(total).as("the whole run wrote").isGreaterThan(100L << 20);
            assertThat(batchBytes).as("every batch").allSatisfy(bytes ->
                    assertThat(bytes).isLessThanOrEqualTo(DurableExecution.MAX_TURN_BYTES + 300 * 1024));
            assertThat(answeredMillis).as("StartExecution answered after its first batch, not the whole run")
                    .isLessThan(3000);
            // Started, four events an iteration (Pass and Choice entered and exited), Done's two, Succeeded.
            assertThat(api.lastEventId(arn)).isEqualTo(1 + 4 * 400 + 2 + 1);
        }
    }

    @Test
    void aRunCutIntoBatchesResumesAfterACrashBetweenThemWithTheSameHistory() throws Exception {
        MapDbStore real = MapDbStore.inMemory();
        CrashableStore crashing = new CrashableStore(real) {
            private final AtomicInteger commits = new AtomicInteger();

            @Override
            public CompletionStage<Void> commit(WriteBatch batch) {
                if (batch.bytes() > 1 << 20 && commits.incrementAndGet() == 3) {
                    crash(); // after two cut-short turns of the loop are stored
                }
                return super.commit(batch);
            }
        };
        String big = "{\"blob\": \"" + "y".repeat(60 * 1024) + "\", \"n\": 0}";
        String definition = """
                {"StartAt": "Count", "States": {
                  "Count": {"Type": "Pass", "Parameters": {"blob.$": "$.blob", "n.$": "States.MathAdd($.n, 1)"}, "Next": "More"},
                  "More": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 300, "Next": "Count"}],
                    "Default": "Done"},
                  "Done": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}""";
        String arn;
        try (StatewrightService before = StatewrightService.start(config(), TaskHandlers.none(), crashing)) {
            StepFunctions api = before.stepFunctions();
            arn = api.startExecution(machine(api, "loop", definition), "cut", big).get(10, TimeUnit.SECONDS).arn();
            Thread.sleep(1000);
        }
        long storedAtCrash = real.lastEventId(arn);
        assertThat(storedAtCrash).as("stored when the store stopped").isPositive().isLessThan(1200);
        List<JournalEntry> journal = real.journal(arn, 0, 100);
        assertThat(journal).extracting(entry -> entry.json().contains("\"paused\"")).contains(true);

        try (StatewrightService after = StatewrightService.start(config(), TaskHandlers.none(), real)) {
            assertThat(after.resumedExecutions()).isEqualTo(1);
            ExecutionRecord ended = awaitEnd(after.stepFunctions(), arn);
            assertThat(ended.status()).as("%s %s", ended.error(), ended.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ended.output()).isEqualTo("{\"n\":300}");
            List<StoredEvent> events = real.events(arn, 1, 5000);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).id()).as("no gap, no event twice").isEqualTo(i + 1L);
            }
        }
    }

    @Test
    void aHistoryPageReadsOnlyThatPageFromTheStore() throws Exception {
        List<Integer> limits = Collections.synchronizedList(new ArrayList<>());
        Store counting = new ForwardingStore(MapDbStore.inMemory()) {
            @Override
            public List<StoredEvent> events(String executionArn, long fromId, int limit) {
                limits.add(limit);
                return real.events(executionArn, fromId, limit);
            }
        };
        try (StatewrightService service = StatewrightService.start(config(), TaskHandlers.none(), counting);
             var sfn = dev.statewright.api.SfnTestClients.client(service.port())) {
            StepFunctions api = service.stepFunctions();
            String machine = machine(api, "many", """
                    {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items",
                      "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""");
            String items = java.util.stream.IntStream.range(0, 500).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(",", "{\"items\": [", "]}"));
            String arn = api.startExecution(machine, "many", items).join().arn();
            awaitEnd(api, arn);
            limits.clear();
            var page = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(1));
            assertThat(page.events()).hasSize(1);
            assertThat(page.nextToken()).isNotNull();
            var last = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(2).reverseOrder(true));
            assertThat(last.events()).extracting(e -> e.typeAsString()).containsExactly("ExecutionSucceeded", "MapStateExited");
            assertThat(limits).as("what the two pages read").allSatisfy(limit -> assertThat(limit).isLessThanOrEqualTo(2));
        }
    }
}
