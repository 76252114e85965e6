package dev.statewright.api.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static dev.statewright.api.store.IndexChange.IndexMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteAheadLogTest {
    @TempDir
    Path dir;

    private static List<IndexChange> batch(String key) {
        return List.of(IndexChange.put(IndexMap.EXECUTIONS, key, "{\"k\":\"" + key + "\"}"), IndexChange.remove(IndexMap.ACTIVITIES, "x"));
    }

    private List<String> replayKeys(WriteAheadLog log) {
        List<String> keys = new ArrayList<>();
        log.replay(new LogPosition(0, 0), batch -> keys.add(batch.changes().get(0).key()));
        return keys;
    }

    @Test
    void aSegmentIsMadeFullSizeAndItsZerosAreTheEndOfTheLog() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("a"), batch("b")));
        log.append(List.of(batch("c")));
        log.close();

        Path segment = Files.list(dir).findFirst().orElseThrow();
        assertThat(Files.size(segment)).isEqualTo(WriteAheadLog.SEGMENT_BYTES);
        WriteAheadLog reopened = WriteAheadLog.open(dir);
        assertThat(replayKeys(reopened)).containsExactly("a", "b", "c");
        reopened.append(List.of(batch("d"))); // goes on after c, over the zeros
        reopened.close();
        assertThat(replayKeys(WriteAheadLog.open(dir))).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aRecordTornByACrashIsCutOffAndTheLogGoesOnFromTheLastWholeOne() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("a")));
        LogPosition end = log.position();
        log.close();
        Path segment = Files.list(dir).findFirst().orElseThrow();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[]{0, 0, 0, 50, 9, 9, 9, 9, 1, 2, 3}), end.offset()); // a header, part of a body
        }

        WriteAheadLog reopened = WriteAheadLog.open(dir);
        assertThat(replayKeys(reopened)).containsExactly("a");
        assertThat(reopened.position()).isEqualTo(end);
        reopened.append(List.of(batch("b")));
        reopened.close();
        assertThat(replayKeys(WriteAheadLog.open(dir))).containsExactly("a", "b");
    }

    @Test
    void damageBeforeTheLastSegmentIsReportedNotSkipped() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("a")));
        log.roll();
        log.append(List.of(batch("b")));
        log.close();
        Path first = dir.resolve(String.format("%016d", 0) + ".wal");
        try (FileChannel channel = FileChannel.open(first, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[]{7, 7, 7}), 10); // inside record a
        }
        assertThatThrownBy(() -> replayKeys(WriteAheadLog.open(dir))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void aValueIsReadBackWhereAppendingAndReplayingSayItLiesInWhicheverSegment() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("before"))); // so the group below starts past the segment's start
        String large = "1 {\"first\":\"é" + "x".repeat(100_000) + "\"}"; // more than the encoder's first buffer
        List<IndexChange> first = List.of(IndexChange.remove(IndexMap.JOURNAL, "gone"),
                IndexChange.put(IndexMap.EVENTS, "arn\u00001", large));
        List<IndexChange> second = List.of(IndexChange.put(IndexMap.EVENTS, "arn\u00002", "2 {\"second\":true}"));
        List<LoggedBatch> appended = new ArrayList<>(log.append(List.of(batch("a"), first)));
        log.roll();
        appended.addAll(log.append(List.of(second)));
        assertThat(appended.get(1).valueOffsets()[0]).isEqualTo(-1);
        assertThat(new String(log.read(appended.get(1).chunkRef(1, 1)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(large);
        assertThat(appended.get(2).segment()).isEqualTo(1);
        assertThat(new String(log.read(appended.get(2).chunkRef(0, 2)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("2 {\"second\":true}");
        log.close();

        WriteAheadLog reopened = WriteAheadLog.open(dir);
        List<LoggedBatch> replayed = new ArrayList<>();
        reopened.replay(new LogPosition(0, 0), replayed::add);
        replayed.remove(0);
        assertThat(replayed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(replayed.get(i).segment()).isEqualTo(appended.get(i).segment());
            assertThat(replayed.get(i).valueOffsets()).containsExactly(appended.get(i).valueOffsets());
        }
        assertThat(reopened.read(replayed.get(2).chunkRef(0, 2))).isEqualTo(second.get(0).value());
        reopened.close();
    }

    @Test
    void theNextSegmentIsMadeAheadOnceThisOneIsHalfFullAndTheGroupAfterTheFullOneGoesThere() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        byte[] half = new byte[(int) (WriteAheadLog.SEGMENT_BYTES / 2)];
        new java.util.Random(1).nextBytes(half); // that does not compress: it takes half the segment
        log.append(List.of(List.of(IndexChange.put(IndexMap.EVENTS, "big", half))));
        Path madeAhead = dir.resolve(String.format("%016d", 1) + ".wal.new");
        for (int i = 0; i < 500 && !Files.exists(madeAhead); i++) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(madeAhead).exists();
        assertThat(log.append(List.of(List.of(IndexChange.put(IndexMap.EVENTS, "big2", half)))).get(0).segment())
                .isZero(); // fills the segment
        assertThat(log.append(List.of(batch("after"))).get(0).segment()).isEqualTo(1);
        log.close();
        Path second = dir.resolve(String.format("%016d", 1) + ".wal");
        assertThat(Files.size(second)).isEqualTo(WriteAheadLog.SEGMENT_BYTES);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".new"))).isEmpty();
        }
        assertThat(replayKeys(WriteAheadLog.open(dir))).containsExactly("big", "big2", "after");
    }

    @Test
    void aSegmentMadeAheadByAStoppedRunIsNeitherReplayedNorKept() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("a")));
        log.close();
        Path leftover = dir.resolve(String.format("%016d", 1) + ".wal.new");
        Files.write(leftover, new byte[4096]);
        WriteAheadLog reopened = WriteAheadLog.open(dir);
        assertThat(leftover).doesNotExist();
        assertThat(replayKeys(reopened)).containsExactly("a");
        assertThat(reopened.position().segment()).isZero();
        reopened.close();
    }

    @Test
    void aReadOnAnInterruptedThreadSucceedsKeepsTheInterruptAndLeavesTheSegmentReadable() throws IOException {
        WriteAheadLog log = WriteAheadLog.open(dir);
        log.replay(new LogPosition(0, 0), batch -> { });
        List<IndexChange> chunk = List.of(IndexChange.put(IndexMap.EVENTS, "arn\u00001", "1 {}"));
        ChunkRef ref = log.append(List.of(chunk)).get(0).chunkRef(0, 1);
        Thread.currentThread().interrupt();
        try {
            assertThat(log.read(ref)).isEqualTo(chunk.get(0).value());
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(log.read(ref)).isEqualTo(chunk.get(0).value());
        log.close();
        assertThatThrownBy(() -> log.read(ref)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aGroupWhoseWriteFailedPartwayIsOverwrittenSoTheGroupsAcknowledgedAfterItReplay() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();
        WriteAheadLog log = WriteAheadLog.open(dir, channel -> new FailingFileChannel(channel, () -> failNext.getAndSet(false)));
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("a")));
        LogPosition afterA = log.position();
        failNext.set(true);
        assertThatThrownBy(() -> log.append(List.of(batch("lost-" + "x".repeat(1000))))).isInstanceOf(IOException.class);
        assertThat(log.position()).isEqualTo(afterA); // not acknowledged: the next group goes where it began
        log.append(List.of(batch("b")));
        log.close();
        // Without the rewind, b would lie after a torn record, and replay (which stops there) would lose it.
        assertThat(replayKeys(WriteAheadLog.open(dir))).containsExactly("a", "b");
    }

    @Test
    void aDirectorySyncThatFailsIsAnErrorNotIgnored() {
        assertThatThrownBy(() -> WriteAheadLog.syncDirectory(dir.resolve("gone"))).isInstanceOf(IOException.class);
    }

    @Test
    void aGroupThatOutgrowsItsSegmentOnAFullDiskIsUndoneAndTheLogWritesAgainOnceThereIsRoom() throws IOException {
        FullDiskFileChannel.Space space = new FullDiskFileChannel.Space();
        long segmentBytes = 4096;
        WriteAheadLog log = WriteAheadLog.open(dir, segmentBytes, channel -> new FullDiskFileChannel(channel, space));
        log.replay(new LogPosition(0, 0), batch -> { });
        log.append(List.of(batch("a")));
        space.fill();
        // Inside the segment, made full size up front: no room needed.
        log.append(List.of(batch("b")));
        // Past its end: the file must grow, and cannot. (Random, so compression does not shrink it.)
        byte[] noise = new byte[(int) segmentBytes];
        new java.util.SplittableRandom(3).nextBytes(noise);
        String large = "lost-" + java.util.Base64.getEncoder().encodeToString(noise);
        assertThatThrownBy(() -> log.append(List.of(batch(large))))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left");
        assertThat(Files.size(log.file(0))).as("what the failed group added is cut off").isEqualTo(segmentBytes);
        space.free();
        log.append(List.of(batch("c")));
        log.close();
        assertThat(replayKeys(WriteAheadLog.open(dir))).containsExactly("a", "b", "c");
    }
}
