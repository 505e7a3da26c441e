package io.cameliothub.emulator.core;

import java.time.Duration;

/** IoT Hub's fixed limits; tests may shorten the durations. */
public record HubLimits(int c2dMaxQueueDepth, Duration c2dLockTimeout, int c2dMaxDeliveryCount, Duration c2dDefaultTtl,
                        Duration c2dMaxTtl, int c2dMaxSize, int d2cMaxSize, Duration sasClockSkew) {

    public static HubLimits defaults() {
        return new HubLimits(50, Duration.ofMinutes(1), 10, Duration.ofHours(1), Duration.ofDays(2), 64 * 1024,
                256 * 1024, Duration.ofMinutes(5));
    }

    public HubLimits withC2dLockTimeout(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, d, c2dMaxDeliveryCount, c2dDefaultTtl, c2dMaxTtl, c2dMaxSize, d2cMaxSize,
                sasClockSkew);
    }

    public HubLimits withC2dDefaultTtl(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, c2dLockTimeout, c2dMaxDeliveryCount, d, c2dMaxTtl, c2dMaxSize, d2cMaxSize,
                sasClockSkew);
    }

    public HubLimits withSasClockSkew(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, c2dLockTimeout, c2dMaxDeliveryCount, c2dDefaultTtl, c2dMaxTtl, c2dMaxSize,
                d2cMaxSize, d);
    }
}
