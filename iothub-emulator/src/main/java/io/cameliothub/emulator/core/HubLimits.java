package io.cameliothub.emulator.core;

import java.time.Duration;

/** IoT Hub's fixed limits; tests may shorten the durations. */
/**
 * {@code amqpOpenTimeout}: how long an AMQP peer has from the TCP accept to its Open frame (TLS, SASL and the header
 * included) before the hub closes the socket; the MQTT head's equivalent, the CONNECT timeout, is a fixed 30 s.
 */
public record HubLimits(int c2dMaxQueueDepth, Duration c2dLockTimeout, int c2dMaxDeliveryCount, Duration c2dDefaultTtl,
                        Duration c2dMaxTtl, int c2dMaxSize, int d2cMaxSize, Duration sasClockSkew,
                        Duration amqpOpenTimeout) {

    public static HubLimits defaults() {
        return new HubLimits(50, Duration.ofMinutes(1), 10, Duration.ofHours(1), Duration.ofDays(2), 64 * 1024,
                256 * 1024, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    public HubLimits withC2dLockTimeout(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, d, c2dMaxDeliveryCount, c2dDefaultTtl, c2dMaxTtl, c2dMaxSize, d2cMaxSize,
                sasClockSkew, amqpOpenTimeout);
    }

    public HubLimits withC2dDefaultTtl(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, c2dLockTimeout, c2dMaxDeliveryCount, d, c2dMaxTtl, c2dMaxSize, d2cMaxSize,
                sasClockSkew, amqpOpenTimeout);
    }

    public HubLimits withSasClockSkew(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, c2dLockTimeout, c2dMaxDeliveryCount, c2dDefaultTtl, c2dMaxTtl, c2dMaxSize,
                d2cMaxSize, d, amqpOpenTimeout);
    }

    public HubLimits withAmqpOpenTimeout(Duration d) {
        return new HubLimits(c2dMaxQueueDepth, c2dLockTimeout, c2dMaxDeliveryCount, c2dDefaultTtl, c2dMaxTtl, c2dMaxSize,
                d2cMaxSize, sasClockSkew, d);
    }
}
