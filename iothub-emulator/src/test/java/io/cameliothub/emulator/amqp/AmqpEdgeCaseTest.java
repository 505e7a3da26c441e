package io.cameliothub.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.core.SasTokens;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AMQP head's protocol edges with a plain AMQP client: SASL PLAIN, CBS status codes, case-insensitive addresses,
 * refused links, IoT Hub's rejection conditions, token expiry (links go, the connection stays), link stealing and the
 * C2D lock token as delivery tag.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmqpEdgeCaseTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final String TOKEN_TYPE = "servicebus.windows.net:sastoken";

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private final List<ProtonPeer> peers = new ArrayList<>();

    @AfterEach
    void closePeers() {
        peers.forEach(ProtonPeer::close);
    }

    private static DeviceInfo newDevice() {
        return HUB.addDevice("amqp-edge-" + IDS.incrementAndGet());
    }

    private ProtonPeer cbsPeer() {
        ProtonPeer p = ProtonPeer.connect(HUB, "ANONYMOUS", null, null);
        peers.add(p);
        return p;
    }

    private static String audience(DeviceInfo d) {
        return HUB.hostName() + "/devices/" + d.deviceId();
    }

    private static String token(DeviceInfo d, Duration ttl) {
        return SasTokens.create(audience(d), d.primaryKey(), ttl);
    }

    private static Message message(String body) {
        Message m = Message.Factory.create();
        m.setMessageId("id-" + body.length());
        m.setBody(new Data(new Binary(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return m;
    }

    @Test
    void saslPlainAuthenticatesOneDeviceAndAddressesMatchCaseInsensitively() {
        DeviceInfo d = newDevice();
        ProtonPeer peer = ProtonPeer.connect(HUB, "PLAIN", d.deviceId() + "@sas." + HUB.hostName().split("\\.")[0],
                token(d, Duration.ofHours(1)));
        peers.add(peer);

        ProtonPeer.Link events = peer.sender("/DEVICES/" + d.deviceId() + "/Messages/Events");
        assertThat((Object) events.send(message("plain"))).isInstanceOf(Accepted.class);

        D2cEvent event = HUB.events().await(e -> e.deviceId().equals(d.deviceId()), Duration.ofSeconds(10));
        assertThat(event.bodyAsString()).isEqualTo("plain");
        assertThat(event.protocol()).isEqualTo(Protocol.AMQPS);
        assertThat(HUB.connections().isConnected(d.identity())).isTrue();
    }

    @Test
    void putTokenAnswersWithStatusCodes() {
        DeviceInfo d = newDevice();
        ProtonPeer peer = cbsPeer();
        assertThat(peer.putToken(TOKEN_TYPE, audience(d), token(d, Duration.ofHours(1)))).isEqualTo(200);
        assertThat(peer.putToken("azure-devices.net:sastoken", audience(d), token(d, Duration.ofHours(1))))
                .isEqualTo(200);
        String wrongKey = SasTokens.create(audience(d), io.cameliothub.emulator.core.DeviceRegistry.generateKey(),
                Duration.ofHours(1));
        assertThat(peer.putToken(TOKEN_TYPE, audience(d), wrongKey)).isEqualTo(401);
        assertThat(peer.putToken(null, audience(d), token(d, Duration.ofHours(1)))).isEqualTo(400);
        assertThat(HUB.connections().totalAccepted(d.deviceId())).isEqualTo(1);
        assertThat(HUB.hub().amqp().putTokens(d.identity())).isEqualTo(2);
    }

    @Test
    void linksOfAnUnauthenticatedDeviceAreRefused() throws Exception {
        DeviceInfo d = newDevice();
        ProtonPeer peer = cbsPeer();
        ProtonPeer.Link events = peer.sender("/devices/" + d.deviceId() + "/messages/events");
        ErrorCondition condition = events.closed.get(10, TimeUnit.SECONDS);
        assertThat(condition.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
        assertThat(peer.isOpen()).isTrue();
    }

    @Test
    void oversizeAndThrottledTelemetryIsRejectedWithIotHubConditions() {
        DeviceInfo d = newDevice();
        ProtonPeer peer = cbsPeer();
        assertThat(peer.putToken(TOKEN_TYPE, audience(d), token(d, Duration.ofHours(1)))).isEqualTo(200);
        ProtonPeer.Link events = peer.sender("/devices/" + d.deviceId() + "/messages/events");

        DeliveryState tooBig = events.send(message("x".repeat(256 * 1024 + 1)));
        assertThat((Object) tooBig).isInstanceOf(Rejected.class);
        assertThat(((Rejected) tooBig).getError().getCondition().toString())
                .isEqualTo("amqp:link:message-size-exceeded");

        HUB.faults().throttle(Duration.ofMinutes(1));
        try {
            DeliveryState throttled = events.send(message("throttled"));
            assertThat(((Rejected) throttled).getError().getCondition().toString())
                    .isEqualTo("com.microsoft:device-container-throttled");
        } finally {
            HUB.faults().reset();
        }
        assertThat((Object) events.send(message("fine"))).isInstanceOf(Accepted.class);
    }

    @Test
    void aLapsedTokenDetachesTheDevicesLinksButNotTheConnection() throws Exception {
        DeviceInfo d = newDevice();
        DeviceInfo other = newDevice();
        ProtonPeer peer = cbsPeer();
        assertThat(peer.putToken(TOKEN_TYPE, audience(d), token(d, Duration.ofSeconds(2)))).isEqualTo(200);
        ProtonPeer.Link events = peer.sender("/devices/" + d.deviceId() + "/messages/events");

        ErrorCondition condition = events.closed.get(10, TimeUnit.SECONDS);
        assertThat(condition.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
        await().atMost(Duration.ofSeconds(5)).until(() -> !HUB.connections().isConnected(d.identity()));
        assertThat(peer.isOpen()).as("the connection stays").isTrue();
        assertThat(peer.putToken(TOKEN_TYPE, audience(other), token(other, Duration.ofHours(1)))).isEqualTo(200);
    }

    @Test
    void aSecondLinkForTheSameAddressStealsTheFirst() throws Exception {
        DeviceInfo d = newDevice();
        ProtonPeer peer = cbsPeer();
        assertThat(peer.putToken(TOKEN_TYPE, audience(d), token(d, Duration.ofHours(1)))).isEqualTo(200);
        ProtonPeer.Link first = peer.sender("/devices/" + d.deviceId() + "/messages/events");
        ProtonPeer.Link second = peer.sender("/devices/" + d.deviceId() + "/messages/events");

        assertThat(first.closed.get(10, TimeUnit.SECONDS).getCondition().toString()).isEqualTo("amqp:link:stolen");
        assertThat((Object) second.send(message("second"))).isInstanceOf(Accepted.class);
    }

    @Test
    void c2dCarriesTheLockTokenAsDeliveryTagAndOutcomesDriveTheQueue() throws Exception {
        DeviceInfo d = newDevice();
        ProtonPeer peer = cbsPeer();
        assertThat(peer.putToken(TOKEN_TYPE, audience(d), token(d, Duration.ofHours(1)))).isEqualTo(200);
        ProtonPeer.Link c2d = peer.receiver("/devices/" + d.deviceId() + "/messages/deviceBound");
        String id = HUB.sendC2d(d.deviceId(), C2dMessage.builder().body("cmd").correlationId("c-1").property("k", "v")
                .build());

        ProtonPeer.Received first = c2d.received.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        Map<Symbol, Object> annotations = first.message().getMessageAnnotations().getValue();
        String lockToken = (String) annotations.get(Symbol.valueOf("x-opt-lock-token"));
        ByteBuffer tag = ByteBuffer.wrap(first.delivery().getTag());
        assertThat(new UUID(tag.getLong(), tag.getLong()).toString()).isEqualTo(lockToken);
        assertThat(((Number) annotations.get(Symbol.valueOf("iothub-deliverycount"))).intValue()).isEqualTo(1);
        assertThat(annotations).containsKeys(Symbol.valueOf("x-opt-sequence-number"),
                Symbol.valueOf("iothub-enqueuedtime"));
        assertThat(first.message().getMessageId()).isEqualTo(id);
        assertThat(first.message().getAddress()).isEqualTo("/devices/" + d.deviceId() + "/messages/devicebound");
        assertThat(first.message().getApplicationProperties().getValue()).containsEntry("k", "v");

        c2d.settle(first, Released.getInstance());
        ProtonPeer.Received again = c2d.received.poll(10, TimeUnit.SECONDS);
        assertThat(again).as("released = abandoned: delivered again").isNotNull();
        assertThat(((Number) again.message().getMessageAnnotations().getValue()
                .get(Symbol.valueOf("iothub-deliverycount"))).intValue()).isEqualTo(2);
        c2d.settle(again, Accepted.getInstance());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                HUB.c2dQueue(d.deviceId()).entry(id).orElseThrow().state() == C2dState.COMPLETED);
    }
}
