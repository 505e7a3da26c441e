package io.cameliothub.component.transport.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * The bounded path of a device's device-to-cloud messages: at most {@code maxInFlight} messages await the hub's
 * acknowledgement, at most {@code maxQueued} wait for room, and a send that finds both full fails at once with a
 * retryable {@link IotHubException}. Nothing here ever blocks its caller. Each message fails by itself when its send
 * timeout passes; the deadlines are checked by one timer per window (never a task per message), and a message that
 * times out on the wire gives its slot back. Outcomes are handed to the completions executor, so no route code runs on
 * the thread that acknowledged, failed or timed out a message; they go through one {@link OutcomeQueue} per window,
 * so a burst of acknowledgements costs one hand-over (one wake-up) rather than one per message, told in the order
 * they were settled.
 */
public final class SendWindow {

    /**
     * Thrown by a wire for a message that never left: it goes back to the head of the line, in the order it was first
     * submitted, whatever order the wire returns such messages in.
     */
    public static final class NotSent extends IotHubException {
        public NotSent(String message) {
            super(message, null, true);
        }
    }

    private static final class Pending {
        final IotHubMessage message;
        final CompletableFuture<Void> result = new CompletableFuture<>();
        final long deadline;
        /** Place in the window's line, given under its lock; also a cheap hash (cheaper than an identity hash). */
        long order;
        CompletableFuture<Void> sent;
        boolean settled;

        Pending(IotHubMessage message, long deadline) {
            this.message = message;
            this.deadline = deadline;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(order);
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }
    }

    private final String identity;
    private final TransportOptions options;
    private final ScheduledExecutorService scheduler;
    private final OutcomeQueue outcomes;
    private final Supplier<Throwable> lastConnectionError;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Messages the wire gave back unsent: they go before {@link #waiting}, oldest first. */
    private final PriorityQueue<Pending> returned = new PriorityQueue<>((a, b) -> Long.compare(a.order, b.order));
    private long nextOrder;
    private final LinkedHashSet<Pending> onWire = new LinkedHashSet<>();
    private Function<IotHubMessage, CompletableFuture<Void>> wire;
    private IotHubException closedBy;
    private ScheduledFuture<?> sweep;
    private CompletableFuture<Void> idle;

    /** @param lastConnectionError why the connection is down, for messages that time out while it is */
    public SendWindow(String identity, TransportOptions options, ScheduledExecutorService scheduler,
                      Executor completions, Supplier<Throwable> lastConnectionError) {
        this.identity = identity;
        this.lastConnectionError = lastConnectionError;
        this.options = options;
        this.scheduler = scheduler;
        this.outcomes = new OutcomeQueue(completions);
    }

    /** Queues a message; the future completes (on the completions executor) when the hub acknowledged it. */
    public CompletableFuture<Void> submit(IotHubMessage message) {
        Pending p = new Pending(message, System.nanoTime() + options.sendTimeout().toNanos());
        List<Pending> toSend;
        synchronized (this) {
            if (closedBy != null) {
                return CompletableFuture.failedFuture(closedBy);
            }
            if (queued() >= options.maxQueued()) {
                return CompletableFuture.failedFuture(new IotHubException("The send window of " + identity + " is full: "
                        + onWire.size() + " messages await the hub's acknowledgement and " + queued()
                        + " wait for room (maxInFlight=" + options.maxInFlight() + ", maxQueued=" + options.maxQueued()
                        + "); the hub is slow or unreachable. Sending again later can succeed", null, true));
            }
            p.order = nextOrder++;
            waiting.add(p);
            if (sweep == null) {
                scheduleSweep(p.deadline);
            }
            toSend = takeSendable();
        }
        send(toSend);
        return p.result;
    }

    /** The wire is open: send through it. */
    public void open(Function<IotHubMessage, CompletableFuture<Void>> newWire) {
        List<Pending> toSend;
        synchronized (this) {
            wire = newWire;
            toSend = takeSendable();
        }
        send(toSend);
    }

    /** The wire is closed: hold waiting messages until it opens again. */
    public synchronized void pause() {
        wire = null;
    }

    public synchronized int inFlight() {
        return onWire.size();
    }

    public synchronized int queued() {
        return waiting.size() + returned.size();
    }

    /** Completes once no message awaits an acknowledgement; use after {@link #pause()} to drain the wire. */
    public synchronized CompletableFuture<Void> whenIdle() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (onWire.isEmpty()) {
            f.complete(null);
        } else {
            idle = f;
        }
        return f;
    }

