package io.cameliothub.emulator.core;

import java.time.Instant;

/** A C2D message handed to a device: invisible to others until completed, abandoned, rejected or the lock expires. */
public record LockedMessage(Identity identity, C2dMessage message, String lockToken, int deliveryCount,
                            long sequenceNumber, Instant enqueuedTime, Instant expiryTime, Instant lockedUntil) {

    /** The {@code to} system property IoT Hub sets: {@code /devices/{id}[/modules/{mid}]/messages/devicebound}. */
    public String to() {
        return "/" + identity.resourcePath() + "/messages/devicebound";
    }

    @Override
    public String toString() {
        return "LockedMessage[" + identity + ", id=" + message.messageId() + ", delivery=" + deliveryCount + "]";
    }
}
