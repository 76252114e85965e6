package dev.statewright.api.store;

import dev.statewright.interpreter.engine.ExecutionStatus;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What lists of executions show, and what the index keeps of every execution beside where its
 * full record lies: enough to list, filter, count and expire executions without reading records.
 */
public record ExecutionSummary(String arn, String name, String stateMachineArn, String stateMachineName,
                               ExecutionStatus status, Instant startDate, Instant stopDate) {

    public static ExecutionSummary of(ExecutionRecord record) {
        return new ExecutionSummary(record.arn(), record.name(), record.stateMachineArn(), record.stateMachineName(),
                record.status(), record.startDate(), record.stopDate());
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // the encoding's version
            out.writeUTF(arn);
            out.writeUTF(name);
            out.writeUTF(stateMachineArn);
            out.writeUTF(stateMachineName);
            out.writeUTF(status.name());
            out.writeLong(nanos(startDate));
            out.writeBoolean(stopDate != null);
            out.writeLong(stopDate == null ? 0 : nanos(stopDate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ExecutionSummary decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, offset, length))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IllegalStateException("An execution summary of an unknown version " + version);
            }
            String arn = in.readUTF();
            String name = in.readUTF();
            String machineArn = in.readUTF();
            String machineName = in.readUTF();
            ExecutionStatus status = ExecutionStatus.valueOf(in.readUTF());
            Instant start = instant(in.readLong());
            boolean stopped = in.readBoolean();
            long stop = in.readLong();
            return new ExecutionSummary(arn, name, machineArn, machineName, status, start, stopped ? instant(stop) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("An execution summary does not read", e);
        }
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
