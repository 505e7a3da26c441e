package io.cameliothub.component.transport.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between a minimum and a maximum: attempt n waits a random time between half and all
 * of min(maximum, minimum * 2^n), and never less than the minimum, so that many devices that lost the same hub do not
 * all come back at once, and the waits of failing attempts really grow.
 */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;

    public Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(this.minMillis, max.toMillis());
    }

    /** The delay before the given attempt (0 for the first retry). */
    public Duration delay(int attempt) {
        long ceiling = minMillis << Math.min(Math.max(attempt, 0), 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        long floor = Math.max(minMillis, ceiling / 2);
        long delay = ceiling <= floor ? floor : ThreadLocalRandom.current().nextLong(floor, ceiling + 1);
        return Duration.ofMillis(delay);
    }

    @Override
    public String toString() {
        return "Backoff[" + minMillis + "ms.." + maxMillis + "ms]";
    }
}
