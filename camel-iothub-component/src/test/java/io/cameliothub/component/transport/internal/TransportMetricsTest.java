package io.cameliothub.component.transport.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.cameliothub.component.transport.C2dOutcome;
import io.cameliothub.component.transport.IotHubMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The counting rules: every message sent ends acknowledged or failed; a settlement counts once the wire took it. */
class TransportMetricsTest {

    private final TransportMetrics metrics = new TransportMetrics();

    @Test
    void sentIsAcknowledgedPlusFailedPlusInFlight() {
        CompletableFuture<Void> batch = new CompletableFuture<>();
        CompletableFuture<Void> single = new CompletableFuture<>();
        CompletableFuture<Void> countedBatch = metrics.sending(3, batch);
        metrics.sending(1, single);
        assertThat(metrics.sent()).isEqualTo(4);
        assertThat(metrics.inFlight()).isEqualTo(4);

        batch.complete(null);
        single.completeExceptionally(new IllegalStateException("refused"));

        assertThat(countedBatch).isCompleted();
        assertThat(metrics.acknowledged()).isEqualTo(3);
        assertThat(metrics.failed()).isEqualTo(1);
        assertThat(metrics.inFlight()).isZero();
    }

    @Test
    void settlementsCountByOutcomeOnlyWhenTheWireTookThem() {
        CompletableFuture<Void> refused = CompletableFuture.failedFuture(new IllegalStateException("link closed"));
        C2dDelivery ok = metrics.received(delivery(CompletableFuture.completedFuture(null)));
        C2dDelivery failing = metrics.received(delivery(refused));

        ok.settle(C2dOutcome.ABANDON);
        ok.settle(C2dOutcome.REJECT);
        ok.settle(C2dOutcome.COMPLETE);
        failing.settle(C2dOutcome.COMPLETE);

        assertThat(metrics.c2dReceived()).isEqualTo(2);
        assertThat(metrics.c2dAbandoned()).isEqualTo(1);
        assertThat(metrics.c2dRejected()).isEqualTo(1);
        assertThat(metrics.c2dCompleted()).as("the refused settlement is not counted").isEqualTo(1);
    }

    @Test
    void theCountingDeliveryStillSaysWhenItsConnectionIsGone() {
        AtomicBoolean gone = new AtomicBoolean();
        C2dDelivery counted = metrics.received(delivery(new CompletableFuture<>(), gone::get));
        assertThat(counted.stale()).isFalse();

        gone.set(true);

        // without it the session routes a message the hub has already put back, and the route runs twice
        assertThat(counted.stale()).as("stale() of the wrapped delivery").isTrue();
    }

    private static C2dDelivery delivery(CompletableFuture<Void> settled) {
        return delivery(settled, () -> false);
    }

    private static C2dDelivery delivery(CompletableFuture<Void> settled, BooleanSupplier stale) {
        IotHubMessage message = new IotHubMessage().setBody(new byte[0]);
        return new C2dDelivery() {
            @Override
            public IotHubMessage message() {
                return message;
            }

            @Override
            public CompletableFuture<Void> settle(C2dOutcome outcome) {
                return settled;
            }

            @Override
            public boolean stale() {
                return stale.getAsBoolean();
            }
        };
    }
}
