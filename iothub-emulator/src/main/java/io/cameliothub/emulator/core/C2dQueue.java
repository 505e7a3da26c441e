package io.cameliothub.emulator.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One identity's cloud-to-device queue with IoT Hub's semantics: depth limit, peek-lock with a lock token, complete /
 * abandon / reject, maximum delivery count, TTL, dead-lettering and feedback. Time comes from the injected
 * {@link Clock}; the {@link HubTimer} only wakes the queue at lock expiry and TTL so heads hear about messages that
 * became available again. Every operation also applies due expiries itself, so a fixed clock is enough for tests.
 */
public final class C2dQueue {

    private static final int HISTORY = 500;

    private final Identity identity;
    private final HubLimits limits;
    private final Clock clock;
    private final HubTimer timer;
    private final Consumer<FeedbackRecord> feedback;
    /** Outcomes of sweeps run inside the monitor, told by {@link #flush()} once it is left. */
    private final List<FeedbackRecord> feedbackPending = new ArrayList<>();
    private final String generationId;
    private final TreeMap<Long, Entry> active = new TreeMap<>();
    private final Map<String, Entry> byLockToken = new HashMap<>();
    private final Deque<Entry> history = new ArrayDeque<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long nextSequence = 1;
    private boolean notifyPending;

    C2dQueue(Identity identity, HubLimits limits, Clock clock, HubTimer timer, Consumer<FeedbackRecord> feedback,
             String generationId) {
        this.identity = identity;
        this.limits = limits;
        this.clock = clock;
        this.timer = timer;
        this.feedback = feedback;
        this.generationId = generationId;
    }

    public Identity identity() {
        return identity;
    }

    /** @throws HubException 403004 when {@code c2dMaxQueueDepth} messages are pending, 413001 when too large */
    public C2dEntry enqueue(C2dMessage message) {
        if (message.size() > limits.c2dMaxSize()) {
            throw new HubException(IotHubError.MESSAGE_TOO_LARGE, "C2D message exceeds " + limits.c2dMaxSize() + " bytes");
        }
        Entry entry;
        synchronized (this) {
            sweepLocked();
            if (active.size() >= limits.c2dMaxQueueDepth()) {
                throw new HubException(IotHubError.DEVICE_MAXIMUM_QUEUE_DEPTH_EXCEEDED,
                        "queue of " + identity + " holds " + active.size() + " messages");
            }
            Instant now = clock.instant();
            entry = new Entry(message, nextSequence++, now, expiryOf(message, now));
            active.put(entry.sequence, entry);
            Duration untilExpiry = Duration.between(now, entry.expiry);
            entry.ttlTimer = timer.schedule(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry, this::sweep);
        }
        flush();
        notifyAvailable();
        return entry.snapshot();
    }

    /** Locks the oldest enqueued message, or returns empty. */
    public Optional<LockedMessage> receive() {
        List<FeedbackRecord> outcomes = new ArrayList<>();
        Optional<LockedMessage> result;
        synchronized (this) {
            sweepLocked(outcomes);
            result = active.values().stream().filter(e -> e.state == C2dState.ENQUEUED).findFirst().map(e -> {
                Instant now = clock.instant();
                e.state = C2dState.INVISIBLE;
                e.deliveryCount++;
                e.lockToken = UUID.randomUUID().toString();
                e.lockedUntil = now.plus(limits.c2dLockTimeout());
                e.lockTimer = timer.schedule(limits.c2dLockTimeout(), this::sweep);
                byLockToken.put(e.lockToken, e);
                return new LockedMessage(identity, e.message, e.lockToken, e.deliveryCount, e.sequence, e.enqueued,
                        e.expiry, e.lockedUntil);
            });
        }
        outcomes.forEach(feedback);
        return result;
    }

    /** @throws HubException 412001 when the lock token is unknown or its lock expired */
    public void complete(String lockToken) {
        FeedbackRecord record;
        try {
            synchronized (this) {
                record = finish(locked(lockToken), C2dState.COMPLETED, null, FeedbackRecord.Status.SUCCESS);
            }
        } finally {
            flush();
        }
        emit(record);
    }

    /** Puts the message back (or dead-letters it once the maximum delivery count is reached). */
    public void abandon(String lockToken) {
        FeedbackRecord record;
        try {
            synchronized (this) {
                record = release(locked(lockToken));
            }
        } finally {
            flush();
        }
        emit(record);
        if (record == null) {
            notifyAvailable();
        }
    }

    public void reject(String lockToken) {
        FeedbackRecord record;
        try {
            synchronized (this) {
                record = finish(locked(lockToken), C2dState.DEAD_LETTERED, "Rejected", FeedbackRecord.Status.REJECTED);
            }
        } finally {
            flush();
        }
        emit(record);
    }

    /** Pending (enqueued or invisible) plus recent completed and dead-lettered messages, oldest first. */
    public List<C2dEntry> entries() {
        sweep();
        synchronized (this) {
            TreeMap<Long, C2dEntry> all = new TreeMap<>();
            history.forEach(e -> all.put(e.sequence, e.snapshot()));
            active.values().forEach(e -> all.put(e.sequence, e.snapshot()));
            return new ArrayList<>(all.values());
        }
    }

    public Optional<C2dEntry> entry(String messageId) {
        List<C2dEntry> all = entries();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).messageId().equals(messageId)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Removes every pending message (enqueued or locked), as the service's purge does; each becomes dead-lettered with
     * reason {@code Purged} and, where its {@code iothub-ack} asks for negative feedback, a {@code Purged} record.
     *
     * @return how many messages were purged
     */
    public int purge() {
        List<FeedbackRecord> outcomes = new ArrayList<>();
        int purged;
        synchronized (this) {
            List<Entry> pending = new ArrayList<>(active.values());
            purged = pending.size();
            for (Entry e : pending) {
                FeedbackRecord r = finish(e, C2dState.DEAD_LETTERED, "Purged", FeedbackRecord.Status.PURGED);
                if (r != null) {
                    outcomes.add(r);
                }
            }
        }
        outcomes.forEach(feedback);
        return purged;
    }

