package io.cameliothub.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.LockedMessage;
import io.cameliothub.emulator.core.SasTokens;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A backend on AMQP, link by link: C2D to /messages/devicebound, refusals, rights, and the feedback receiver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceAmqpTest {

    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private static String policyToken(String policy) {
        AccessPolicy p = HUB.registry().policy(policy).orElseThrow();
        return SasTokens.create(HUB.hostName(), p.primaryKey(), p.name(), Duration.ofMinutes(10), Clock.systemUTC());
    }

    private static Message c2d(String to, String body, Map<String, Object> properties) {
        Message m = Message.Factory.create();
        m.setAddress(to);
        m.setMessageId("svc-" + IDS.incrementAndGet());
        m.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        m.setApplicationProperties(new ApplicationProperties(properties));
        return m;
    }

    private static String text(Message m) {
        Binary b = ((Data) m.getBody()).getValue();
        return new String(b.getArray(), b.getArrayOffset(), b.getLength(), StandardCharsets.UTF_8);
    }

    private static String condition(DeliveryState state) {
        assertThat(state).isInstanceOf(Rejected.class);
        return ((Rejected) state).getError().getCondition().toString();
    }

    @Test
    void saslPlainWithAPolicySendsC2dAndRefusalsComeBackRejected() {
        DeviceInfo device = HUB.addDevice("svc-amqp-" + IDS.incrementAndGet());
        try (ProtonPeer peer = ProtonPeer.connect(HUB, "PLAIN", "service@sas.root.hub", policyToken("service"))) {
            ProtonPeer.Link link = peer.sender("/messages/devicebound");
            assertThat(link.closed).isNotDone();
            String to = "/devices/" + device.deviceId() + "/messages/devicebound";
            Message ok = c2d(to, "on", Map.of("iothub-ack", "full", "colour", "red"));
            assertThat(link.send(ok)).isInstanceOf(Accepted.class);
            C2dMessage queued = HUB.c2dQueue(device.deviceId()).entry(ok.getMessageId().toString()).orElseThrow()
                    .message();
            assertThat(queued.bodyAsString()).isEqualTo("on");
            assertThat(queued.ack()).isEqualTo(AckMode.FULL);
            assertThat(queued.properties()).containsEntry("colour", "red").doesNotContainKey("iothub-ack");

            assertThat(condition(link.send(c2d("/devices/nobody/messages/devicebound", "x", Map.of()))))
                    .isEqualTo("amqp:not-found");
            assertThat(condition(link.send(c2d("/elsewhere", "x", Map.of())))).isEqualTo("com.microsoft:argument-error");
            assertThat(condition(link.send(c2d(to, "x", Map.of("iothub-ack", "sometimes")))))
                    .isEqualTo("com.microsoft:argument-error");
            assertThat(HUB.c2dQueue(device.deviceId()).pendingCount()).isEqualTo(1);
        }
    }

    @Test
    void aPolicyWithoutServiceConnectCannotAttach() throws Exception {
        try (ProtonPeer peer = ProtonPeer.connect(HUB, "ANONYMOUS", null, null)) {
            assertThat(peer.putToken("servicebus.windows.net:sastoken", HUB.hostName(), policyToken("registryRead")))
                    .isEqualTo(200);
            ErrorCondition refused = peer.sender("/messages/devicebound").closed.get(10, TimeUnit.SECONDS);
            assertThat(refused.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
            assertThat(refused.getDescription()).contains("ServiceConnect");
        }
        try (ProtonPeer peer = ProtonPeer.connect(HUB, "ANONYMOUS", null, null)) {
            ErrorCondition noToken = peer.receiver("/messages/servicebound/feedback").closed.get(10, TimeUnit.SECONDS);
            assertThat(noToken.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
        }
    }

    @Test
    void aLapsedServiceTokenDetachesTheServiceLinks() throws Exception {
        AccessPolicy p = HUB.registry().policy("service").orElseThrow();
        String shortLived = SasTokens.create(HUB.hostName(), p.primaryKey(), p.name(), Duration.ofSeconds(2),
                Clock.systemUTC());
        try (ProtonPeer peer = ProtonPeer.connect(HUB, "ANONYMOUS", null, null)) {
            assertThat(peer.putToken("servicebus.windows.net:sastoken", HUB.hostName(), shortLived)).isEqualTo(200);
            ProtonPeer.Link link = peer.sender("/messages/devicebound");
            assertThat(link.closed).isNotDone();
            ErrorCondition lapsed = link.closed.get(20, TimeUnit.SECONDS);
            assertThat(lapsed.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
            assertThat(peer.isOpen()).as("the connection stays").isTrue();
        }
    }

    @Test
    void feedbackArrivesAsABatchAndAReleasedBatchComesBack() throws Exception {
        DeviceInfo device = HUB.addDevice("svc-amqp-" + IDS.incrementAndGet());
        for (String id : new String[] {"fb-1", "fb-2"}) {
            HUB.sendC2d(device.deviceId(), C2dMessage.builder().messageId(id).body("x").ack(AckMode.POSITIVE).build());
            LockedMessage locked = HUB.c2dQueue(device.deviceId()).receive().orElseThrow();
            HUB.c2dQueue(device.deviceId()).complete(locked.lockToken());
        }
        try (ProtonPeer peer = ProtonPeer.connect(HUB, "ANONYMOUS", null, null)) {
            assertThat(peer.putToken("servicebus.windows.net:sastoken", HUB.hostName(), policyToken("iothubowner")))
                    .isEqualTo(200);
            ProtonPeer.Link feedback = peer.receiver("/messages/servicebound/feedback");
            ProtonPeer.Received first = feedback.received.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.message().getContentType()).isEqualTo("application/vnd.microsoft.iothub.feedback.json");
            JsonArray records = new JsonArray(text(first.message()));
            assertThat(records).hasSize(2);
            assertThat(records.getJsonObject(0).getString("originalMessageId")).isEqualTo("fb-1");
            assertThat(records.getJsonObject(0).getString("statusCode")).isEqualTo("Success");
            assertThat(records.getJsonObject(1).getString("deviceId")).isEqualTo(device.deviceId());

            feedback.settle(first, Released.getInstance());
            ProtonPeer.Received again = feedback.received.poll(10, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(text(again.message())).contains("fb-1").contains("fb-2");
            feedback.settle(again, Accepted.getInstance());
        }
        assertThat(HUB.hub().core().feedbackQueue().pendingCount()).isZero();
    }
}
