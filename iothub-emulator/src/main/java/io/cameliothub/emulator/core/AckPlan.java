package io.cameliothub.emulator.core;

import java.time.Duration;

/**
 * What a head does with the acknowledgement of a D2C message the core accepted, as the faults decide: send it now,
 * send it after {@code delay}, or lose it (drop the connection instead, so the device cannot know the message arrived).
 */
public record AckPlan(boolean lose, Duration delay) {

    public static final AckPlan NOW = new AckPlan(false, Duration.ZERO);

    public boolean delayed() {
        return !lose && !delay.isZero();
    }
}
