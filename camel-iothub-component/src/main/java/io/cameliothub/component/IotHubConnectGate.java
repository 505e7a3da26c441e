package io.cameliothub.component;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bounds how many of a gateway's devices connect at the same time. A device's connectTimeout runs from the moment its
 * own handshake starts; without a bound, thousands of devices arriving at once would all start their timers while
 * their handshakes queue behind each other at the hub, time out together, and retry into a hub still busy with the
 * abandoned attempts. Here a device waits for a slot (its sends wait in its window meanwhile) and gives the slot back
 * when its first connection succeeds or fails, or when it is closed. Never blocks.
 */
final class IotHubConnectGate {

    /** One device's place: started at once or queued; released once. */
    final class Ticket {
        private final Supplier<CompletableFuture<Void>> opener;
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        private boolean started;
        private boolean released;

        private Ticket(Supplier<CompletableFuture<Void>> opener) {
            this.opener = opener;
        }

        private void start() {
            CompletableFuture<Void> open;
            try {
                open = opener.get();
            } catch (RuntimeException e) {
                open = CompletableFuture.failedFuture(e);
            }
            open.whenComplete((ok, error) -> {
                release();
                if (error != null) {
                    opened.completeExceptionally(error);
                } else {
                    opened.complete(null);
                }
            });
        }

        /** Gives the slot back (or leaves the queue); idempotent. */
        void release() {
            Ticket next;
            synchronized (IotHubConnectGate.this) {
                if (released) {
                    return;
                }
                released = true;
                if (!started) {
                    waiting.remove(this);
                    return;
                }
                next = closed ? null : waiting.poll();
                if (next == null) {
                    running--;
                    return;
                }
                next.started = true; // the slot passes to it
            }
            next.start();
        }
    }

    private final int limit;
    private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();
    private int running;
    private boolean closed;

    IotHubConnectGate(int limit) {
        this.limit = limit;
    }

    /** Starts {@code opener} now if fewer than the limit are connecting, otherwise once a slot frees up. */
    Ticket open(Supplier<CompletableFuture<Void>> opener) {
        Ticket t = new Ticket(opener);
        synchronized (this) {
            if (running >= limit || closed) {
                waiting.add(t);
                return t;
            }
            running++;
            t.started = true;
        }
        t.start();
        return t;
    }

    /** Starts nothing more (the gateway stops): queued devices stay queued until they are closed. */
    synchronized void close() {
        closed = true;
    }

    synchronized int connecting() {
        return running;
    }

    synchronized int queued() {
        return waiting.size();
    }
}
