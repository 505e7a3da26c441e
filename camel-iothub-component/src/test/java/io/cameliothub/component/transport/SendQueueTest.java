package io.cameliothub.component.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class SendQueueTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<SendQueue.Pending> wire = new ArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SendQueue queue(int maxInFlight, Duration sendTimeout) {
        return new SendQueue(new TransportOptions(maxInFlight, sendTimeout, Duration.ofMillis(10), Duration.ofMillis(10),
                false), scheduler, p -> {
                    synchronized (wire) {
                        wire.add(p);
                    }
                });
    }

    @Test
    void putsAtMostMaxInFlightOnTheWire() {
        SendQueue queue = queue(4, Duration.ofSeconds(30));
        queue.open();
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(queue.submit(new IotHubMessage().setMessageId("m" + i)));
        }

        assertThat(wire).hasSize(4);
        assertThat(queue.inFlight()).isEqualTo(4);

        queue.acknowledged(wire.get(0));

        assertThat(results.get(0)).isCompleted();
        assertThat(wire).hasSize(5);
        assertThat(wire.get(4).message().getMessageId()).isEqualTo("m4");
        assertThat(queue.inFlight()).isEqualTo(4);
    }

    @Test
    void holdsMessagesWhileTheWireIsClosed() {
        SendQueue queue = queue(4, Duration.ofSeconds(30));
        CompletableFuture<Void> result = queue.submit(new IotHubMessage());

        assertThat(wire).isEmpty();
        queue.open();
        assertThat(wire).hasSize(1);
        queue.acknowledged(wire.get(0));
        assertThat(result).isCompleted();
    }

    @Test
    void failsWhatWasOnTheWireWhenTheConnectionDrops() {
        SendQueue queue = queue(2, Duration.ofSeconds(30));
        queue.open();
        CompletableFuture<Void> first = queue.submit(new IotHubMessage());
        CompletableFuture<Void> second = queue.submit(new IotHubMessage());
        CompletableFuture<Void> third = queue.submit(new IotHubMessage());

        queue.pause();
        queue.failOnWire(new IotHubException("lost", null, true));

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(third).as("not yet on the wire: waits for the next connection").isNotDone();
        queue.open();
        assertThat(wire).hasSize(3);
    }

    @Test
    void aFullWindowAndWaitingRoomMakeTheCallerWaitForRoom() {
        SendQueue queue = queue(1, Duration.ofSeconds(30));
        queue.open();
        CompletableFuture<Void> first = queue.submit(new IotHubMessage());
        queue.submit(new IotHubMessage());
        scheduler.schedule(() -> queue.acknowledged(wire.get(0)), 200, java.util.concurrent.TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        CompletableFuture<Void> third = queue.submit(new IotHubMessage());
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        // room came back only when the hub acknowledged the first message
        assertThat(waitedMillis).as("the caller waited for room").isGreaterThanOrEqualTo(150);
        assertThat(first).isCompleted();
        assertThat(third).as("accepted once there was room").isNotDone();
        assertThat(wire).hasSize(2);
    }

    @Test
    void aMessageWithoutAcknowledgementFailsAfterTheSendTimeout() throws Exception {
        SendQueue queue = queue(1, Duration.ofMillis(100));
        queue.open();
        CompletableFuture<Void> result = queue.submit(new IotHubMessage());

        Thread.sleep(300);

        assertThat(result).isCompletedExceptionally();
        assertThat(catchThrowable(result::join)).hasRootCauseMessage("The hub did not acknowledge the message within 100ms");
    }
}
