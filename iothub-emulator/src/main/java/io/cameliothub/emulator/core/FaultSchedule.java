package io.cameliothub.emulator.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault injected every {@code period} until {@code total} has passed (first firing one period after the start, so
 * {@code total / period} firings in all), on the hub's timer. Cancel it to stop early; {@link Faults#reset()} cancels every schedule.
 */
public final class FaultSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(FaultSchedule.class);

    private final HubTimer timer;
    private final Duration period;
    private final Duration total;
    private long startNanos;
    private final String description;
    private final Runnable fault;
    private final AtomicInteger firings = new AtomicInteger();
    private volatile Runnable cancelNext = () -> { };
    private volatile boolean cancelled;

    FaultSchedule(HubTimer timer, Duration period, Duration total, String description, Runnable fault) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period of a fault schedule must be positive, got " + period);
        }
        this.timer = timer;
        this.period = period;
        this.total = total;
        this.description = description;
        this.fault = fault;
    }

    FaultSchedule start() {
        LOG.info("fault schedule: {} every {} ms for {} ms", description, period.toMillis(), total.toMillis());
        startNanos = System.nanoTime();
        next();
        return this;
    }

    /** Firings sit on a fixed grid (start + k periods, up to {@code total}), so a late timer does not cost one. */
    private void next() {
        long dueNanos = (firings.get() + 1L) * period.toNanos();
        if (cancelled || dueNanos > total.toNanos()) {
            cancelled = true;
            return;
        }
        Duration delay = Duration.ofNanos(Math.max(1_000_000, startNanos + dueNanos - System.nanoTime()));
        cancelNext = timer.schedule(delay, () -> {
            if (cancelled) {
                return;
            }
            int n = firings.incrementAndGet();
            LOG.info("fault schedule: {} (#{})", description, n);
            try {
                fault.run();
            } catch (RuntimeException e) {
                LOG.warn("fault schedule: {} failed: {}", description, e.toString());
            }
            next();
        });
    }

    /** How many times the fault was injected so far. */
    public int firings() {
        return firings.get();
    }

    /** Whether the schedule ended (its time passed) or was cancelled. */
    public boolean done() {
        return cancelled;
    }

    public String description() {
        return description;
    }

    public void cancel() {
        cancelled = true;
        cancelNext.run();
    }

    @Override
    public String toString() {
        return "FaultSchedule[" + description + " every " + period.toMillis() + " ms, fired " + firings() + "]";
    }
}
