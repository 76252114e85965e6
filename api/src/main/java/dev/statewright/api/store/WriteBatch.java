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
    private final Map<String, List<HistoryEvent>> historyEvents = new LinkedHashMap<>();
    private final Map<String, List<JournalEntry>> journal = new LinkedHashMap<>();
    private final Map<String, ActivityRecord> activities = new LinkedHashMap<>();
    private final List<String> deletedActivities = new ArrayList<>();

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
        return this;
    }

    /** An event as the engine recorded it: encoded with the batch's other events, in one pass. */
    public WriteBatch event(String executionArn, HistoryEvent event) {
        historyEvents.computeIfAbsent(executionArn, arn -> new ArrayList<>()).add(event);
        return this;
    }

    public WriteBatch journal(String executionArn, JournalEntry entry) {
        journal.computeIfAbsent(executionArn, arn -> new ArrayList<>()).add(entry);
        return this;
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

    public boolean isEmpty() {
        return stateMachines.isEmpty() && deletedStateMachines.isEmpty() && executions.isEmpty() && events.isEmpty()
                && historyEvents.isEmpty()
                && journal.isEmpty() && activities.isEmpty() && deletedActivities.isEmpty();
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

    public Map<String, List<HistoryEvent>> historyEvents() {
        return historyEvents;
    }

    public Map<String, List<JournalEntry>> journal() {
        return journal;
    }
}
