package io.cameliothub.emulator.core;

import java.util.Locale;

/** The {@code iothub-ack} of a C2D message: which outcomes produce a feedback record. */
public enum AckMode {
    NONE, POSITIVE, NEGATIVE, FULL;

    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean wants(FeedbackRecord.Status status) {
        return switch (this) {
            case NONE -> false;
            case FULL -> true;
            case POSITIVE -> status == FeedbackRecord.Status.SUCCESS;
            case NEGATIVE -> status != FeedbackRecord.Status.SUCCESS;
        };
    }
}
