package dev.statewright.api.events;

import dev.statewright.api.store.OutboxEntry;
import dev.statewright.api.store.Store;
import dev.statewright.api.store.WriteBatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the outbox's entries to every sink, at least once, and removes each from the store once
 * every sink has it. An execution's entries go one after another (the next only once every sink
 * took the one before), so a consumer sees its status changes in order; executions go side by
 * side. A failed send is tried again after a delay that doubles up to 30 s, set on this class's
 * scheduler (no thread waits). Entries still in the store at start (not delivered before a stop
 * or a crash) are sent first, before anything the resumed executions add.
 */
public final class EventDelivery implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventDelivery.class.getName());
    private static final int PAGE = 500;
    private static final long FIRST_RETRY_MILLIS = 200;
    private static final long MAX_RETRY_MILLIS = 30_000;

    private final Store store;
    private final List<EventSink> sinks;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statewright-events");
        thread.setDaemon(true);
        return thread;
    });
    /** Entries waiting, per execution, in order; the head is being sent. Guarded by {@code this}. */
    private final Map<String, Deque<OutboxEntry>> queues = new HashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();

    public EventDelivery(Store store, List<EventSink> sinks) {
        this.store = store;
        this.sinks = List.copyOf(sinks);
    }

    /** Queues what the store's outbox holds (call before executions resume). Returns how many entries. */
    public long recover() {
        long found = 0;
        String after = null;
        while (true) {
            List<OutboxEntry> page = store.outbox(after, PAGE);
            if (page.isEmpty()) {
                return found;
            }
            enqueue(page);
            found += page.size();
            after = page.get(page.size() - 1).key();
        }
    }

    /** Entries whose batch is durable, in the order written. Quick: called on the store's committer. */
    public void enqueue(List<OutboxEntry> entries) {
        for (OutboxEntry entry : entries) {
            String arn = entry.executionArn();
            boolean idle;
            synchronized (this) {
                Deque<OutboxEntry> queue = queues.get(arn);
                idle = queue == null;
                if (idle) {
                    queue = new ArrayDeque<>();
                    queues.put(arn, queue);
                }
                queue.add(entry);
            }
            pending.incrementAndGet();
            if (idle) {
                run(() -> deliver(entry, ConcurrentHashMap.newKeySet(), 0), 0);
            }
        }
    }

    private void deliver(OutboxEntry entry, Set<Integer> took, int attempt) {
        String id = eventId(entry);
        CompletableFuture<?>[] sends = new CompletableFuture<?>[sinks.size()];
        for (int i = 0; i < sinks.size(); i++) {
            int sink = i;
            if (took.contains(sink)) {
                sends[i] = CompletableFuture.completedFuture(null);
                continue;
            }
            CompletableFuture<Void> sent;
            try {
                sent = sinks.get(sink).send(id, entry.json()).toCompletableFuture();
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sends[i] = sent.whenComplete((ok, failure) -> {
                if (failure == null) {
                    took.add(sink);
                } else {
                    failedSends.incrementAndGet();
                    if (attempt % 10 == 0) {
                        LOG.log(Level.WARNING, "Could not send status event " + id + " of " + entry.executionArn() + " to "
                                + sinks.get(sink).name() + " (attempt " + (attempt + 1) + "; it is tried again): " + failure);
                    }
                }
            });
        }
        CompletableFuture.allOf(sends).whenComplete((ok, failure) -> {
            if (took.size() == sinks.size()) {
                delivered(entry);
            } else {
                long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt, 10));
                run(() -> deliver(entry, took, attempt + 1), delay);
            }
        });
    }

    private void delivered(OutboxEntry entry) {
        delivered.incrementAndGet();
        pending.decrementAndGet();
        // Removed through the store, after the fact: a crash before this commit sends the entry again (a duplicate, never a gap).
        store.commit(new WriteBatch().deleteOutbox(entry.key())).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "Could not remove a delivered status event from the outbox; it is sent again after a restart",
                        failure);
            }
        });
        OutboxEntry next;
        synchronized (this) {
            Deque<OutboxEntry> queue = queues.get(entry.executionArn());
            queue.poll();
            next = queue.peek();
            if (next == null) {
                queues.remove(entry.executionArn());
            }
        }
        if (next != null) {
            OutboxEntry following = next;
            run(() -> deliver(following, ConcurrentHashMap.newKeySet(), 0), 0);
        }
    }

    private void run(Runnable work, long delayMillis) {
        try {
            scheduler.schedule(work, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // stopping: what is not delivered stays in the outbox and goes after the next start
        }
    }

    /** The event's id, from its entry's key (execution ARN and history event id): the same on every resend. */
    private static String eventId(OutboxEntry entry) {
        String key = entry.key();
        return StatusChangeEvent.id(entry.executionArn(), Long.parseLong(key.substring(key.lastIndexOf('\u0000') + 1)));
    }

    /** Entries not yet taken by every sink. */
    public long pending() {
        return pending.get();
    }

    /** Entries every sink took since the start. */
    public long delivered() {
        return delivered.get();
    }

    /** Sends that failed (and were or will be tried again) since the start. */
    public long failedSends() {
        return failedSends.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        sinks.forEach(EventSink::close);
    }
}
