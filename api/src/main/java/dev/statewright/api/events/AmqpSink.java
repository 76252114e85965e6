package dev.statewright.api.events;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Publishes each event to an AMQP 0-9-1 broker (RabbitMQ) with publisher confirms: an event is
 * delivered once the broker confirms it. It is published persistent and mandatory, with the
 * event's id as the message id: a message no queue takes comes back and counts as not delivered.
 * The connection is made on the first send and made again after it drops; connecting and
 * publishing run on a thread of this sink's own, never the caller's.
 */
final class AmqpSink implements EventSink {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final URI uri;
    private final String exchange;
    private final String routingKey;
    private final ConnectionFactory factory = new ConnectionFactory();
    private final ExecutorService io = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "statewright-amqp");
        thread.setDaemon(true);
        return thread;
    });
    /** Published, not yet confirmed, by publish sequence number. */
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    private Connection connection;
    private Channel channel;

    private record Pending(String eventId, CompletableFuture<Void> confirmed) {
    }

    AmqpSink(URI uri, String exchange, String routingKey) {
        this.uri = uri;
        this.exchange = exchange;
        this.routingKey = routingKey;
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("Not an AMQP URI: " + uri + " (" + e.getMessage() + ")", e);
        }
        factory.setAutomaticRecoveryEnabled(false); // this sink reconnects on the next send, and resends what was lost
        factory.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    }

    @Override
    public String name() {
        return "amqp " + uri.getHost() + ":" + uri.getPort() + " exchange '" + exchange + "' key '" + routingKey + "'";
    }

    @Override
    public CompletionStage<Void> send(String eventId, String eventJson) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        try {
            io.execute(() -> publish(eventId, eventJson, confirmed));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            confirmed.completeExceptionally(closed);
        }
        return confirmed;
    }

    private void publish(String eventId, String eventJson, CompletableFuture<Void> confirmed) {
        long sequence = -1;
        try {
            Channel open = channel();
            sequence = open.getNextPublishSeqNo();
            unconfirmed.put(sequence, new Pending(eventId, confirmed));
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .deliveryMode(2).messageId(eventId).type(StatusChangeEvent.DETAIL_TYPE).appId("statewright").build();
            open.basicPublish(exchange, routingKey, true, properties, eventJson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            if (sequence >= 0) {
                unconfirmed.remove(sequence);
            }
            confirmed.completeExceptionally(e);
            drop();
        }
    }

    /** The open channel, or a new connection's; on the io thread only. */
    private Channel channel() throws IOException, java.util.concurrent.TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        drop();
        connection = factory.newConnection("statewright-events");
        Channel made = connection.createChannel();
        made.confirmSelect();
        made.addConfirmListener((sequence, multiple) -> settle(sequence, multiple, null),
                (sequence, multiple) -> settle(sequence, multiple, "the broker refused (nack) it"));
        made.addReturnListener(returned -> {
            String id = returned.getProperties().getMessageId();
            // A return comes before its confirm: the confirm then finds the stage already failed.
            unconfirmed.values().stream().filter(pending -> pending.eventId().equals(id)).forEach(pending ->
                    pending.confirmed().completeExceptionally(new IllegalStateException("No queue took the event (exchange '"
                            + exchange + "', routing key '" + routingKey + "'): " + returned.getReplyText())));
        });
        made.addShutdownListener(cause -> failUnconfirmed("the channel closed: " + cause.getMessage()));
        channel = made;
        return made;
    }

    private void settle(long sequence, boolean multiple, String refusal) {
        Map<Long, Pending> settled = multiple ? unconfirmed.headMap(sequence, true) : unconfirmed.subMap(sequence, true, sequence, true);
        for (Long key : settled.keySet().toArray(Long[]::new)) {
            Pending pending = unconfirmed.remove(key);
            if (pending == null) {
                continue;
            }
            if (refusal == null) {
                pending.confirmed().complete(null);
            } else {
                pending.confirmed().completeExceptionally(new IllegalStateException(refusal));
            }
        }
    }

    private void failUnconfirmed(String why) {
        for (Long key : unconfirmed.keySet().toArray(Long[]::new)) {
            Pending pending = unconfirmed.remove(key);
            if (pending != null) {
                pending.confirmed().completeExceptionally(new IllegalStateException(why));
            }
        }
    }

    private void drop() {
        Connection old = connection;
        connection = null;
        channel = null;
        if (old != null) {
            try {
                old.abort(1_000);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        failUnconfirmed("the connection to the broker was lost");
    }

    @Override
    public void close() {
        if (io.isShutdown()) {
            return;
        }
        io.execute(this::drop);
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
