package io.cameliothub.emulator.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Feedback records for C2D messages sent with an {@code iothub-ack} other than none. */
public final class FeedbackLog {

    private final List<FeedbackRecord> records = new ArrayList<>();
    private final List<java.util.function.Consumer<FeedbackRecord>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    void add(FeedbackRecord record) {
        synchronized (this) {
            records.add(record);
            notifyAll();
        }
        listeners.forEach(l -> l.accept(record));
    }

    /** Calls {@code listener} with every new record (on the thread that produced it). @return unsubscribes */
    public Runnable listen(java.util.function.Consumer<FeedbackRecord> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public synchronized List<FeedbackRecord> all() {
        return List.copyOf(records);
    }

    public synchronized void clear() {
        records.clear();
    }

    public synchronized FeedbackRecord await(Predicate<FeedbackRecord> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (FeedbackRecord r : records) {
                if (predicate.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AwaitTimeoutException("no matching feedback record within " + timeout + "; have " + records);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimeoutException("interrupted waiting for feedback");
            }
        }
    }
}
