package dev.statewright.api.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * How a {@link WriteBatch} lands in the index. Records are JSON texts keyed by ARN; an execution's
 * record goes with its {@link ExecutionSummary} in front. History events and journal entries are
 * kept in chunks, one per execution per batch, keyed by the ARN and the first number in the chunk:
 * a turn of an execution writes one entry, not one per event.
 */
final class IndexLayout {
    static final char KEY_SEPARATOR = '\u0000';
    static final char LINE_SEPARATOR = '\n'; // JSON texts written by Jackson never hold a raw newline
    /** The first byte of an execution's value as the log holds it; an older value is its record's JSON text alone. */
    private static final byte EXECUTION_VALUE = 1;

    private IndexLayout() {
    }

    /**
     * A batch as index changes, and the definitions it is the first to write (known to the store
     * only once the batch is durable: a batch that fails must not leave later ones pointing at a
     * definition that never reached the disk).
     */
    record LaidOut(List<IndexChange> changes, Map<String, String> newDefinitions) {
    }

    static LaidOut changes(WriteBatch batch, DefinitionIds definitions) {
        List<IndexChange> changes = new ArrayList<>();
        Map<String, String> newDefinitions = new LinkedHashMap<>();
        batch.stateMachines().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.STATE_MACHINES, arn, RecordCodec.write(record))));
        batch.deletedStateMachines().forEach(arn -> changes.add(IndexChange.remove(IndexMap.STATE_MACHINES, arn)));
        batch.executions().forEach((arn, record) -> {
            String definitionId = definitions.idOf(record.definition());
            if (definitionId == null) {
                definitionId = DefinitionIds.contentId(record.definition());
                if (newDefinitions.putIfAbsent(definitionId, record.definition()) == null) {
                    changes.add(IndexChange.put(IndexMap.DEFINITIONS, definitionId, record.definition()));
                }
            }
            changes.add(IndexChange.put(IndexMap.EXECUTIONS, arn,
                    executionValue(ExecutionSummary.of(record), RecordCodec.write(record, definitionId))));
        });
        batch.activities().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.ACTIVITIES, arn, RecordCodec.write(record))));
        batch.deletedActivities().forEach(arn -> changes.add(IndexChange.remove(IndexMap.ACTIVITIES, arn)));
        batch.aliases().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.ALIASES, arn, RecordCodec.write(record))));
        batch.deletedAliases().forEach(arn -> changes.add(IndexChange.remove(IndexMap.ALIASES, arn)));
        batch.mapRuns().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.MAP_RUNS, arn, RecordCodec.write(record))));
        batch.mapRunChildren().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.MAP_RUN_CHILDREN, arn, RecordCodec.write(record))));
        batch.outbox().forEach(entry -> changes.add(IndexChange.put(IndexMap.OUTBOX, entry.key(), entry.json())));
        batch.sentOutbox().forEach(key -> changes.add(IndexChange.remove(IndexMap.OUTBOX, key)));
        for (Map.Entry<String, List<StoredEvent>> entry : batch.events().entrySet()) {
            List<StoredEvent> events = entry.getValue();
            StringBuilder chunk = new StringBuilder();
            for (StoredEvent event : events) {
                appendLine(chunk, event.id() + " " + event.json());
            }
            changes.add(IndexChange.put(IndexMap.EVENTS, key(entry.getKey(), events.get(0).id()), chunk.toString()));
        }
        for (Map.Entry<String, EventCodec.ChunkWriter> entry : batch.historyEvents().entrySet()) {
            EventCodec.ChunkWriter chunk = entry.getValue();
            changes.add(IndexChange.put(IndexMap.EVENTS, key(entry.getKey(), chunk.firstId()), chunk.finish()));
        }
        for (Map.Entry<String, List<JournalEntry>> entry : batch.journal().entrySet()) {
            List<JournalEntry> entries = entry.getValue();
            StringBuilder chunk = new StringBuilder();
            for (JournalEntry journal : entries) {
                appendLine(chunk, journal.sequence() + " " + journal.timeNanos() + " " + journal.json());
            }
            changes.add(IndexChange.put(IndexMap.JOURNAL, key(entry.getKey(), entries.get(0).sequence()),
                    chunk.toString()));
        }
        return new LaidOut(changes, newDefinitions);
    }

    /** An execution's value in the log: a marker, its summary's length and bytes, then its record's JSON text. */
    static byte[] executionValue(ExecutionSummary summary, String json) {
        byte[] summaryBytes = summary.encode();
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + summaryBytes.length + text.length).put(EXECUTION_VALUE)
                .putInt(summaryBytes.length).put(summaryBytes).put(text).array();
    }

    /** The summary an execution's value holds (or, for an older value, its record says). */
    static ExecutionSummary executionSummary(byte[] value) {
        if (value.length > 0 && value[0] == EXECUTION_VALUE) {
            int length = ByteBuffer.wrap(value, 1, 4).getInt();
            return ExecutionSummary.decode(value, 5, length);
        }
        return RecordCodec.readSummary(new String(value, StandardCharsets.UTF_8));
    }

    /** The encoded summary an execution's value holds, as it is (or, for an older value, {@code summary} encoded). */
    static byte[] summaryBytes(byte[] value, ExecutionSummary summary) {
        if (value.length > 0 && value[0] == EXECUTION_VALUE) {
            int length = ByteBuffer.wrap(value, 1, 4).getInt();
            return java.util.Arrays.copyOfRange(value, 5, 5 + length);
        }
        return summary.encode();
    }

    /** The record's JSON text an execution's value holds, as UTF-8. */
    static byte[] executionJsonBytes(byte[] value) {
        if (value.length > 0 && value[0] == EXECUTION_VALUE) {
            int length = ByteBuffer.wrap(value, 1, 4).getInt();
            return java.util.Arrays.copyOfRange(value, 5 + length, value.length);
        }
        return value;
    }

    /** The record's JSON text an execution's value holds. */
    static String executionJson(byte[] value) {
        if (value.length > 0 && value[0] == EXECUTION_VALUE) {
            int length = ByteBuffer.wrap(value, 1, 4).getInt();
            return new String(value, 5 + length, value.length - 5 - length, StandardCharsets.UTF_8);
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static void appendLine(StringBuilder chunk, String line) {
        if (chunk.length() > 0) {
            chunk.append(LINE_SEPARATOR);
        }
        chunk.append(line);
    }

    /** A chunk's key: the execution and the first number (event id, journal sequence) in the chunk. */
    static String key(String arn, long number) {
        return arn + KEY_SEPARATOR + number;
    }

    /** The number its last line starts with: the next chunk of the execution starts after it. */
    static long lastNumber(byte[] chunk) {
        int start = chunk.length - 1;
        while (start > 0 && chunk[start - 1] != LINE_SEPARATOR) {
            start--;
        }
        long number = 0;
        for (int i = start; i < chunk.length && chunk[i] != ' '; i++) {
            number = number * 10 + (chunk[i] - '0');
        }
        return number;
    }

    static StoredEvent eventLine(String line) {
        int space = line.indexOf(' ');
        return new StoredEvent(Long.parseLong(line, 0, space, 10), line.substring(space + 1));
    }

    /** An event line's type, read without parsing its JSON (the stored form writes type after three numbers). */
    static String eventType(String line) {
        int field = line.indexOf("\"type\":\"");
        if (field < 0) {
            return EventCodec.decode(eventLine(line)).type();
        }
        int start = field + 8;
        return line.substring(start, line.indexOf('"', start));
    }

    static JournalEntry journalLine(String line) {
        int first = line.indexOf(' ');
        int second = line.indexOf(' ', first + 1);
        return new JournalEntry(Long.parseLong(line, 0, first, 10), Long.parseLong(line, first + 1, second, 10),
                line.substring(second + 1));
    }
}
