package io.cameliothub.emulator.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The built-in {@code messages/events} endpoint: accepted D2C messages in order (the newest {@value #CAPACITY}),
 * with blocking waits.
 */
public final class EventLog {

    public static final int CAPACITY = 100_000;

    private final Deque<D2cEvent> events = new ArrayDeque<>();
    private final List<Consumer<D2cEvent>> listeners = new CopyOnWriteArrayList<>();
    private long nextSequence = 1;

    /**
     * Appends the event that {@code make} builds with the next sequence number; number and place in the log are taken
     * under one lock, so log order and sequence numbers always agree.
     */
    D2cEvent append(LongFunction<D2cEvent> make) {
        D2cEvent event;
        synchronized (this) {
            event = make.apply(nextSequence++);
            events.addLast(event);
            if (events.size() > CAPACITY) {
                events.removeFirst();
            }
            notifyAll();
        }
        listeners.forEach(l -> l.accept(event));
        return event;
    }

    public synchronized List<D2cEvent> all() {
        return List.copyOf(events);
    }

    public synchronized List<D2cEvent> forDevice(String deviceId) {
        return events.stream().filter(e -> e.deviceId().equals(deviceId)).toList();
    }

    public synchronized void clear() {
        events.clear();
    }

    /**
     * Calls {@code listener} for each event appended from now on, on the appending thread: any of the hub's event
     * loops, so possibly on several threads at once.
     */
    public Runnable listen(Consumer<D2cEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The first event (already logged or arriving within {@code timeout}) that matches. */
    public D2cEvent await(Predicate<D2cEvent> predicate, Duration timeout) {
        return awaitMatching(predicate, 1, timeout, "an event matching the predicate").get(0);
    }

    /** Waits until {@code deviceId} has sent at least {@code count} events; returns them all. */
    public List<D2cEvent> awaitCount(String deviceId, int count, Duration timeout) {
        return awaitMatching(e -> e.deviceId().equals(deviceId), count, timeout, count + " events from " + deviceId);
    }

    private synchronized List<D2cEvent> awaitMatching(Predicate<D2cEvent> predicate, int count, Duration timeout,
                                                      String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<D2cEvent> matching = events.stream().filter(predicate).toList();
            if (matching.size() >= count) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimeoutException("timed out after " + timeout + " waiting for " + what + "; got "
                        + matching.size() + " of " + events.size() + " events");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimeoutException("interrupted waiting for " + what);
            }
        }
    }
}
