package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Store} does, whatever keeps it: each store runs these through a subclass
 * that says how to open it.
 */
abstract class StoreContractTest {
    private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
    private static final String OTHER = "arn:aws:states:us-east-1:123456789012:stateMachine:other";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected Store store;

    /** A new, empty store. */
    protected abstract Store open();

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static ExecutionRecord execution(String machineArn, String name, int second, ExecutionStatus status) {
        String machine = machineArn.substring(machineArn.lastIndexOf(':') + 1);
        return new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:" + machine + ":" + name, name,
                machineArn, machine, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}", "role",
                "{\"n\": " + second + "}", 7L, status, T0.plusSeconds(second),
                status.isFinished() ? T0.plusSeconds(second + 1) : null, status.isFinished() ? "{}" : null, null, null);
    }

    private void commit(WriteBatch batch) {
        store.commit(batch).toCompletableFuture().join();
    }

    private static List<String> names(ExecutionPage page) {
        return page.executions().stream().map(ExecutionSummary::name).toList();
    }

    @Test
    void anExecutionReadsBackWhole() {
        ExecutionRecord record = execution(MACHINE, "e1", 1, ExecutionStatus.SUCCEEDED);
        commit(new WriteBatch().put(record));
        assertThat(store.execution(record.arn())).hasValue(record);
        assertThat(store.execution(record.arn() + "x")).isEmpty();
    }

    @Test
    void executionsAreListedNewestFirstAPageAtATime() {
        for (int i = 0; i < 25; i++) {
            commit(new WriteBatch().put(execution(MACHINE, "e" + i, i, ExecutionStatus.SUCCEEDED)));
        }
        commit(new WriteBatch().put(execution(OTHER, "o1", 100, ExecutionStatus.SUCCEEDED)));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ExecutionPage page = store.executions(new ExecutionQuery(MACHINE, null, null, 10, cursor));
            assertThat(page.executions()).hasSizeLessThanOrEqualTo(10);
            seen.addAll(names(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(LongStream.range(0, 25).map(i -> 24 - i).mapToObj(i -> "e" + i).toList());
        assertThat(names(store.executions(new ExecutionQuery(null, null, null, 2, null)))).containsExactly("o1", "e24");
    }

    @Test
    void executionsStartedInTheSameMillisecondPageWithoutGapsOrRepeats() {
        for (int i = 0; i < 40; i++) {
            ExecutionRecord record = execution(MACHINE, "same-" + (char) ('a' + i % 26) + i, 5, ExecutionStatus.SUCCEEDED);
            commit(new WriteBatch().put(new ExecutionRecord(record.arn(), record.name(), MACHINE, "m", record.definition(),
                    "role", "{}", 1, ExecutionStatus.SUCCEEDED, T0.plusNanos(5_000_000L + i % 3), T0.plusSeconds(9),
                    "{}", null, null)));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ExecutionPage page = store.executions(new ExecutionQuery(MACHINE, null, null, 7, cursor));
            seen.addAll(names(page));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    void listsFilterByStatusAndByAPartOfTheNameInAnyCase() {
        commit(new WriteBatch().put(execution(MACHINE, "Order-1", 1, ExecutionStatus.SUCCEEDED)));
        commit(new WriteBatch().put(execution(MACHINE, "order-2", 2, ExecutionStatus.FAILED)));
        commit(new WriteBatch().put(execution(MACHINE, "refund-3", 3, ExecutionStatus.RUNNING)));
        assertThat(names(store.executions(new ExecutionQuery(MACHINE, ExecutionStatus.FAILED, null, 10, null))))
                .containsExactly("order-2");
        assertThat(names(store.executions(new ExecutionQuery(MACHINE, ExecutionStatus.RUNNING, null, 10, null))))
                .containsExactly("refund-3");
        assertThat(names(store.executions(new ExecutionQuery(null, null, "ORDER", 10, null))))
                .containsExactly("order-2", "Order-1");
    }

    @Test
    void aStatusChangeMovesAnExecutionBetweenCountsAndOutOfTheRunningOnes() {
        ExecutionRecord running = execution(MACHINE, "e1", 1, ExecutionStatus.RUNNING);
        commit(new WriteBatch().put(running).put(execution(OTHER, "o1", 2, ExecutionStatus.RUNNING)));
        assertThat(store.runningExecutions()).extracting(ExecutionRecord::name).containsExactlyInAnyOrder("e1", "o1");
        assertThat(store.executionCounts(MACHINE)).containsEntry(ExecutionStatus.RUNNING, 1L);

        commit(new WriteBatch().put(running.finished(ExecutionStatus.SUCCEEDED, T0.plusSeconds(9), "{}", null, null)));
        assertThat(store.runningExecutions()).extracting(ExecutionRecord::name).containsExactly("o1");
        assertThat(store.executionCounts(MACHINE)).containsEntry(ExecutionStatus.RUNNING, 0L)
                .containsEntry(ExecutionStatus.SUCCEEDED, 1L);
        Map<ExecutionStatus, Long> all = store.executionCounts(null);
        assertThat(all).containsEntry(ExecutionStatus.RUNNING, 1L).containsEntry(ExecutionStatus.SUCCEEDED, 1L);
        assertThat(names(store.executions(new ExecutionQuery(MACHINE, ExecutionStatus.SUCCEEDED, null, 10, null))))
                .containsExactly("e1");
    }

    @Test
    void eventsComeBackByRangeAcrossBatchesWithTheirTypesAndLastId() {
        String arn = execution(MACHINE, "e1", 1, ExecutionStatus.RUNNING).arn();
        for (int batch = 0; batch < 10; batch++) {
            WriteBatch write = new WriteBatch();
            for (int i = 1; i <= 3; i++) {
                long id = batch * 3L + i;
                write.event(arn, new StoredEvent(id, "{\"id\":" + id + ",\"previousEventId\":0,\"timestamp\":0,"
                        + "\"type\":\"T" + id + "\",\"details\":null}"));
            }
            commit(write);
        }
        assertThat(store.events(arn, 1, 100)).extracting(StoredEvent::id)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(store.events(arn, 14, 5)).extracting(StoredEvent::id).containsExactly(14L, 15L, 16L, 17L, 18L);
        assertThat(store.lastEventId(arn)).isEqualTo(30);
        assertThat(store.eventTypes(arn)).hasSize(30).startsWith("T1", "T2").endsWith("T30");
        assertThat(store.lastEventId("arn:none")).isZero();
    }

    @Test
    void theJournalComesBackInPagesFromAnySequence() {
        String arn = "arn:aws:states:us-east-1:123456789012:execution:m:j";
        for (int i = 0; i < 20; i++) {
            commit(new WriteBatch().journal(arn, new JournalEntry(2L * i, 100 + i, "{\"n\":" + 2 * i + "}"))
                    .journal(arn, new JournalEntry(2L * i + 1, 100 + i, "{\"n\":" + (2 * i + 1) + "}")));
        }
        assertThat(store.journal(arn, 0, 1000)).hasSize(40);
        assertThat(store.journal(arn, 11, 4)).extracting(JournalEntry::sequence).containsExactly(11L, 12L, 13L, 14L);
        assertThat(store.journal(arn, 40, 10)).isEmpty();
    }

    @Test
    void aSucceededExecutionsJournalIsDroppedAndAFailedOnesKept() {
        ExecutionRecord ok = execution(MACHINE, "ok", 1, ExecutionStatus.RUNNING);
        ExecutionRecord bad = execution(MACHINE, "bad", 2, ExecutionStatus.RUNNING);
        commit(new WriteBatch().put(ok).journal(ok.arn(), new JournalEntry(0, 1, "{\"kind\":\"begin\"}"))
                .put(bad).journal(bad.arn(), new JournalEntry(0, 1, "{\"kind\":\"begin\"}")));
        commit(new WriteBatch().put(ok.finished(ExecutionStatus.SUCCEEDED, T0.plusSeconds(5), "{}", null, null))
                .put(bad.finished(ExecutionStatus.FAILED, T0.plusSeconds(5), null, "E", "C")));
        assertThat(store.journal(ok.arn(), 0, 10)).isEmpty(); // nothing ever replays a succeeded execution
        assertThat(store.journal(bad.arn(), 0, 10)).hasSize(1); // a failed one may be redriven
    }

    @Test
    void stateMachinesAndActivitiesAreKeptAndDeleted() {
        StateMachineRecord machine = new StateMachineRecord(MACHINE, "m", dev.statewright.interpreter.model.StateMachineType.STANDARD,
                "{}", "role", T0, T0, "r1", Map.of("k", "v"));
        ActivityRecord activity = new ActivityRecord("arn:aws:states:us-east-1:123456789012:activity:a", "a", T0, Map.of());
        commit(new WriteBatch().put(machine).put(activity));
        assertThat(store.stateMachines()).containsExactly(machine);
        assertThat(store.activities()).containsExactly(activity);
        commit(new WriteBatch().deleteStateMachine(MACHINE).deleteActivity(activity.arn()));
        assertThat(store.stateMachines()).isEmpty();
        assertThat(store.activities()).isEmpty();
    }

    @Test
    void versionsAliasesAndSettingsAreKept() {
        MachineSettings settings = new MachineSettings("{\"level\":\"ALL\"}", "{\"enabled\":true}", null);
        StateMachineRecord machine = new StateMachineRecord(MACHINE, "m", dev.statewright.interpreter.model.StateMachineType.STANDARD,
                "{}", "role", T0, T0, "r1", Map.of(), settings, 0, 2, null);
        StateMachineRecord version = machine.asVersion(2, T0.plusSeconds(1), "second");
        StateMachineAliasRecord alias = new StateMachineAliasRecord(MACHINE + ":live", "live", MACHINE, "the live one",
                List.of(new StateMachineAliasRecord.Route(MACHINE + ":2", 90), new StateMachineAliasRecord.Route(MACHINE + ":1", 10)),
                T0, T0.plusSeconds(2));
        commit(new WriteBatch().put(machine).put(version).put(alias));
        assertThat(store.stateMachines()).containsExactlyInAnyOrder(machine, version);
        assertThat(store.aliases()).containsExactly(alias);
        assertThat(version.isVersion()).isTrue();
        assertThat(version.machineArn()).isEqualTo(MACHINE);

        ExecutionRecord started = execution(MACHINE, "viaAlias", 3, ExecutionStatus.FAILED);
        ExecutionRecord viaAlias = new ExecutionRecord(started.arn(), started.name(), MACHINE, "m", started.definition(),
                "role", started.input(), 1L, ExecutionStatus.FAILED, started.startDate(), started.stopDate(), null, "E", "C",
                null, new StartDetails(MACHINE + ":2", MACHINE + ":live", "Root=1-abc"), new Redrives(1, T0.plusSeconds(9)));
        commit(new WriteBatch().put(viaAlias));
        assertThat(store.execution(viaAlias.arn())).hasValue(viaAlias);
        assertThat(store.executions(new ExecutionQuery(MACHINE, null, null, 10, null)).executions())
                .containsExactly(ExecutionSummary.of(viaAlias));

        commit(new WriteBatch().deleteAlias(alias.arn()).deleteStateMachine(version.arn()));
        assertThat(store.aliases()).isEmpty();
        assertThat(store.stateMachines()).containsExactly(machine);
    }

    static MapRunRecord mapRun(String executionArn, String id, int second, long succeeded) {
        return new MapRunRecord("arn:aws:states:us-east-1:123456789012:mapRun:m/Each:" + id, executionArn,
                dev.statewright.interpreter.engine.MapRunStatus.RUNNING, T0.plusSeconds(second), null, 5, null, 12.5,
                new MapRunRecord.Counts(10 - succeeded - 2, 2, succeeded, 0, 0, 10), null);
    }

    @Test
    void mapRunsAreKeptUpdatedAndListedPerExecutionNewestFirst() {
        ExecutionRecord parent = execution(MACHINE, "parent", 1, ExecutionStatus.RUNNING);
        ExecutionRecord other = execution(MACHINE, "parent1", 2, ExecutionStatus.RUNNING); // an ARN that extends the first
        commit(new WriteBatch().put(parent).put(other));
        for (int i = 0; i < 7; i++) {
            commit(new WriteBatch().put(mapRun(parent.arn(), "r" + i, 10 + i, 0)));
        }
        commit(new WriteBatch().put(mapRun(other.arn(), "o", 5, 0)));
        MapRunRecord updated = mapRun(parent.arn(), "r3", 13, 6);
        commit(new WriteBatch().put(updated));
        assertThat(store.mapRun(updated.arn())).hasValue(updated);
        assertThat(store.mapRun(updated.arn() + "x")).isEmpty();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            MapRunPage page = store.mapRuns(parent.arn(), 3, cursor);
            assertThat(page.mapRuns()).hasSizeLessThanOrEqualTo(3);
            page.mapRuns().forEach(run -> seen.add(run.arn().substring(run.arn().lastIndexOf(':') + 1)));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("r6", "r5", "r4", "r3", "r2", "r1", "r0");
        assertThat(store.mapRuns(other.arn(), 10, null).mapRuns()).extracting(MapRunRecord::executionArn)
                .containsExactly(other.arn());
        String cursorOfParent = store.mapRuns(parent.arn(), 3, null).nextCursor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.mapRuns(other.arn(), 3, cursorOfParent))
                .isInstanceOf(InvalidCursorException.class);
    }

    static MapRunChildRecord child(String mapRunArn, int index, ExecutionStatus status) {
        String name = "c" + index;
        String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
        String machineAndLabel = mapRunArn.substring(0, mapRunArn.lastIndexOf(':'));
        boolean ended = status != ExecutionStatus.RUNNING;
        return new MapRunChildRecord(machineAndLabel.replace(":mapRun:", ":execution:") + ":" + runId + "-" + name, name,
                mapRunArn, machineAndLabel.replace(":mapRun:", ":stateMachine:"), index, 0, status,
                T0.plusSeconds(index), ended ? T0.plusSeconds(index + 1) : null, "{\"item\": " + index + "}",
                status == ExecutionStatus.SUCCEEDED ? "{\"done\": " + index + "}" : null,
                status == ExecutionStatus.FAILED ? "Item.Bad" : null, status == ExecutionStatus.FAILED ? "bad " + index : null);
    }

    @Test
    void mapRunChildrenAreKeptUpdatedAndListedPerRunByIndexHighestFirst() {
        ExecutionRecord parent = execution(MACHINE, "parent", 1, ExecutionStatus.RUNNING);
        MapRunRecord run = mapRun(parent.arn(), "run", 2, 0);
        MapRunRecord other = mapRun(parent.arn(), "run1", 3, 0); // an ARN that extends the first
        commit(new WriteBatch().put(parent).put(run).put(other));
        WriteBatch started = new WriteBatch();
        for (int i = 0; i < 12; i++) {
            started.put(child(run.arn(), i, ExecutionStatus.RUNNING));
        }
        commit(started.put(child(other.arn(), 0, ExecutionStatus.RUNNING)));
        // A later turn ends some; a child put twice in one batch is written as last put.
        WriteBatch ended = new WriteBatch();
        for (int i = 0; i < 12; i += 3) {
            ended.put(child(run.arn(), i, ExecutionStatus.RUNNING)).put(child(run.arn(), i, ExecutionStatus.SUCCEEDED));
        }
        commit(ended.put(child(run.arn(), 4, ExecutionStatus.FAILED)));

        MapRunChildRecord failed = child(run.arn(), 4, ExecutionStatus.FAILED);
        assertThat(store.mapRunChild(failed.executionArn())).hasValue(failed);
        assertThat(store.mapRunChild(child(run.arn(), 3, ExecutionStatus.SUCCEEDED).executionArn()))
                .hasValue(child(run.arn(), 3, ExecutionStatus.SUCCEEDED));
        assertThat(store.mapRunChild(failed.executionArn() + "x")).isEmpty();
        assertThat(store.execution(failed.executionArn())).as("a child is not an execution").isEmpty();
        assertThat(store.executions(new ExecutionQuery(null, null, null, 100, null)).executions())
                .extracting(ExecutionSummary::arn).containsExactly(parent.arn());

        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            MapRunChildPage page = store.mapRunChildren(run.arn(), null, 5, cursor);
            assertThat(page.children()).hasSizeLessThanOrEqualTo(5).allMatch(c -> c.mapRunArn().equals(run.arn()));
            page.children().forEach(c -> seen.add(c.index()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

        assertThat(store.mapRunChildren(run.arn(), ExecutionStatus.SUCCEEDED, 100, null).children())
                .extracting(MapRunChildRecord.Summary::index).containsExactly(9, 6, 3, 0);
        assertThat(store.mapRunChildren(run.arn(), ExecutionStatus.FAILED, 100, null).children())
                .containsExactly(failed.summary());
        assertThat(store.mapRunChildren(run.arn(), ExecutionStatus.ABORTED, 100, null).children()).isEmpty();
        assertThat(store.mapRunChildren(other.arn(), null, 100, null).children()).extracting(MapRunChildRecord.Summary::index)
                .containsExactly(0);
        assertThat(store.mapRunChildren(run.arn() + "2", null, 100, null).children()).isEmpty();
        String cursorOfRun = store.mapRunChildren(run.arn(), null, 5, null).nextCursor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.mapRunChildren(other.arn(), null, 5, cursorOfRun))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void outboxEntriesGoDownWithTheirBatchAndStayInOrderUntilDeleted() {
        ExecutionRecord a = execution(MACHINE, "a", 1, ExecutionStatus.RUNNING);
        ExecutionRecord b = execution(MACHINE, "b", 2, ExecutionStatus.RUNNING);
        assertThat(store.outbox(null, 10)).isEmpty();
        commit(new WriteBatch().put(a).put(new OutboxEntry(OutboxEntry.key(a.arn(), 1), "{\"n\":\"a1\"}")));
        commit(new WriteBatch().put(b).put(new OutboxEntry(OutboxEntry.key(b.arn(), 1), "{\"n\":\"b1\"}")));
        // Event 10 sorts after event 9: keys are zero-padded.
        commit(new WriteBatch().put(new OutboxEntry(OutboxEntry.key(a.arn(), 10), "{\"n\":\"a10\"}"))
                .put(new OutboxEntry(OutboxEntry.key(a.arn(), 9), "{\"n\":\"a9\"}")));
        List<OutboxEntry> all = store.outbox(null, 10);
        assertThat(all).extracting(OutboxEntry::json)
                .containsExactly("{\"n\":\"a1\"}", "{\"n\":\"a9\"}", "{\"n\":\"a10\"}", "{\"n\":\"b1\"}");
        assertThat(all.get(0).executionArn()).isEqualTo(a.arn());
        List<OutboxEntry> firstPage = store.outbox(null, 2);
        assertThat(store.outbox(firstPage.get(1).key(), 10)).extracting(OutboxEntry::json)
                .containsExactly("{\"n\":\"a10\"}", "{\"n\":\"b1\"}");
        commit(new WriteBatch().deleteOutbox(all.get(0).key()).deleteOutbox(all.get(3).key()));
        assertThat(store.outbox(null, 10)).extracting(OutboxEntry::json).containsExactly("{\"n\":\"a9\"}", "{\"n\":\"a10\"}");
    }

    @Test
    void thisNodeIsListedLiveDrivingItsRunningExecutionsAPageAtATime() {
        store.serving("127.0.0.1:8099");
        for (int i = 0; i < 5; i++) {
            commit(new WriteBatch().put(execution(MACHINE, "run-" + i, i, ExecutionStatus.RUNNING)));
        }
        ExecutionRecord ended = execution(MACHINE, "ended", 9, ExecutionStatus.SUCCEEDED);
        commit(new WriteBatch().put(ended));

        List<NodeRecord> nodes = store.nodes();
        assertThat(nodes).hasSize(1);
        NodeRecord self = nodes.get(0);
        assertThat(self.thisNode()).isTrue();
        assertThat(self.live()).isTrue();
        assertThat(self.stoppedAt()).isNull();
        assertThat(self.address()).isEqualTo("127.0.0.1:8099");
        assertThat(self.executions()).isEqualTo(5);
        assertThat(self.startedAt()).isNotNull();
        assertThat(self.lastSeenAt()).isAfterOrEqualTo(self.startedAt());

        List<String> driven = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ExecutionPage page = store.executionsDrivenBy(self.id(), 2, cursor);
            assertThat(page.executions()).hasSizeLessThanOrEqualTo(2);
            driven.addAll(names(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(driven).containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");
        assertThat(store.executionsDrivenBy(self.id() + "-no-such-node", 10, null).executions()).isEmpty();

        String first = execution(MACHINE, "run-0", 0, ExecutionStatus.RUNNING).arn();
        assertThat(store.driverOf(first)).hasValue(self.id());
        assertThat(store.driverOf(ended.arn())).isEmpty();
        assertThat(store.driverOf(first + "-missing")).isEmpty();

        commit(new WriteBatch().put(execution(MACHINE, "run-0", 0, ExecutionStatus.RUNNING)
                .finished(ExecutionStatus.FAILED, T0.plusSeconds(20), null, "E", "c")));
        assertThat(store.driverOf(first)).as("an ended execution is driven by no node").isEmpty();
        assertThat(store.nodes().get(0).executions()).isEqualTo(4);
        assertThat(names(store.executionsDrivenBy(self.id(), 10, null))).containsExactly("run-4", "run-3", "run-2", "run-1");
    }
}
