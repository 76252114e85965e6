package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damage to the log is never taken for a crash's torn end, and never silently drops what came
 * after it: the store refuses to open, says where and what to do, and the repair keeps every
 * execution the damage did not touch.
 */
class LogDamageTest {
    private static final StoreOptions SMALL = StoreOptions.defaults().withSegmentBytes(1 << 20).withRetention(null);

    @TempDir
    Path dir;

    private static ExecutionRecord execution(int n) {
        return new ExecutionRecord("arn:aws:states:us-east-1:123456789012:execution:m:e" + n, "e" + n,
                "arn:aws:states:us-east-1:123456789012:stateMachine:m", "m",
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}", "role", "{\"n\": " + n + "}", n,
                ExecutionStatus.SUCCEEDED, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n),
                Instant.parse("2026-01-01T00:00:01Z").plusSeconds(n), "{\"out\": " + n + "}", null, null);
    }

    /** A store of {@code count} executions, one batch each, left as a crash leaves it (no clean-close mark). */
    private void writeExecutions(int count) {
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            for (int n = 0; n < count; n++) {
                store.commit(new WriteBatch().put(execution(n))
                        .event(execution(n).arn(), new StoredEvent(1, "{\"n\":" + n + "}"))).toCompletableFuture().join();
            }
        }
        deleteMark();
    }

    private void deleteMark() {
        try {
            Files.deleteIfExists(dir.resolve("index.closed")); // as after a kill: the index is rebuilt from the whole log
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path segment() throws IOException {
        try (var files = Files.list(dir.resolve("log"))) {
            return files.filter(f -> f.toString().endsWith(".wal")).sorted().findFirst().orElseThrow();
        }
    }

    /** Where each record of a segment begins. */
    private static List<Integer> recordOffsets(Path segment) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Integer> offsets = new ArrayList<>();
        int at = 0;
        while (true) {
            SegmentScan.Next next = SegmentScan.next(data, at, 0);
            if (next.kind() != SegmentScan.Kind.GOOD) {
                return offsets;
            }
            offsets.add(at);
            at += next.record().bytes();
        }
    }

    private static void write(Path file, long at, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), at);
        }
    }

    private static void flipBit(Path file, long at) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) at] ^= 0x10;
        write(file, at, new byte[]{bytes[(int) at]});
    }

    @Test
    void aFlippedBitInTheMiddleOfTheLastSegmentIsDamageNotATornEnd() throws IOException {
        writeExecutions(200);
        Path segment = segment();
        int damaged = recordOffsets(segment).get(100);
        flipBit(segment, damaged + LogRecord.HEADER_BYTES + 20);
        byte[] before = Files.readAllBytes(segment);

        assertThatThrownBy(() -> MapDbStore.open(dir, SMALL)).isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining(segment.getFileName().toString())
                .hasMessageContaining("at byte " + damaged)
                .hasMessageContaining("statewright repair");
        assertThat(Files.readAllBytes(segment)).as("the log is left as it was").isEqualTo(before);
    }

    @Test
    void aZeroedRecordInTheMiddleIsDamageToo() throws IOException {
        writeExecutions(50);
        Path segment = segment();
        List<Integer> offsets = recordOffsets(segment);
        int from = offsets.get(20);
        write(segment, from, new byte[offsets.get(21) - from]);
        assertThatThrownBy(() -> MapDbStore.open(dir, SMALL)).isInstanceOf(StoreDamagedException.class)
                .hasMessageContaining("at byte " + from);
    }

    @Test
    void aTornLastGroupIsCutOffAndEverythingBeforeItKept() throws IOException {
        writeExecutions(30);
        Path segment = segment();
        List<Integer> offsets = recordOffsets(segment);
        int last = offsets.get(offsets.size() - 1);
        write(segment, last + 40, new byte[64]); // the crash left the last group's record half written
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            assertThat(StoreReads.allExecutions(store)).hasSize(29);
            store.commit(new WriteBatch().put(execution(99))).toCompletableFuture().join();
        }
        deleteMark();
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            assertThat(StoreReads.allExecutions(store)).hasSize(30).anyMatch(e -> e.name().equals("e99"));
        }
    }

    @Test
    void afterACleanStopAReadOfADamagedRecordFailsAndTheOthersAnswer() throws IOException {
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            for (int n = 0; n < 20; n++) {
                store.commit(new WriteBatch().put(execution(n))
                        .event(execution(n).arn(), new StoredEvent(1, "{\"n\":" + n + "}"))).toCompletableFuture().join();
            }
        }
        Path segment = segment();
        flipBit(segment, recordOffsets(segment).get(10) + LogRecord.HEADER_BYTES + 30);
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) { // the clean-close mark: the log before it is not re-read
            assertThatThrownBy(() -> store.execution(execution(10).arn())).isInstanceOf(StoreDamagedException.class)
                    .hasMessageContaining("checksum");
            assertThat(store.execution(execution(11).arn())).hasValue(execution(11));
            assertThat(store.events(execution(12).arn(), 1, 10)).extracting(StoredEvent::json).containsExactly("{\"n\":12}");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "a bit flipped {0} bytes into the payload")
    @org.junit.jupiter.params.provider.ValueSource(ints = {10, 200})
    void repairKeepsEveryExecutionTheDamageDidNotTouchAndSetsTheOldFilesAside(int intoPayload) throws IOException {
        writeExecutions(200);
        Path segment = segment();
        flipBit(segment, recordOffsets(segment).get(120) + LogRecord.HEADER_BYTES + intoPayload); // its names, its frame

        StoreRepair.Report report = StoreRepair.repair(dir);

        assertThat(report.damage()).hasSize(1);
        assertThat(report.lost()).containsExactly(execution(120).arn());
        assertThat(report.executionsKept()).isEqualTo(199);
        assertThat(report.setAside()).isDirectory();
        assertThat(report.setAside().resolve("log")).isDirectory();
        assertThat(Files.readString(report.setAside().resolve("repair-report.txt"))).contains(execution(120).arn());
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            for (int n = 0; n < 200; n++) {
                if (n == 120) {
                    assertThat(store.execution(execution(n).arn())).isEmpty();
                    continue;
                }
                assertThat(store.execution(execution(n).arn())).hasValue(execution(n));
                assertThat(store.events(execution(n).arn(), 1, 10)).extracting(StoredEvent::json)
                        .containsExactly("{\"n\":" + n + "}");
            }
        }
    }

    @Test
    void repairCarriesMapRunsAndTheirChildrenAndReportsADamagedChildAsItsParentOnly() throws IOException {
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            for (int n = 0; n < 20; n++) {
                MapRunRecord run = StoreContractTest.mapRun(execution(n).arn(), "run" + n, n, 0);
                store.commit(new WriteBatch().put(execution(n)).event(execution(n).arn(), new StoredEvent(1, "{}")).put(run)
                        .put(StoreContractTest.child(run.arn(), 0, ExecutionStatus.SUCCEEDED))
                        .put(StoreContractTest.child(run.arn(), 1, ExecutionStatus.FAILED))).toCompletableFuture().join();
            }
        }
        deleteMark();
        Path segment = segment();
        flipBit(segment, recordOffsets(segment).get(12) + LogRecord.HEADER_BYTES + 10);

        StoreRepair.Report report = StoreRepair.repair(dir);

        assertThat(report.lost()).containsExactly(execution(12).arn());
        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            for (int n = 0; n < 20; n++) {
                MapRunRecord run = StoreContractTest.mapRun(execution(n).arn(), "run" + n, n, 0);
                MapRunChildRecord failed = StoreContractTest.child(run.arn(), 1, ExecutionStatus.FAILED);
                if (n == 12) {
                    assertThat(store.mapRunChild(failed.executionArn())).isEmpty();
                    continue;
                }
                assertThat(store.mapRun(run.arn())).hasValue(run);
                assertThat(store.mapRunChild(failed.executionArn())).hasValue(failed);
                assertThat(store.mapRunChildren(run.arn(), null, 10, null).children())
                        .extracting(MapRunChildRecord.Summary::index).containsExactly(1, 0);
            }
        }
    }

    @Test
    void repairOfALogWithoutDamageChangesNothing() throws IOException {
        writeExecutions(5);
        byte[] before = Files.readAllBytes(segment());
        StoreRepair.Report report = StoreRepair.repair(dir);
        assertThat(report.changedNothing()).isTrue();
        assertThat(Files.readAllBytes(segment())).isEqualTo(before);
    }

    @Test
    void aGroupWhoseWriteFailedIsZeroedSoACrashRightAfterNeverReplaysIt() throws IOException {
        AtomicBoolean failNext = new AtomicBoolean();
        WriteAheadLog log = WriteAheadLog.open(dir.resolve("log"), 1 << 20,
                channel -> new FailingFileChannel(channel, () -> failNext.getAndSet(false)));
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(List.of(IndexChange.put(IndexChange.IndexMap.EXECUTIONS, "kept", "{}"))));
        failNext.set(true);
        // Two whole records, of which the failing write puts the first (and part of the second) on disk.
        assertThatThrownBy(() -> log.append(List.of(
                List.of(IndexChange.put(IndexChange.IndexMap.EXECUTIONS, "refused-1", "x".repeat(100))),
                List.of(IndexChange.put(IndexChange.IndexMap.EXECUTIONS, "refused-2", "y".repeat(5000))))))
                .isInstanceOf(IOException.class);
        // The process dies here: nothing else is appended, and the log is not closed.
        List<String> replayed = new ArrayList<>();
        WriteAheadLog.open(dir.resolve("log"), 1 << 20, c -> c)
                .replay(new LogPosition(0, 0), batch -> replayed.add(batch.changes().get(0).key()));
        assertThat(replayed).containsExactly("kept");
    }

    @Test
    void aLogWrittenBeforeRecordsHadGroupsIsStillRead() throws IOException {
        // An older Statewright's record: [int length][int crc32c][body], and no format mark in the directory.
        Path log = Files.createDirectories(dir.resolve("log"));
        byte[] body = BatchBody.encode(List.of(IndexChange.put(IndexChange.IndexMap.STATE_MACHINES,
                "arn:aws:states:us-east-1:123456789012:stateMachine:old", RecordCodec.write(new StateMachineRecord(
                        "arn:aws:states:us-east-1:123456789012:stateMachine:old", "old",
                        dev.statewright.interpreter.model.StateMachineType.STANDARD, "{}", "role",
                        Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"), "r",
                        java.util.Map.of()))))).bytes();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(8 + body.length).putInt(body.length).putInt((int) crc.getValue()).put(body);
        byte[] segment = new byte[1 << 20];
        System.arraycopy(record.array(), 0, segment, 0, record.capacity());
        Files.write(log.resolve(String.format("%016d.wal", 0)), segment);

        try (MapDbStore store = MapDbStore.open(dir, SMALL)) {
            assertThat(store.recovery().rebuilt()).isTrue();
            assertThat(store.stateMachines()).extracting(StateMachineRecord::name).containsExactly("old");
        }
        assertThat(Files.readString(dir.resolve("store.format"), StandardCharsets.US_ASCII).trim()).isEqualTo("2");
    }
}
