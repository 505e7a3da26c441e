package io.cameliothub.emulator.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hub's service-bound feedback queue ({@code /messages/servicebound/feedback}): feedback records wait here until a
 * service receiver takes them as a batch under a lock token; completing the batch removes them, abandoning it puts
 * them back in front. Receivers on several connections compete for batches. Thread-safe.
 */
public final class FeedbackQueue {

    /** Records delivered together in one feedback message. */
    public record Batch(String lockToken, List<FeedbackRecord> records) {
        public Batch {
            records = List.copyOf(records);
        }
    }

    /** IoT Hub's documented batch bound is not known; this many records at most go in one message. */
    public static final int MAX_BATCH = 100;

    private final Deque<FeedbackRecord> pending = new ArrayDeque<>();
    private final Map<String, List<FeedbackRecord>> locked = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void offer(FeedbackRecord record) {
        synchronized (this) {
            pending.addLast(record);
        }
        listeners.forEach(Runnable::run);
    }

    /** Takes up to {@link #MAX_BATCH} waiting records under a new lock token, or empty when none wait. */
    public synchronized Optional<Batch> take() {
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        List<FeedbackRecord> records = new ArrayList<>();
        while (!pending.isEmpty() && records.size() < MAX_BATCH) {
            records.add(pending.pollFirst());
        }
        String lockToken = UUID.randomUUID().toString();
        locked.put(lockToken, records);
        return Optional.of(new Batch(lockToken, records));
    }

    /** The batch was accepted: its records are gone. Unknown tokens are ignored. */
    public synchronized void complete(String lockToken) {
        locked.remove(lockToken);
    }

    /** The batch was released or its link ended: its records wait again, in front. */
    public void abandon(String lockToken) {
        boolean back;
        synchronized (this) {
            List<FeedbackRecord> records = locked.remove(lockToken);
            back = records != null;
            if (back) {
                for (int i = records.size() - 1; i >= 0; i--) {
                    pending.addFirst(records.get(i));
                }
            }
        }
        if (back) {
            listeners.forEach(Runnable::run);
        }
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    /** Calls {@code listener} (on the producing thread) whenever records become available. @return unsubscribes */
    public Runnable onAvailable(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
