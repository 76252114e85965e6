package dev.statewright.api.store;

import dev.statewright.interpreter.engine.HistoryEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.statewright.api.store.IndexChange.IndexMap;

/**
 * How a {@link WriteBatch} lands in the index. Records are JSON texts keyed by ARN. History
 * events and journal entries are kept in chunks, one per execution per batch, keyed by the ARN and
 * the first number in the chunk: a turn of an execution writes one entry, not one per event.
 */
final class IndexLayout {
    static final char KEY_SEPARATOR = '\u0000';
    static final char LINE_SEPARATOR = '\n'; // JSON texts written by Jackson never hold a raw newline

    private IndexLayout() {
    }

    static List<IndexChange> changes(WriteBatch batch, DefinitionIds definitions) {
        List<IndexChange> changes = new ArrayList<>();
        batch.stateMachines().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.STATE_MACHINES, arn, RecordCodec.write(record))));
        batch.deletedStateMachines().forEach(arn -> changes.add(IndexChange.remove(IndexMap.STATE_MACHINES, arn)));
        batch.executions().forEach((arn, record) -> {
            String definitionId = definitions.idOf(record.definition(),
                    (id, text) -> changes.add(IndexChange.put(IndexMap.DEFINITIONS, id, text)));
            changes.add(IndexChange.put(IndexMap.EXECUTIONS, arn, RecordCodec.write(record, definitionId)));
        });
        batch.activities().forEach((arn, record) ->
                changes.add(IndexChange.put(IndexMap.ACTIVITIES, arn, RecordCodec.write(record))));
        batch.deletedActivities().forEach(arn -> changes.add(IndexChange.remove(IndexMap.ACTIVITIES, arn)));
        for (Map.Entry<String, List<StoredEvent>> entry : batch.events().entrySet()) {
            List<StoredEvent> events = entry.getValue();
            StringBuilder chunk = new StringBuilder();
            for (StoredEvent event : events) {
                appendLine(chunk, event.id() + " " + event.json());
            }
            changes.add(IndexChange.put(IndexMap.EVENTS, key(entry.getKey(), events.get(0).id()), chunk.toString()));
        }
        for (Map.Entry<String, List<HistoryEvent>> entry : batch.historyEvents().entrySet()) {
            List<HistoryEvent> events = entry.getValue();
            changes.add(IndexChange.put(IndexMap.EVENTS, key(entry.getKey(), events.get(0).id()),
                    EventCodec.encodeChunk(events)));
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
        return changes;
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

    static JournalEntry journalLine(String line) {
        int first = line.indexOf(' ');
        int second = line.indexOf(' ', first + 1);
        return new JournalEntry(Long.parseLong(line, 0, first, 10), Long.parseLong(line, first + 1, second, 10),
                line.substring(second + 1));
    }
}
