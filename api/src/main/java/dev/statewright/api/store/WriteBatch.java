package dev.statewright.api.store;

import dev.statewright.interpreter.engine.HistoryEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes that go down together, atomically: everything one turn of an execution loop produced
 * (its events, its journal entries, its record when the status changed), or an API call's change
 * of a state machine. Built on one thread, then handed to {@link Store#commit}.
 */
public final class WriteBatch {
    private final Map<String, StateMachineRecord> stateMachines = new LinkedHashMap<>();
    private final List<String> deletedStateMachines = new ArrayList<>();
    private final Map<String, ExecutionRecord> executions = new LinkedHashMap<>();
    private final Map<String, List<StoredEvent>> events = new LinkedHashMap<>();
    private final Map<String, EventCodec.ChunkWriter> historyEvents = new LinkedHashMap<>();
    /** Bytes of journal entries and stored events so far (the encoded events' are counted by their writers). */
    private long otherBytes;
    private final Map<String, List<JournalEntry>> journal = new LinkedHashMap<>();
    private final Map<String, ActivityRecord> activities = new LinkedHashMap<>();
    private final List<String> deletedActivities = new ArrayList<>();
    private final Map<String, StateMachineAliasRecord> aliases = new LinkedHashMap<>();
    private final List<String> deletedAliases = new ArrayList<>();
    private final Map<String, MapRunRecord> mapRuns = new LinkedHashMap<>();
    private final Map<String, MapRunChildRecord> mapRunChildren = new LinkedHashMap<>();
    private final List<OutboxEntry> outbox = new ArrayList<>();
    private final List<String> sentOutbox = new ArrayList<>();

    public WriteBatch put(StateMachineRecord record) {
        stateMachines.put(record.arn(), record);
        return this;
    }

    public WriteBatch deleteStateMachine(String arn) {
        deletedStateMachines.add(arn);
        return this;
    }

    public WriteBatch put(ExecutionRecord record) {
        executions.put(record.arn(), record);
        return this;
    }

    public WriteBatch event(String executionArn, StoredEvent event) {
        events.computeIfAbsent(executionArn, arn -> new ArrayList<>()).add(event);
        otherBytes += event.json().length() + 24;
        return this;
    }

    /** An event as the engine recorded it: encoded at once, with the batch's other events of that execution. */
    public WriteBatch event(String executionArn, HistoryEvent event) {
        historyEvents.computeIfAbsent(executionArn, arn -> new EventCodec.ChunkWriter()).add(event);
        return this;
    }

    public WriteBatch journal(String executionArn, JournalEntry entry) {
        journal.computeIfAbsent(executionArn, arn -> new ArrayList<>()).add(entry);
        otherBytes += entry.json().length() + 48;
        return this;
    }

    /** The types of the engine's events the batch holds, in order (tests look for a turn by what it holds). */
    public List<String> eventTypes() {
        List<String> types = new ArrayList<>();
        historyEvents.values().forEach(chunk -> types.addAll(chunk.types()));
        return types;
    }

    /** About how many bytes of events and journal entries the batch holds: a turn stops growing one past a limit. */
    public long bytes() {
        long total = otherBytes;
        for (EventCodec.ChunkWriter chunk : historyEvents.values()) {
            total += chunk.size();
        }
        return total;
    }

    /** Takes an execution's journal entries back out of the batch. */
    public WriteBatch withoutJournal(String executionArn) {
        journal.remove(executionArn);
        return this;
    }

    public WriteBatch put(ActivityRecord record) {
        activities.put(record.arn(), record);
        return this;
    }

    public WriteBatch deleteActivity(String arn) {
        deletedActivities.add(arn);
        return this;
    }

    public WriteBatch put(StateMachineAliasRecord record) {
        aliases.put(record.arn(), record);
        return this;
    }

    public WriteBatch deleteAlias(String arn) {
        deletedAliases.add(arn);
        return this;
    }

    public Map<String, StateMachineAliasRecord> aliases() {
        return aliases;
    }

    public List<String> deletedAliases() {
        return deletedAliases;
    }

    /** A Distributed Map's run as it is now (the last one put for an ARN is the one written). */
    public WriteBatch put(MapRunRecord record) {
        mapRuns.put(record.arn(), record);
        return this;
    }

    public Map<String, MapRunRecord> mapRuns() {
        return mapRuns;
    }

    /** A Map Run's child execution as it is now (the last one put for an ARN is the one written). */
    public WriteBatch put(MapRunChildRecord record) {
        mapRunChildren.put(record.executionArn(), record);
        otherBytes += 256 + length(record.input()) + length(record.output()) + length(record.cause());
        return this;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    public Map<String, MapRunChildRecord> mapRunChildren() {
        return mapRunChildren;
    }

    /** A message to send once this batch is durable (see {@link OutboxEntry}). */
    public WriteBatch put(OutboxEntry entry) {
        outbox.add(entry);
        otherBytes += entry.json().length() + 64;
        return this;
    }

    /** Removes an outbox entry that was delivered. */
    public WriteBatch deleteOutbox(String key) {
        sentOutbox.add(key);
        return this;
    }

    public List<OutboxEntry> outbox() {
        return outbox;
    }

    public List<String> sentOutbox() {
        return sentOutbox;
    }

    public boolean isEmpty() {
        return stateMachines.isEmpty() && deletedStateMachines.isEmpty() && executions.isEmpty() && events.isEmpty()
                && historyEvents.isEmpty()
                && journal.isEmpty() && activities.isEmpty() && deletedActivities.isEmpty() && aliases.isEmpty()
                && deletedAliases.isEmpty() && mapRuns.isEmpty() && mapRunChildren.isEmpty()
                && outbox.isEmpty() && sentOutbox.isEmpty();
    }

    public Map<String, ActivityRecord> activities() {
        return activities;
    }

    public List<String> deletedActivities() {
        return deletedActivities;
    }

    public Map<String, StateMachineRecord> stateMachines() {
        return stateMachines;
    }

    public List<String> deletedStateMachines() {
        return deletedStateMachines;
    }

    public Map<String, ExecutionRecord> executions() {
        return executions;
    }

    public Map<String, List<StoredEvent>> events() {
        return events;
    }

    Map<String, EventCodec.ChunkWriter> historyEvents() {
        return historyEvents;
    }

    /**
     * Every event of the batch as chunks, by execution in the order given: stored events in one
     * chunk, the engine's as encoded when they came. Finishes the engine's chunks, so it is read
     * once, when the batch is written.
     */
    public Map<String, List<EventChunk>> eventChunks() {
        Map<String, List<EventChunk>> chunks = new LinkedHashMap<>();
        events.forEach((arn, list) -> chunks.computeIfAbsent(arn, key -> new ArrayList<>()).add(EventChunk.of(list)));
        historyEvents.forEach((arn, chunk) -> chunks.computeIfAbsent(arn, key -> new ArrayList<>()).add(
                new EventChunk(chunk.firstId(), chunk.lastId(), chunk.finish())));
        return chunks;
    }

    public Map<String, List<JournalEntry>> journal() {
        return journal;
    }
}
