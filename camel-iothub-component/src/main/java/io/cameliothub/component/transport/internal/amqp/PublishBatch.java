package io.cameliothub.component.transport.internal.amqp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import io.cameliothub.component.transport.internal.SendWindow;

/**
 * A device's messages on their way to the connection's loop: any thread queues, and one drain task at a time hands
 * everything queued to the sender in order and then flushes the engine once. Under load many messages share one loop
 * turn, one write and one TLS wrap (instead of a task, a flush and a TLS record each); a lone message still leaves
 * at once, since its drain task is queued the moment it arrives.
 */
final class PublishBatch {

    /** Where each message of a batch goes, on the loop (before the one flush). */
    interface Sender {
        void send(IotHubMessage message, CompletableFuture<Void> result);
    }

    private record Queued(IotHubMessage message, CompletableFuture<Void> result) {
    }

    private final AmqpConnection connection;
    private final BooleanSupplier up;
    private final Sender sender;
    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();

    /** @param up whether the device's links are up (on the loop); if not, a batch goes back to the send window */
    PublishBatch(AmqpConnection connection, BooleanSupplier up, Sender sender) {
        this.connection = connection;
        this.up = up;
        this.sender = sender;
    }

    /** Any thread, never blocking. */
    void publish(IotHubMessage message, CompletableFuture<Void> result) {
        queue.add(new Queued(message, result));
        if (drainQueued.compareAndSet(false, true)) {
            try {
                connection.loop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainQueued.set(false);
                failQueued(new IotHubException("The AMQP connection is closed", null, true, e));
            }
        }
    }

    private void drain() {
        drainQueued.set(false); // a message queued from here on queues a new drain (or is taken by this one)
        List<Queued> batch = new ArrayList<>();
        Queued q;
        while ((q = queue.poll()) != null) {
            batch.add(q);
        }
        if (!up.getAsBoolean()) {
            // each goes back to the head of the window's line, in its original place there
            batch.forEach(b -> b.result().completeExceptionally(new SendWindow.NotSent("the device's links are down")));
            return;
        }
        for (Queued next : batch) {
            try {
                sender.send(next.message(), next.result());
            } catch (RuntimeException e) {
                next.result().completeExceptionally(e);
            }
        }
        connection.flush();
    }

    private void failQueued(IotHubException cause) {
        Queued q;
        while ((q = queue.poll()) != null) {
            q.result().completeExceptionally(cause);
        }
    }
}
