package io.cameliothub.benchmarks;

import java.util.concurrent.TimeUnit;

/**
 * The "hub stall" case: at a set point of the steady state it makes the hub hold every D2C acknowledgement for a while
 * ({@link Hub#stall}) and watches the exchanges in flight (sampled every {@value #SAMPLE_MS} ms): their level before
 * the stall, their peak, and how long after the stall ended they took to fall back to that level (the drain).
 */
final class StallProbe {

    private static final long SAMPLE_MS = 10;

    /** What the probe saw; {@code drainSeconds} NaN when the level never came back. */
    record Figures(int stallMillis, double atSeconds, long before, long peak, double drainSeconds) {
    }

    private final Thread thread;
    private final int stallMillis;
    private volatile boolean done;
    private volatile Figures figures;

    StallProbe(Hub hub, AckLog log, int stallMillis, long steadyStart, long afterNanos) {
        this.stallMillis = stallMillis;
        thread = new Thread(() -> watch(hub, log, steadyStart, afterNanos), "gateway-stall-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(Hub hub, AckLog log, long steadyStart, long afterNanos) {
        long triggerAt = steadyStart + afterNanos;
        long before = 0;
        while (System.nanoTime() < triggerAt && !done) {
            if (System.nanoTime() > triggerAt - TimeUnit.SECONDS.toNanos(1)) {
                before = Math.max(before, log.outstanding());
            }
            sleep();
        }
        long start = System.nanoTime();
        hub.stall(stallMillis);
        long end = start + TimeUnit.MILLISECONDS.toNanos(stallMillis);
        long peak = 0;
        double drain = Double.NaN;
        while (!done) {
            long now = System.nanoTime();
            long inFlight = log.outstanding();
            peak = Math.max(peak, inFlight);
            if (now > end && inFlight <= Math.max(before, 1)) {
                drain = (now - end) / 1e9;
                break;
            }
            sleep();
        }
        figures = new Figures(stallMillis, (start - steadyStart) / 1e9, before, peak, drain);
    }

    private static void sleep() {
        try {
            Thread.sleep(SAMPLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops watching (call after the run's drain) and returns what was seen. */
    Figures finish() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(1)); // normally ended at the drain already
        done = true;
        thread.join();
        return figures;
    }
}
