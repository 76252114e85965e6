package dev.statewright.api.events;

import dev.statewright.api.runtime.ExecutionObserver;
import dev.statewright.api.service.Arns;
import dev.statewright.api.store.ExecutionRecord;
import dev.statewright.api.store.OutboxEntry;
import dev.statewright.api.store.WriteBatch;
import dev.statewright.interpreter.engine.HistoryEvent;
import dev.statewright.interpreter.json.Json;

/**
 * Puts each status change of a STANDARD execution into the outbox of the batch that stores the
 * change (so the event exists exactly when the change is durable), and hands the entries to
 * {@link EventDelivery} once that batch is durable. EXPRESS executions send no events, as on AWS.
 */
public final class EventOutbox implements ExecutionObserver {
    private final EventDelivery delivery;
    private final String region;
    private final String account;

    public EventOutbox(EventDelivery delivery, String region, String account) {
        this.delivery = delivery;
        this.region = region;
        this.account = account;
    }

    @Override
    public void statusChanged(ExecutionRecord record, HistoryEvent event, WriteBatch batch) {
        if (Arns.isExpress(record.arn())) {
            return;
        }
        batch.put(new OutboxEntry(OutboxEntry.key(record.arn(), event.id()),
                Json.write(StatusChangeEvent.of(record, event, region, account))));
    }

    @Override
    public void turnStored(StoredTurn turn) {
        if (!turn.outbox().isEmpty()) {
            delivery.enqueue(turn.outbox());
        }
    }
}
