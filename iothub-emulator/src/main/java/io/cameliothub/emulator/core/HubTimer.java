package io.cameliothub.emulator.core;

import java.time.Duration;

/** Schedules the hub's few timed events (lock expiry, TTL). Returns an action that cancels the task. */
@FunctionalInterface
public interface HubTimer {

    Runnable schedule(Duration delay, Runnable task);

    /** For tests that drive time with a fixed clock and look at queues directly. */
    HubTimer NONE = (delay, task) -> () -> { };
}
