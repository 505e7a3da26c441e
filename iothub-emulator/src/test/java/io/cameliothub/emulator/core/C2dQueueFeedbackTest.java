package io.cameliothub.emulator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feedback is never told inside the queue's monitor: a feedback consumer that calls back into the queue, or waits, must
 * not hold up (or deadlock) every other operation on the device's queue.
 */
class C2dQueueFeedbackTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Boolean> toldInsideMonitor = new ArrayList<>();
    private final C2dQueue[] queue = new C2dQueue[1];

    @Test
    void feedbackOfAMessageExpiredDuringAnEnqueueIsToldOutsideTheMonitor() {
        queue[0] = new C2dQueue(Identity.device("d1"), HubLimits.defaults(), clock, HubTimer.NONE,
                record -> toldInsideMonitor.add(queue[0].heldByCurrentThread()), "gen-1");
        queue[0].enqueue(C2dMessage.builder().messageId("short").ttl(Duration.ofMinutes(1)).ack(AckMode.FULL).build());
        clock.advance(Duration.ofMinutes(2));

        queue[0].enqueue(C2dMessage.builder().messageId("next").build()); // sweeps the expired one

        assertThat(toldInsideMonitor).as("one EXPIRED feedback, told outside the monitor").containsExactly(false);
    }
}
