package io.cameliothub.component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's bound on devices connecting at once: slots, the queue, and every way a slot comes back. */
class IotHubConnectGateTest {

    private final List<CompletableFuture<Void>> opens = new ArrayList<>();

    private IotHubConnectGate.Ticket open(IotHubConnectGate gate) {
        return gate.open(() -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            opens.add(f);
            return f;
        });
    }

    @Test
    void devicesBeyondTheLimitWaitAndStartAsOthersConnectOrFail() {
        IotHubConnectGate gate = new IotHubConnectGate(2);
        IotHubConnectGate.Ticket a = open(gate);
        IotHubConnectGate.Ticket b = open(gate);
        IotHubConnectGate.Ticket c = open(gate);
        IotHubConnectGate.Ticket d = open(gate);
        assertThat(opens).as("only two handshakes started").hasSize(2);
        assertThat(gate.queued()).isEqualTo(2);

        opens.get(0).complete(null);
        assertThat(a.opened).isCompleted();
        assertThat(opens).as("the freed slot went to the next device").hasSize(3);

        opens.get(1).completeExceptionally(new IllegalStateException("refused"));
        assertThat(b.opened).isCompletedExceptionally();
        assertThat(opens).as("a refusal frees its slot too").hasSize(4);
        assertThat(gate.connecting()).isEqualTo(2);

        opens.get(2).complete(null);
        opens.get(3).complete(null);
        assertThat(c.opened).isCompleted();
        assertThat(d.opened).isCompleted();
        assertThat(gate.connecting()).isZero();
        assertThat(gate.queued()).isZero();
    }

    @Test
    void aClosedDeviceLeavesTheQueueOrGivesItsSlotBackOnce() {
        IotHubConnectGate gate = new IotHubConnectGate(1);
        IotHubConnectGate.Ticket a = open(gate);
        IotHubConnectGate.Ticket b = open(gate);
        IotHubConnectGate.Ticket c = open(gate);

        b.release(); // closed while queued: never starts
        a.release(); // closed while connecting: its slot goes to c
        a.release();
        assertThat(opens).as("a, then c; b never started").hasSize(2);
        opens.get(0).complete(null); // a's late answer does not free a second slot
        assertThat(gate.connecting()).isEqualTo(1);
        assertThat(b.opened).isNotDone();

        gate.close();
        IotHubConnectGate.Ticket d = open(gate);
        opens.get(1).complete(null);
        assertThat(c.opened).isCompleted();
        assertThat(opens).as("a stopped gate starts nothing more").hasSize(2);
        assertThat(d.opened).isNotDone();
    }
}