    /** Number of enqueued plus invisible messages, the figure the depth limit applies to. */
    public int pendingCount() {
        sweep();
        synchronized (this) {
            return active.size();
        }
    }

    /** Registers a listener called (on the calling thread of the change) when a message may be available. */
    public Runnable onAvailable(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Applies due lock expiries and TTLs. */
    public void sweep() {
        List<FeedbackRecord> outcomes = new ArrayList<>();
        boolean available;
        synchronized (this) {
            available = sweepLocked(outcomes);
        }
        outcomes.forEach(feedback);
        flush();
        if (available) {
            notifyAvailable();
        }
    }

    /**
     * Sweep inside an operation; feedback and listeners are told afterwards, outside the monitor, by {@link #flush()}
     * (a feedback consumer called inside it could call back into the queue, or block every device's sender).
     */
    private void sweepLocked() {
        if (sweepLocked(feedbackPending)) {
            notifyPending = true;
        }
    }

    private void flush() {
        boolean notify;
        List<FeedbackRecord> outcomes;
        synchronized (this) {
            notify = notifyPending;
            notifyPending = false;
            outcomes = new ArrayList<>(feedbackPending);
            feedbackPending.clear();
        }
        outcomes.forEach(feedback);
        if (notify) {
            notifyAvailable();
        }
    }

    /** Whether the current thread holds the queue's monitor (for tests of the feedback rule). */
    boolean heldByCurrentThread() {
        return Thread.holdsLock(this);
    }

    private boolean sweepLocked(List<FeedbackRecord> outcomes) {
        Instant now = clock.instant();
        boolean available = false;
        for (Entry e : new ArrayList<>(active.values())) {
            if (e.state == C2dState.INVISIBLE && !now.isBefore(e.lockedUntil)) {
                FeedbackRecord r = release(e);
                if (r != null) {
                    outcomes.add(r);
                } else {
                    available = true;
                }
            }
            if (e.state == C2dState.ENQUEUED && !now.isBefore(e.expiry)) {
                FeedbackRecord r = finish(e, C2dState.DEAD_LETTERED, "Expired", FeedbackRecord.Status.EXPIRED);
                if (r != null) {
                    outcomes.add(r);
                }
            }
        }
        return available;
    }

    /** Lock gone (abandon or expiry): back to enqueued, or dead-lettered past the delivery count. */
    private FeedbackRecord release(Entry e) {
        clearLock(e);
        if (e.deliveryCount >= limits.c2dMaxDeliveryCount()) {
            return finish(e, C2dState.DEAD_LETTERED, "DeliveryCountExceeded", FeedbackRecord.Status.DELIVERY_COUNT_EXCEEDED);
        }
        e.state = C2dState.ENQUEUED;
        return null;
    }

    private FeedbackRecord finish(Entry e, C2dState state, String deadLetterReason, FeedbackRecord.Status status) {
        clearLock(e);
        e.state = state;
        e.deadLetterReason = deadLetterReason;
        if (e.ttlTimer != null) {
            e.ttlTimer.run();
        }
        active.remove(e.sequence);
        history.addLast(e);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        if (!e.message.ack().wants(status)) {
            return null;
        }
        return new FeedbackRecord(e.message.messageId(), clock.instant(), status, status.description(),
                identity.deviceId(), generationId);
    }

    private void clearLock(Entry e) {
        if (e.lockToken != null) {
            byLockToken.remove(e.lockToken);
            e.lockToken = null;
            e.lockedUntil = null;
        }
        if (e.lockTimer != null) {
            e.lockTimer.run();
            e.lockTimer = null;
        }
    }

    private Entry locked(String lockToken) {
        sweepLocked();
        Entry e = lockToken == null ? null : byLockToken.get(lockToken);
        if (e == null || e.state != C2dState.INVISIBLE) {
            throw new HubException(IotHubError.PRECONDITION_FAILED, "lock token unknown or lock expired");
        }
        return e;
    }

    private Instant expiryOf(C2dMessage message, Instant now) {
        Instant max = now.plus(limits.c2dMaxTtl());
        Instant expiry;
        if (message.expiryTime() != null) {
            expiry = message.expiryTime();
        } else if (message.ttl() != null) {
            expiry = now.plus(message.ttl());
        } else {
            expiry = now.plus(limits.c2dDefaultTtl());
        }
        return expiry.isAfter(max) ? max : expiry;
    }

    private void emit(FeedbackRecord record) {
        if (record != null) {
            feedback.accept(record);
        }
    }

    private void notifyAvailable() {
        listeners.forEach(Runnable::run);
    }

    private static final class Entry {
        final C2dMessage message;
        final long sequence;
        final Instant enqueued;
        final Instant expiry;
        C2dState state = C2dState.ENQUEUED;
        int deliveryCount;
        String lockToken;
        Instant lockedUntil;
        String deadLetterReason;
        Runnable lockTimer;
        Runnable ttlTimer;

        Entry(C2dMessage message, long sequence, Instant enqueued, Instant expiry) {
            this.message = message;
            this.sequence = sequence;
            this.enqueued = enqueued;
            this.expiry = expiry;
        }

        C2dEntry snapshot() {
            return new C2dEntry(message, sequence, state, deliveryCount, enqueued, expiry, deadLetterReason);
        }
    }
}
