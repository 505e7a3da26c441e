package io.cameliothub.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.SasTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lost and delayed dispositions of D2C messages, as a vertx-proton device sees them over TLS. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmqpFaultsTest {

    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private final List<ProtonPeer> peers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        HUB.faults().reset();
        peers.forEach(ProtonPeer::close);
    }

    private ProtonPeer.Link events(DeviceInfo d) {
        ProtonPeer peer = ProtonPeer.connect(HUB, "ANONYMOUS", null, null);
        peers.add(peer);
        String audience = HUB.hostName() + "/devices/" + d.deviceId();
        assertThat(peer.putToken("servicebus.windows.net:sastoken", audience,
                SasTokens.create(audience, d.primaryKey(), Duration.ofMinutes(10)))).isEqualTo(200);
        return peer.sender("/devices/" + d.deviceId() + "/messages/events");
    }

    private static Message message(String id) {
        Message m = Message.Factory.create();
        m.setMessageId(id);
        m.setBody(new Data(new Binary(id.getBytes(StandardCharsets.UTF_8))));
        return m;
    }

    @Test
    void aLostDispositionStoresTheMessageAndDropsTheConnection() throws Exception {
        DeviceInfo d = HUB.addDevice("amqp-fault-" + IDS.incrementAndGet());
        ProtonPeer.Link link = events(d);
        int before = HUB.faults().lostAcknowledgements();
        HUB.faults().loseAcknowledgements(1);

        CompletableFuture<DeliveryState> outcome = link.sendAsync(message("a-1"));

        peers.get(0).disconnected.get(10, TimeUnit.SECONDS);
        assertThat(outcome).as("no disposition ever came").isNotDone();
        assertThat(HUB.events().forDevice(d.deviceId())).extracting(e -> e.messageId()).containsExactly("a-1");
        assertThat(HUB.faults().lostAcknowledgements()).isEqualTo(before + 1);

        assertThat((Object) events(d).send(message("a-1"))).as("the resend is accepted").isInstanceOf(Accepted.class);
        assertThat(HUB.events().forDevice(d.deviceId())).as("a duplicate with the same message id")
                .extracting(e -> e.messageId()).containsExactly("a-1", "a-1");
    }

    @Test
    void delayedDispositionsArriveLate() {
        DeviceInfo d = HUB.addDevice("amqp-fault-" + IDS.incrementAndGet());
        ProtonPeer.Link link = events(d);
        assertThat((Object) link.send(message("warm-up"))).isInstanceOf(Accepted.class);
        HUB.faults().delayAcknowledgements(Duration.ofMillis(600), Duration.ofSeconds(30));

        long start = System.nanoTime();
        DeliveryState state = link.send(message("late"));

        assertThat((Object) state).isInstanceOf(Accepted.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }
}
