package io.cameliothub.component.transport;

import java.util.Deque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bounded path of device-to-cloud messages through a transport: at most {@code maxInFlight} messages wait for the
 * hub's acknowledgement, as many again wait for their turn, and a caller that finds both full waits (up to the send
 * timeout) rather than growing a queue without bound. Messages go out only while the wire is open. Each message
 * fails by itself when its send timeout passes.
 */
public final class SendQueue {

    /** A message on its way, with the future its sender waits on. */
    public static final class Pending {
        private final IotHubMessage message;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private volatile ScheduledFuture<?> timeout;

        Pending(IotHubMessage message) {
            this.message = message;
        }

        public IotHubMessage message() {
            return message;
        }

        public CompletableFuture<Void> result() {
            return result;
        }
    }

    private final TransportOptions options;
    private final ScheduledExecutorService scheduler;
    private final Consumer<Pending> wire;
    private final Semaphore room;
    private final Deque<Pending> waiting = new ConcurrentLinkedDeque<>();
    private final Set<Pending> onWire = ConcurrentHashMap.newKeySet();
    private final Object drainLock = new Object();
    private volatile boolean open;
    private volatile CompletableFuture<Void> idle;

    /**
     * @param wire puts a message on the wire; it must eventually call {@link #acknowledged} or {@link #failed}
     */
    public SendQueue(TransportOptions options, ScheduledExecutorService scheduler, Consumer<Pending> wire) {
        this.options = options;
        this.scheduler = scheduler;
        this.wire = wire;
        this.room = new Semaphore(2 * options.maxInFlight());
    }

    /** Queues a message; returns a future completed when the hub acknowledged it. */
    public CompletableFuture<Void> submit(IotHubMessage message) {
        Pending pending = new Pending(message);
        try {
            if (!room.tryAcquire()
                    && !room.tryAcquire(options.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                pending.result.completeExceptionally(new IotHubException(
                        "No room to send within " + options.sendTimeout().toMillis() + "ms: " + options.maxInFlight()
                                                                      + " messages in flight and as many waiting",
                        null, true));
                return pending.result;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.result.completeExceptionally(new IotHubException("Interrupted while waiting to send", null, true, e));
            return pending.result;
        }
        pending.result.whenComplete((ok, error) -> {
            room.release();
            ScheduledFuture<?> t = pending.timeout;
            if (t != null) {
                t.cancel(false);
            }
        });
        pending.timeout = scheduler.schedule(() -> pending.result.completeExceptionally(new IotHubException(
                "The hub did not acknowledge the message within " + options.sendTimeout().toMillis() + "ms", null, true)),
                options.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        waiting.add(pending);
        drain();
        return pending.result;
    }

    /** The wire is open: start sending. */
    public void open() {
        open = true;
        drain();
    }

    /** The wire is closed: hold waiting messages until it opens again. */
    public void pause() {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    /** Messages on the wire that await the hub's acknowledgement. */
    public int inFlight() {
        return onWire.size();
    }

    /** Completes once no message awaits an acknowledgement; use after {@link #pause()} to drain the wire. */
    public CompletableFuture<Void> whenIdle() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        idle = f;
        if (onWire.isEmpty()) {
            f.complete(null);
        }
        return f;
    }

    /** The hub acknowledged a message. */
    public void acknowledged(Pending pending) {
        if (onWire.remove(pending)) {
            pending.result.complete(null);
            afterWire();
        }
    }

    /** A message on the wire failed. */
    public void failed(Pending pending, Throwable cause) {
        if (onWire.remove(pending)) {
            pending.result.completeExceptionally(cause);
            afterWire();
        }
    }

    /**
     * The wire turned out to be down before the message left: put it back at the head of the line and hold everything
     * until the transport opens the queue again.
     */
    public void retryLater(Pending pending) {
        if (onWire.remove(pending)) {
            open = false;
            waiting.addFirst(pending);
            afterWire();
        }
    }

    /** Fails every message on the wire (e.g. the connection dropped before the hub acknowledged them). */
    public void failOnWire(Throwable cause) {
        for (Pending p : onWire) {
            failed(p, cause);
        }
    }

    private void afterWire() {
        CompletableFuture<Void> f = idle;
        if (f != null && onWire.isEmpty()) {
            f.complete(null);
        }
        drain();
    }

    /** Stops sending and fails every message, waiting or on the wire (the transport closed or failed for good). */
    public void failAll(Throwable cause) {
        pause();
        failWaiting(cause);
        failOnWire(cause);
    }

    /** Fails every message not yet on the wire (e.g. the device was refused for good, or the transport closed). */
    public void failWaiting(Throwable cause) {
        Pending p;
        while ((p = waiting.poll()) != null) {
            p.result.completeExceptionally(cause);
        }
    }

    private void drain() {
        synchronized (drainLock) {
            while (open && onWire.size() < options.maxInFlight()) {
                Pending next = waiting.poll();
                if (next == null) {
                    return;
                }
                if (next.result.isDone()) {
                    continue; // timed out while waiting
                }
                onWire.add(next);
                try {
                    wire.accept(next);
                } catch (RuntimeException e) {
                    failed(next, e);
                }
            }
        }
    }
}
