package io.cameliothub.emulator.core;

import java.time.Instant;

/**
 * One entry of the service-bound feedback endpoint ({@code /messages/servicebound/feedback}), as produced for a C2D
 * message whose {@code iothub-ack} asked for it.
 */
public record FeedbackRecord(String originalMessageId, Instant enqueuedTimeUtc, Status status, String description,
                             String deviceId, String deviceGenerationId) {

    public enum Status {
        SUCCESS("Success", "Success"),
        EXPIRED("Expired", "Message Expired"),
        DELIVERY_COUNT_EXCEEDED("DeliveryCountExceeded", "Message delivery count exceeded"),
        REJECTED("Rejected", "Message rejected"),
        PURGED("Purged", "Message purged");

        private final String wireName;
        private final String description;

        Status(String wireName, String description) {
            this.wireName = wireName;
            this.description = description;
        }

        /** The {@code StatusCode} value in the feedback JSON. */
        public String wireName() {
            return wireName;
        }

        public String description() {
            return description;
        }
    }
}
