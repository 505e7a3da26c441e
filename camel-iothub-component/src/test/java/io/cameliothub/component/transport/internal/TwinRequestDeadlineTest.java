package io.cameliothub.component.transport.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cameliothub.component.transport.IotHubException;
import io.cameliothub.component.transport.IotHubMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A twin request the hub never answers fails after the send timeout, and the deadline fails the wire's own future
 * too: that is what takes the request out of the wire's pending requests (MQTT by {@code $rid}, AMQP by correlation
 * id), instead of leaving it there until the connection closes.
 */
class TwinRequestDeadlineTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aTimedOutRequestFailsTheWiresFutureSoItsPendingEntryGoes() {
        TransportOptions options = new TransportOptions(10, 10, Duration.ofMillis(200), Duration.ofMillis(100),
                Duration.ofSeconds(1), false, Duration.ZERO);
        TransportSettings settings = new TransportSettings(TransportProtocol.MQTT, "hub.example", "hub.example", 8883,
                "dev-1", null, null, Duration.ofSeconds(5), Duration.ofSeconds(30), options, "test", null);
        TransportResources resources = new TransportResources(scheduler, Runnable::run, Runnable::run,
                Clock.systemUTC(), null, null);
        TwinMethodsSession session = new TwinMethodsSession(settings, resources);
        SilentWire wire = new SilentWire();

        CompletableFuture<TwinReply> answer = session.request(wire, TwinRequest.get());

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IotHubException.class).hasMessageContaining("did not answer the twin read")
                .hasMessageContaining("200 ms");
        assertThat(wire.onWire).isCompletedExceptionally();
    }

    /** A connection that takes twin requests and never answers them. */
    private static final class SilentWire implements DeviceWire.Connection {
        final CompletableFuture<TwinReply> onWire = new CompletableFuture<>();

        @Override
        public CompletableFuture<TwinReply> twin(TwinRequest request) {
            return onWire;
        }

        @Override
        public CompletableFuture<Void> publish(IotHubMessage message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> subscribe(Channel channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> unsubscribe(Channel channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
