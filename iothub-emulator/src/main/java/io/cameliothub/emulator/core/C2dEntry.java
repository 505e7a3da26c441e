package io.cameliothub.emulator.core;

import java.time.Instant;

/** A snapshot of one message in a device's C2D queue, for inspection. */
public record C2dEntry(C2dMessage message, long sequenceNumber, C2dState state, int deliveryCount,
                       Instant enqueuedTime, Instant expiryTime, String deadLetterReason) {

    public String messageId() {
        return message.messageId();
    }
}
