package io.cameliothub.component.transport.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class SendWindowTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "test-timer"));
    private final ExecutorService completions = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-completions"));
    private final List<CompletableFuture<Void>> wire = new ArrayList<>();
    private volatile Throwable lastError;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        completions.shutdownNow();
    }

    private SendWindow window(int maxInFlight, int maxQueued, Duration sendTimeout) {
        return new SendWindow("d1", new TransportOptions(maxInFlight, maxQueued, sendTimeout, Duration.ofMillis(10),
                Duration.ofMillis(10), false, Duration.ZERO), scheduler, completions, () -> lastError);
    }

    private void open(SendWindow window) {
        window.open(message -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            synchronized (wire) {
                wire.add(f);
            }
            return f;
        });
    }

    @Test
    void putsAtMostMaxInFlightOnTheWireAndRefillsOnAcknowledgement() {
        SendWindow window = window(4, 100, Duration.ofSeconds(30));
        open(window);
        List<CompletableFuture<Void>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(window.submit(new IotHubMessage().setMessageId("m" + i)));
        }
        assertThat(wire).hasSize(4);

        wire.get(0).complete(null);

        await().atMost(Duration.ofSeconds(2)).until(results.get(0)::isDone);
        assertThat(wire).hasSize(5);
        assertThat(window.inFlight()).isEqualTo(4);
    }

    @Test
    void aFullWindowAndQueueFailAtOnceWithARetryableErrorInsteadOfParkingTheCaller() {
        SendWindow window = window(1, 1, Duration.ofSeconds(30));
        open(window);
        window.submit(new IotHubMessage());
        window.submit(new IotHubMessage());

        long start = System.nanoTime();
        CompletableFuture<Void> third = window.submit(new IotHubMessage());

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(100);
        assertThat(third).isCompletedExceptionally();
        IotHubException e = (IotHubException) catchThrowable(third::join).getCause();
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).hasMessageContaining("send window of d1 is full");
    }

    @Test
    void aTimedOutMessageGivesItsSlotBack() throws Exception {
        SendWindow window = window(1, 10, Duration.ofMillis(200));
        open(window);
        CompletableFuture<Void> first = window.submit(new IotHubMessage().setMessageId("lost"));

        await().atMost(Duration.ofSeconds(2)).until(first::isDone);
        CompletableFuture<Void> second = window.submit(new IotHubMessage().setMessageId("next"));
        assertThat(catchThrowable(first::join)).hasRootCauseMessage("The hub did not acknowledge the message within 200ms");
        assertThat(wire.get(0)).as("the wire is told, so a message still waiting for credit is skipped")
                .isCompletedExceptionally();
        assertThat(wire).as("the slot came back: the next message went out at once").hasSize(2);
        wire.get(1).complete(null);
        second.get(2, TimeUnit.SECONDS);
        assertThat(window.inFlight()).isZero();
    }

    @Test
    void outcomesAreDeliveredOnTheCompletionsExecutorNeverOnTheAcknowledgingOrTimerThread() throws Exception {
        SendWindow window = window(2, 10, Duration.ofMillis(100));
        open(window);
        CompletableFuture<String> acked = window.submit(new IotHubMessage())
                .thenApply(ok -> Thread.currentThread().getName());
        CompletableFuture<String> timedOut = window.submit(new IotHubMessage())
                .handle((ok, error) -> Thread.currentThread().getName());

        Thread acker = new Thread(() -> wire.get(0).complete(null), "test-io");
        acker.start();

        assertThat(acked.get(2, TimeUnit.SECONDS)).isEqualTo("test-completions");
        assertThat(timedOut.get(2, TimeUnit.SECONDS)).isEqualTo("test-completions");
    }

    @Test
    void aMessageThatNeverLeftGoesBackToTheHeadOfTheLine() {
        SendWindow window = window(1, 10, Duration.ofSeconds(30));
        open(window);
        CompletableFuture<Void> first = window.submit(new IotHubMessage().setMessageId("first"));
        window.submit(new IotHubMessage().setMessageId("second"));

        wire.get(0).completeExceptionally(new SendWindow.NotSent("down"));
        assertThat(first).isNotDone();
        assertThat(window.queued()).isEqualTo(2);

        open(window);
        assertThat(wire).hasSize(2);
        wire.get(1).complete(null);
        await().atMost(Duration.ofSeconds(2)).until(first::isDone);
        assertThat(first).isCompleted();
    }

    @Test
    void messagesThatNeverLeftGoOutAgainInTheirOriginalOrderWhateverOrderTheyCameBackIn() {
        SendWindow window = window(4, 10, Duration.ofSeconds(30));
        List<String> sentIds = new ArrayList<>();
        List<CompletableFuture<Void>> onWire = new ArrayList<>();
        window.open(message -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            synchronized (sentIds) {
                sentIds.add(message.getMessageId());
                onWire.add(f);
            }
            return f;
        });
        for (int i = 0; i < 6; i++) {
            window.submit(new IotHubMessage().setMessageId("m" + i));
        }
        assertThat(sentIds).containsExactly("m0", "m1", "m2", "m3");

        onWire.get(0).complete(null); // m0 acknowledged: m4 goes out
        onWire.get(1).completeExceptionally(new SendWindow.NotSent("down")); // the wire closes: m1 first, one by one
        onWire.get(2).completeExceptionally(new SendWindow.NotSent("down"));
        onWire.get(4).completeExceptionally(new SendWindow.NotSent("down"));
        onWire.get(3).completeExceptionally(new SendWindow.NotSent("down"));
        assertThat(window.queued()).isEqualTo(5);
        sentIds.clear();

        window.open(message -> {
            synchronized (sentIds) {
                sentIds.add(message.getMessageId());
            }
            return new CompletableFuture<>();
        });
        assertThat(sentIds).containsExactly("m1", "m2", "m3", "m4");
        assertThat(window.queued()).as("m5 still waits for room").isEqualTo(1);
    }

    @Test
    void aMessageThatTimesOutWhileDisconnectedCarriesTheLastConnectionErrorAsItsCause() {
        SendWindow window = window(1, 10, Duration.ofMillis(100));
        lastError = new IotHubException("Connection refused", null, true);
        CompletableFuture<Void> result = window.submit(new IotHubMessage());

        await().atMost(Duration.ofSeconds(2)).until(result::isDone);
        Throwable failure = catchThrowable(result::join).getCause();
        assertThat(failure).hasMessageContaining("not connected: Connection refused").hasCause(lastError);
    }

    @Test
    void failOnWireFailsOnlyWhatWasSent() {
        SendWindow window = window(1, 10, Duration.ofSeconds(30));
        open(window);
        CompletableFuture<Void> sent = window.submit(new IotHubMessage());
        CompletableFuture<Void> waiting = window.submit(new IotHubMessage());

        window.pause();
        window.failOnWire(new IotHubException("lost", null, true));

        await().atMost(Duration.ofSeconds(2)).until(sent::isDone);
        assertThat(sent).isCompletedExceptionally();
        assertThat(waiting).isNotDone();
    }
}
