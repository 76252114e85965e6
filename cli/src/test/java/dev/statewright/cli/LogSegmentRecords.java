package dev.statewright.cli;

import com.github.luben.zstd.Zstd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The records of a log segment as the test reads them from the documented framing (a 32-byte
 * header: magic, payload length, CRC, group, place, count, codec, flags; then the payload), with
 * no help from the store: where they lie, what execution ARNs a record's batch names, and the
 * damage a test does to one. The test's own reading, so that it knows independently what a
 * damaged record held.
 */
final class LogSegmentRecords {
    private static final int MAGIC = 0xA557_4C32;
    private static final int HEADER_BYTES = 32;
    private static final byte ZSTD = 1;
    private static final Pattern EXECUTION_ARN = Pattern.compile("arn:aws:states:[a-z0-9-]+:\\d+:execution:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+");

    /** A record: where it begins in its segment, how long it is, its codec and payload. */
    record Record(long offset, int bytes, byte codec, byte[] payload) {
        /** The execution ARNs its batch names (keys and values), decompressed. */
        Set<String> executionArns() {
            byte[] body = payload;
            if (codec == ZSTD) {
                // [int body length][int names length][names][frame]
                int rawLength = ByteBuffer.wrap(payload).getInt();
                int namesLength = ByteBuffer.wrap(payload).getInt(4);
                byte[] frame = new byte[payload.length - 8 - namesLength];
                System.arraycopy(payload, 8 + namesLength, frame, 0, frame.length);
                body = Zstd.decompress(frame, rawLength);
            }
            Matcher arns = EXECUTION_ARN.matcher(new String(body, StandardCharsets.ISO_8859_1));
            Set<String> found = new TreeSet<>();
            while (arns.find()) {
                found.add(arns.group());
            }
            return found;
        }
    }

    private LogSegmentRecords() {
    }

    /** The last segment of the log in {@code logDirectory}. */
    static Path lastSegment(Path logDirectory) {
        try (Stream<Path> files = Files.list(logDirectory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".wal")).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no log segment in " + logDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segment's records in order, up to the zeros after the last. */
    static List<Record> of(Path segment) {
        ByteBuffer data;
        try {
            data = ByteBuffer.wrap(Files.readAllBytes(segment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Record> records = new ArrayList<>();
        for (int at = 0; at + HEADER_BYTES <= data.limit() && data.getInt(at) == MAGIC; ) {
            int length = data.getInt(at + 4);
            byte[] payload = new byte[length];
            data.get(at + HEADER_BYTES, payload);
            records.add(new Record(at, HEADER_BYTES + length, data.get(at + 28), payload));
            at += HEADER_BYTES + length;
        }
        return records;
    }

    /** Flips one bit in the middle of a record's payload, as a failing disk or memory would. */
    static void flipBit(Path segment, Record record) {
        long at = record.offset() + HEADER_BYTES + record.payload().length / 2;
        ByteBuffer one = read(segment, at, 1);
        write(segment, at, ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x10)}));
    }

    /** Zeroes a whole record, header and payload, as a lost write of a disk block would. */
    static void zero(Path segment, Record record) {
        write(segment, record.offset(), ByteBuffer.allocate(record.bytes()));
    }

    private static ByteBuffer read(Path segment, long at, int bytes) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(bytes);
            channel.read(buffer, at);
            return buffer.flip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path segment, long at, ByteBuffer bytes) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes, at + bytes.position());
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
