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
                               ExecutionStatus status, Instant startDate, Instant stopDate,
                               String stateMachineVersionArn, String stateMachineAliasArn, Redrives redrives) {
    public ExecutionSummary {
        redrives = redrives != null ? redrives : Redrives.NONE;
    }

    /** The summary of an execution started on the machine itself, never redriven. */
    public ExecutionSummary(String arn, String name, String stateMachineArn, String stateMachineName,
                            ExecutionStatus status, Instant startDate, Instant stopDate) {
        this(arn, name, stateMachineArn, stateMachineName, status, startDate, stopDate, null, null, Redrives.NONE);
    }

    public static ExecutionSummary of(ExecutionRecord record) {
        return new ExecutionSummary(record.arn(), record.name(), record.stateMachineArn(), record.stateMachineName(),
                record.status(), record.startDate(), record.stopDate(), record.start().stateMachineVersionArn(),
                record.start().stateMachineAliasArn(), record.redrives());
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(2); // the encoding's version
            out.writeUTF(arn);
            out.writeUTF(name);
            out.writeUTF(stateMachineArn);
            out.writeUTF(stateMachineName);
            out.writeUTF(status.name());
            out.writeLong(nanos(startDate));
            out.writeBoolean(stopDate != null);
            out.writeLong(stopDate == null ? 0 : nanos(stopDate));
            writeOptional(out, stateMachineVersionArn);
            writeOptional(out, stateMachineAliasArn);
            out.writeInt(redrives.count());
            out.writeLong(redrives.lastDate() == null ? Long.MIN_VALUE : nanos(redrives.lastDate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ExecutionSummary decode(byte[] bytes, int offset, int length) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, offset, length))) {
            int version = in.readByte();
            if (version != 1 && version != 2) {
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
            Instant stopDate = stopped ? instant(stop) : null;
            if (version == 1) {
                return new ExecutionSummary(arn, name, machineArn, machineName, status, start, stopDate);
            }
            String versionArn = readOptional(in);
            String aliasArn = readOptional(in);
            int redriveCount = in.readInt();
            long redriveDate = in.readLong();
            return new ExecutionSummary(arn, name, machineArn, machineName, status, start, stopDate, versionArn, aliasArn,
                    new Redrives(redriveCount, redriveDate == Long.MIN_VALUE ? null : instant(redriveDate)));
        } catch (IOException e) {
            throw new UncheckedIOException("An execution summary does not read", e);
        }
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
