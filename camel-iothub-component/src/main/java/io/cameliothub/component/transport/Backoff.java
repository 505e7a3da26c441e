package io.cameliothub.component.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter between a minimum and a maximum: attempt n waits a random time between the
 * minimum and min(maximum, minimum * 2^n), so that many devices that lost the same hub do not all come back at once.
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
        long delay = ceiling == minMillis ? minMillis : ThreadLocalRandom.current().nextLong(minMillis, ceiling + 1);
        return Duration.ofMillis(delay);
    }

    @Override
    public String toString() {
        return "Backoff[" + minMillis + "ms.." + maxMillis + "ms]";
    }
}
