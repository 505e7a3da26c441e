package io.cameliothub.component.transport.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubMessage;

/**
 * What one device's session counted since it was made: device-to-cloud messages, reconnections, cloud-to-device
 * settlements, twin requests and method calls. Counting never locks (one {@link LongAdder} per figure); readers (JMX,
 * Micrometer) sum on demand. Every message handed to the session ends up acknowledged or failed, so
 * {@code sent = acknowledged + failed + inFlight}.
 */
public final class TransportMetrics {

    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder c2dReceived = new LongAdder();
    private final LongAdder c2dCompleted = new LongAdder();
    private final LongAdder c2dAbandoned = new LongAdder();
    private final LongAdder c2dRejected = new LongAdder();
    private final LongAdder twinRequests = new LongAdder();
    private final LongAdder methodInvocations = new LongAdder();

    /** Counts {@code count} messages handed over now and their outcome when the future completes. */
    <T> CompletableFuture<T> sending(int count, CompletableFuture<T> outcome) {
        sent.add(count);
        return outcome.whenComplete((ok, error) -> (error == null ? acknowledged : failed).add(count));
    }

    void reconnected() {
        reconnects.increment();
    }

    void twinRequested() {
        twinRequests.increment();
    }

    void methodInvoked() {
        methodInvocations.increment();
    }

    /** Counts the delivery as received and its settlement once the hub (or the wire) took it. */
    C2dDelivery received(C2dDelivery delivery) {
        c2dReceived.increment();
        return new C2dDelivery() {
            @Override
            public IotHubMessage message() {
                return delivery.message();
            }

            @Override
            public boolean stale() {
                return delivery.stale();
            }

            @Override
            public CompletableFuture<Void> settle(C2dOutcome outcome) {
                return delivery.settle(outcome).whenComplete((ok, error) -> {
                    if (error == null) {
                        settled(outcome).increment();
                    }
                });
            }
        };
    }

    private LongAdder settled(C2dOutcome outcome) {
        return switch (outcome) {
            case COMPLETE -> c2dCompleted;
            case ABANDON -> c2dAbandoned;
            case REJECT -> c2dRejected;
        };
    }

    public long sent() {
        return sent.sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** Messages handed over whose outcome is not known yet (never negative, although the sums are read apart). */
    public long inFlight() {
        long done = acknowledged.sum() + failed.sum(); // outcomes first: a message is always counted sent before
        return Math.max(0, sent.sum() - done);
    }

    /** Connections made after the first one (the device lost its connection and got it back); planned token renewals
     * by reconnecting are not counted. */
    public long reconnects() {
        return reconnects.sum();
    }

    public long c2dReceived() {
        return c2dReceived.sum();
    }

    public long c2dCompleted() {
        return c2dCompleted.sum();
    }

    public long c2dAbandoned() {
        return c2dAbandoned.sum();
    }

    public long c2dRejected() {
        return c2dRejected.sum();
    }

    public long twinRequests() {
        return twinRequests.sum();
    }

    public long methodInvocations() {
        return methodInvocations.sum();
    }
}
