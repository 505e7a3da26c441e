package io.cameliothub.component.transport.internal.mqtt;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The telemetry PUBLISHes of one connection that were handed to Paho and whose bytes its sender has not yet written:
 * while there are some, more output is known to be coming, so a flush may wait for it. Every PUBLISH written counts
 * one off (twin and method PUBLISHes too, which were never counted), never below 0: the count can only fall short,
 * which flushes sooner, never later.
 */
final class PublishBacklog {

    private final AtomicInteger pending = new AtomicInteger();

    /** Before handing a PUBLISH to Paho. */
    void expect() {
        pending.incrementAndGet();
    }

    /** Paho refused the PUBLISH: it will never be written. */
    void withdraw() {
        written(1);
    }

    void written(int publishes) {
        if (publishes > 0) {
            pending.updateAndGet(v -> Math.max(0, v - publishes));
        }
    }

    int pending() {
        return pending.get();
    }
}