    /** Fails every message on the wire (e.g. the connection dropped before the hub acknowledged them). */
    public void failOnWire(Throwable cause) {
        List<Pending> failed;
        synchronized (this) {
            failed = new ArrayList<>(onWire);
            onWire.clear();
            failed.forEach(p -> p.settled = true);
            idleNow();
        }
        failed.forEach(p -> complete(p, cause));
    }

    /** Stops for good and fails every message, waiting or on the wire. */
    public void failAll(IotHubException cause) {
        List<Pending> failed;
        synchronized (this) {
            closedBy = cause;
            wire = null;
            failed = new ArrayList<>(onWire);
            failed.addAll(returned);
            failed.addAll(waiting);
            onWire.clear();
            returned.clear();
            waiting.clear();
            failed.forEach(p -> p.settled = true);
            if (sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
            idleNow();
        }
        failed.forEach(p -> complete(p, cause));
    }

    private List<Pending> takeSendable() {
        List<Pending> out = new ArrayList<>();
        while (wire != null && onWire.size() < options.maxInFlight() && (!returned.isEmpty() || !waiting.isEmpty())) {
            Pending p = returned.isEmpty() ? waiting.poll() : returned.poll();
            onWire.add(p);
            out.add(p);
        }
        return out;
    }

    private void send(List<Pending> toSend) {
        for (Pending p : toSend) {
            Function<IotHubMessage, CompletableFuture<Void>> w;
            synchronized (this) {
                w = wire;
            }
            CompletableFuture<Void> sent;
            try {
                sent = w == null ? CompletableFuture.failedFuture(new NotSent("the wire closed")) : w.apply(p.message);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            synchronized (this) {
                p.sent = sent;
            }
            sent.whenComplete((ok, error) -> settled(p, error));
        }
    }

    private void settled(Pending p, Throwable error) {
        Throwable cause = Errors.unwrap(error);
        List<Pending> toSend;
        synchronized (this) {
            if (p.settled || !onWire.remove(p)) {
                return; // timed out or failed with its connection already
            }
            if (cause instanceof NotSent) {
                returned.add(p); // never left: first in line (in its original place) once the wire opens again
                wire = null;
                idleNow();
                return;
            }
            p.settled = true;
            idleNow();
            toSend = takeSendable();
        }
        complete(p, cause);
        send(toSend);
    }

    private void idleNow() {
        if (idle != null && onWire.isEmpty()) {
            idle.complete(null);
            idle = null;
        }
    }

    // ---- send timeouts: one timer per window, at the oldest deadline ----

    private void scheduleSweep(long deadline) {
        long delay = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
        try {
            sweep = scheduler.schedule(this::sweep, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            sweep = null; // the component is stopping; it fails what is left when it closes the session
        }
    }

    private void sweep() {
        List<Pending> expired = new ArrayList<>();
        List<Pending> toSend;
        synchronized (this) {
            sweep = null;
            long now = System.nanoTime();
            long next = Long.MAX_VALUE;
            for (Iterator<Pending> it = onWire.iterator(); it.hasNext();) {
                Pending p = it.next();
                if (p.deadline - now <= 0) {
                    it.remove(); // its slot comes back even though the hub never answered
                    expired.add(p);
                } else {
                    next = Math.min(next, p.deadline);
                }
            }
            for (Queue<Pending> line : List.of(returned, waiting)) {
                while (!line.isEmpty() && line.peek().deadline - now <= 0) {
                    expired.add(line.poll());
                }
                if (!line.isEmpty()) {
                    next = Math.min(next, line.peek().deadline); // the head is the oldest
                }
            }
            expired.forEach(p -> p.settled = true);
            idleNow();
            if (next != Long.MAX_VALUE && closedBy == null) {
                scheduleSweep(next);
            }
            toSend = takeSendable();
        }
        boolean down;
        synchronized (this) {
            down = wire == null;
        }
        Throwable why = down ? lastConnectionError.get() : null;
        IotHubException timeout = new IotHubException("The hub did not acknowledge the message within "
                                                      + options.sendTimeout().toMillis() + "ms"
                                                      + (why == null ? "" : "; the device is not connected: "
                                                                            + Errors.describe(why)), null, true, why);
        for (Pending p : expired) {
            CompletableFuture<Void> sent;
            synchronized (this) {
                sent = p.sent;
            }
            if (sent != null) {
                sent.completeExceptionally(timeout); // a wire still holding it (e.g. waiting for credit) skips it
            }
            complete(p, timeout);
        }
        send(toSend);
    }

    private void complete(Pending p, Throwable error) {
        Runnable outcome = error == null ? () -> p.result.complete(null) : () -> p.result.completeExceptionally(error);
        outcomes.execute(outcome); // runs it here if the component is stopping and its executor is gone
    }
}
