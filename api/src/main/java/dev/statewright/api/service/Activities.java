package dev.statewright.api.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.api.integrations.ActivityTaskQueue;
import dev.statewright.api.store.ActivityRecord;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.WriteBatch;

import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** The activity operations: CreateActivity, DescribeActivity, ListActivities, DeleteActivity, GetActivityTask. */
public final class Activities {
    private final Store store;
    private final Arns arns;
    private final InstantSource clock;
    private final ActivityTaskQueue queues;
    private final Map<String, ActivityRecord> activities = new ConcurrentHashMap<>();

    public Activities(Store store, Arns arns, InstantSource clock, ActivityTaskQueue queues) {
        this.store = store;
        this.arns = arns;
        this.clock = clock;
        this.queues = queues;
        store.activities().forEach(record -> activities.put(record.arn(), record));
    }

    /**
     * On a store shared with other nodes, what they created or deleted: read again when a lookup
     * misses and for a list.
     */
    private synchronized Map<String, ActivityRecord> catchUp() {
        if (store.sharedWithOtherNodes()) {
            Map<String, ActivityRecord> fresh = new java.util.HashMap<>();
            store.activities().forEach(record -> fresh.put(record.arn(), record));
            activities.keySet().retainAll(fresh.keySet());
            activities.putAll(fresh);
        }
        return activities;
    }

    private Map<String, ActivityRecord> current() {
        return store.sharedWithOtherNodes() ? catchUp() : activities;
    }

    private ActivityRecord lookUp(String arn) {
        ActivityRecord record = activities.get(arn);
        return record == null && store.sharedWithOtherNodes() ? catchUp().get(arn) : record;
    }

    /** Idempotent, as AWS's: the same name gives the same activity. */
    public ActivityRecord create(String name, Map<String, String> tags) {
        return create(name, tags, null);
    }

    /** As {@link #create(String, Map)}, keeping the encryption configuration given (JSON text, or null). */
    public synchronized ActivityRecord create(String name, Map<String, String> tags, String encryptionConfiguration) {
        Arns.checkName(name, "activity");
        String arn = arns.activity(name);
        ActivityRecord existing = lookUp(arn);
        if (existing != null) {
            return existing;
        }
        ActivityRecord record = new ActivityRecord(arn, name, clock.instant(), Tagging.withinLimit(arn, tags),
                encryptionConfiguration);
        store.commit(new WriteBatch().put(record)).toCompletableFuture().join();
        activities.put(arn, record);
        return record;
    }

    public ActivityRecord describe(String arn) {
        ActivityRecord record = lookUp(checked(arn));
        if (record == null) {
            throw new ServiceException("ActivityDoesNotExist", "Activity Does Not Exist: '" + arn + "'");
        }
        return record;
    }

    /** The activity, for the tag operations: a missing one is ResourceNotFound there, as on AWS. */
    ActivityRecord taggable(String arn) {
        ActivityRecord record = lookUp(checked(arn));
        if (record == null) {
            throw new ServiceException("ResourceNotFound", "Resource not found: '" + arn + "'");
        }
        return record;
    }

    /** Replaces an activity's tags with what {@code change} makes of them; completes once stored. */
    synchronized void retag(String arn, UnaryOperator<Map<String, String>> change) {
        ActivityRecord current = taggable(arn);
        ActivityRecord changed = new ActivityRecord(current.arn(), current.name(), current.creationDate(),
                Tagging.withinLimit(arn, change.apply(current.tags())), current.encryptionConfiguration());
        store.commit(new WriteBatch().put(changed)).toCompletableFuture().join();
        activities.put(arn, changed);
    }

    public boolean exists(String arn) {
        return lookUp(arn) != null;
    }

    public List<ActivityRecord> list() {
        return current().values().stream().sorted(Comparator.comparing(ActivityRecord::creationDate)
                .thenComparing(ActivityRecord::name)).collect(Collectors.toList());
    }

    public synchronized void delete(String arn) {
        checked(arn);
        if (activities.remove(arn) != null) {
            store.commit(new WriteBatch().deleteActivity(arn)).toCompletableFuture().join();
            queues.remove(arn);
        }
    }

    /** GetActivityTask: a long poll that holds no thread while it waits. */
    public CompletableFuture<ObjectNode> nextTask(String arn, String workerName) {
        describe(arn);
        return queues.poll(arn, workerName);
    }

    private String checked(String arn) {
        if (arn == null || !arn.startsWith(arns.activity(""))) {
            throw Arns.invalid(arn);
        }
        return arn;
    }
}
