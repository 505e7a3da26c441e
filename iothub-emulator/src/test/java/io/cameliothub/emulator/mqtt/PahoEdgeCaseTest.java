package io.cameliothub.emulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.AccessPolicy;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.core.SasTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the official SDK never does, with plain Paho against the MQTT head on ephemeral ports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PahoEdgeCaseTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder().build();

    private static DeviceInfo newDevice() {
        return HUB.addDevice("paho-" + IDS.incrementAndGet());
    }

    private static PahoClients.Recorder connect(DeviceInfo d) throws MqttException {
        PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId());
        r.client.connect(PahoClients.options(HUB, d.identity(), d.primaryKey()));
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertClosedByHub(PahoClients.Recorder r) throws InterruptedException {
        assertThat(r.lost.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("hub closed the connection").isTrue();
    }

    @Test
    void propertyBagWithPercentEncodedSystemKeysAndQos0() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            r.client.publish("devices/" + d.deviceId() + "/messages/events/%24.mid=m%201&%24.ct=application%2Fjson"
                    + "&%24.ce=utf-8&%24.cid=c1&%24.uid=u1&%24.exp=2030-01-01T00%3A00%3A00Z&k%C3%BC=%E2%9C%93%26%3D%2F%25"
                    + "&flag&&=skipped&bad=%zz&utf=%C3%28", utf8("q0"), 0, false);
            D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
            assertThat(e.systemProperties())
                    .containsEntry("message-id", "m 1")
                    .containsEntry("content-type", "application/json")
                    .containsEntry("content-encoding", "utf-8")
                    .containsEntry("correlation-id", "c1")
                    .containsEntry("user-id", "u1")
                    .containsEntry("absolute-expiry-time", "2030-01-01T00:00:00Z");
            assertThat(e.applicationProperties()).containsEntry("kü", "✓&=/%").containsEntry("flag", "")
                    .containsEntry("bad", "%zz").containsEntry("utf", "%C3%28").hasSize(4);
            assertThat(e.protocol()).isEqualTo(Protocol.MQTT);
        }
    }

    @Test
    void deviceCannotSpoofConnectionDeviceId() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            r.client.publish("devices/" + d.deviceId() + "/messages/events/$.cdid=someone-else&$.cmid=m", utf8("x"), 1, false);
            D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
            assertThat(e.systemProperties()).containsEntry("iothub-connection-device-id", d.deviceId())
                    .doesNotContainKey("iothub-connection-module-id");
        }
    }

    @Test
    void qos2PublishClosesTheConnection() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            try {
                r.client.publish("devices/" + d.deviceId() + "/messages/events/", utf8("qos2"), 2, false);
            } catch (MqttException expected) {
                // the hub closes instead of PUBREC
            }
            assertClosedByHub(r);
        }
        assertThat(HUB.events().forDevice(d.deviceId())).isEmpty();
    }

    @Test
    void retainBecomesMqttRetainProperty() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            r.client.publish("devices/" + d.deviceId() + "/messages/events/a=1", utf8("kept?"), 1, true);
            D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
            assertThat(e.applicationProperties()).containsEntry("mqtt-retain", "true").containsEntry("a", "1");
            // not stored as a retained message: a new subscriber gets nothing
            r.client.subscribe("devices/" + d.deviceId() + "/messages/devicebound/#", 1);
            assertThat(r.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void publishToAnotherDevicesTopicClosesTheConnection() throws Exception {
        DeviceInfo d = newDevice();
        DeviceInfo other = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            try {
                r.client.publish("devices/" + other.deviceId() + "/messages/events/", utf8("spoof"), 1, false);
            } catch (MqttException expected) {
                // connection closed before PUBACK
            }
            assertClosedByHub(r);
        }
        assertThat(HUB.events().forDevice(other.deviceId())).isEmpty();
        assertThat(HUB.events().forDevice(d.deviceId())).isEmpty();
    }

    @Test
    void publishToAnUnknownTopicClosesTheConnection() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            try {
                r.client.publish("some/random/topic", utf8("?"), 1, false);
            } catch (MqttException expected) {
                // connection closed before PUBACK
            }
            assertClosedByHub(r);
        }
    }

    @Test
    void subscribingToAnotherDevicesC2dIsRefused() throws Exception {
        DeviceInfo d = newDevice();
        DeviceInfo other = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            int granted;
            try {
                granted = r.client.subscribeWithResponse("devices/" + other.deviceId() + "/messages/devicebound/#", 1)
                        .getGrantedQos()[0];
            } catch (MqttException e) {
                granted = 0x80;
            }
            assertThat(granted).isEqualTo(0x80);
            HUB.sendC2d(other.deviceId(), C2dMessage.of("not for you"));
            assertThat(r.messages.poll(500, TimeUnit.MILLISECONDS)).isNull();
            assertThat(HUB.c2dQueue(other.deviceId()).entries()).extracting(C2dEntry::state)
                    .containsExactly(C2dState.ENQUEUED);
        }
    }

    @Test
    void willMessageBecomesTelemetryOnUngracefulDisconnect() throws Exception {
        DeviceInfo d = newDevice();
        PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId());
        MqttConnectOptions o = PahoClients.options(HUB, d.identity(), d.primaryKey());
        o.setWill("devices/" + d.deviceId() + "/messages/events/$.ct=text%2Fplain&reason=gone", utf8("bye"), 1, false);
        r.client.connect(o);
        r.client.disconnectForcibly(0, 1000, false);
        D2cEvent will = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
        assertThat(will.bodyAsString()).isEqualTo("bye");
        assertThat(will.applicationProperties()).containsEntry("iothub-MessageType", "Will").containsEntry("reason", "gone");
        assertThat(will.contentType()).isEqualTo("text/plain");
        r.client.close(true);
    }

    @Test
    void noWillMessageOnGracefulDisconnect() throws Exception {
        DeviceInfo d = newDevice();
        PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId());
        MqttConnectOptions o = PahoClients.options(HUB, d.identity(), d.primaryKey());
        o.setWill("devices/" + d.deviceId() + "/messages/events/", utf8("bye"), 1, false);
        r.client.connect(o);
        r.client.disconnect();
        await().atMost(WAIT).until(() -> !HUB.connections().isConnected(d.identity()));
        Thread.sleep(200);
        assertThat(HUB.events().forDevice(d.deviceId())).isEmpty();
        r.client.close();
    }

    @Test
    void wrongPasswordOrUsernameGetsNotAuthorized() throws Exception {
        DeviceInfo d = newDevice();
        Identity id = d.identity();
        String good = PahoClients.token(HUB, id, d.primaryKey(), Duration.ofHours(1));
        String wrongKey = PahoClients.token(HUB, id, DeviceRegistry.generateKey(), Duration.ofHours(1));
        String otherDevicesToken = PahoClients.token(HUB, newDevice().identity(), d.primaryKey(), Duration.ofHours(1));
        String expired = SasTokens.create(HUB.hostName() + "/devices/" + d.deviceId(), d.primaryKey(), null,
                Duration.ofMinutes(-6), Clock.systemUTC());
        String user = PahoClients.username(HUB, id);
        for (String[] creds : new String[][] {
            {user, wrongKey}, {user, otherDevicesToken}, {user, expired}, {user, "not a token"},
            {HUB.hostName() + "/" + d.deviceId() + "/?foo=bar", good},
            {"other.host/" + d.deviceId() + "/?api-version=2021-04-12", good},
            {HUB.hostName() + "/someone-else/?api-version=2021-04-12", good}}) {
            try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
                assertThatThrownBy(() -> r.client.connect(PahoClients.options(HUB, creds[0], creds[1])))
                        .as("user %s", creds[0])
                        .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                                .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
            }
        }
        assertThat(HUB.connections().totalAccepted(d.deviceId())).isZero();
    }

    @Test
    void acceptsOldUsernameFormHostCaseAndSecondaryKey() throws Exception {
        DeviceInfo d = newDevice();
        String token = PahoClients.token(HUB, d.identity(), d.secondaryKey(), Duration.ofHours(1));
        for (String user : List.of(HUB.hostName() + "/" + d.deviceId() + "/api-version=2016-11-14",
                HUB.hostName().toUpperCase() + "/" + d.deviceId() + "/?api-version=2020-09-30&DeviceClientType=x%2F1&x=y")) {
            try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
                r.client.connect(PahoClients.options(HUB, user, token));
                assertThat(r.client.isConnected()).isTrue();
                r.client.disconnect();
            }
        }
        assertThat(HUB.connections().totalAccepted(d.deviceId())).isEqualTo(2);
    }

    @Test
    void policyTokenWithSknIsAccepted() throws Exception {
        DeviceInfo d = newDevice();
        AccessPolicy policy = HUB.registry().policy(DeviceRegistry.DEFAULT_DEVICE_POLICY).orElseThrow();
        String token = SasTokens.create(HUB.hostName() + "/devices", policy.primaryKey(), policy.name(),
                Duration.ofHours(1), Clock.systemUTC());
        try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
            r.client.connect(PahoClients.options(HUB, PahoClients.username(HUB, d.identity()), token));
            r.client.publish("devices/" + d.deviceId() + "/messages/events/", utf8("via policy"), 1, false);
        }
        D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
        assertThat(e.systemProperties().get("iothub-connection-auth-method")).contains("\"scope\":\"hub\"");
    }

    @Test
    void badClientIdIsRejected() throws Exception {
        try (PahoClients.Recorder r = PahoClients.tls(HUB, "a/b/c")) {
            assertThatThrownBy(() -> r.client.connect(PahoClients.options(HUB, HUB.hostName() + "/a/b/c/?api-version=1", "x")))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));
        }
    }

    @Test
    void c2dIsDeliveredWithSystemPropertiesAndCompletedByPuback() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            r.client.subscribe("devices/" + d.deviceId() + "/messages/devicebound/#", 2);
            for (int i = 0; i < 3; i++) {
                HUB.sendC2d(d.deviceId(), C2dMessage.builder().body("m" + i).messageId("id-" + i)
                        .correlationId("c " + i).userId("svc").contentType("text/plain").property("empty", "")
                        .property("p", "a&b=c").build());
            }
            for (int i = 0; i < 3; i++) {
                PahoClients.Received m = r.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(m).isNotNull();
                assertThat(m.body()).isEqualTo("m" + i);
                assertThat(m.message().getQos()).isEqualTo(1);
                assertThat(m.topic()).isEqualTo("devices/" + d.deviceId() + "/messages/devicebound/%24.mid=id-" + i
                        + "&%24.to=%2Fdevices%2F" + d.deviceId() + "%2Fmessages%2Fdevicebound&%24.cid=c%20" + i
                        + "&%24.uid=svc&%24.ct=text%2Fplain&p=a%26b%3Dc");
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(HUB.c2dQueue(d.deviceId()).entries())
                    .extracting(C2dEntry::state).containsOnly(C2dState.COMPLETED).hasSize(3));
        }
    }

    @Test
    void unacknowledgedC2dComesBackAfterReconnectWithoutResubscribing() throws Exception {
        DeviceInfo d = newDevice();
        PahoClients.Recorder r = connect(d);
        r.client.setManualAcks(true);
        r.client.subscribe("devices/" + d.deviceId() + "/messages/devicebound/#", 1);
        HUB.sendC2d(d.deviceId(), C2dMessage.builder().body("again").messageId("again-1").build());
        assertThat(r.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        assertThat(HUB.c2dQueue(d.deviceId()).entry("again-1")).get().extracting(C2dEntry::state)
                .isEqualTo(C2dState.INVISIBLE);
        r.client.disconnectForcibly(0, 1000, false);
        r.client.close(true);

        try (PahoClients.Recorder second = PahoClients.tls(HUB, d.deviceId())) {
            IMqttToken token = second.client.connectWithResult(PahoClients.options(HUB, d.identity(), d.primaryKey()));
            assertThat(token.getSessionPresent()).as("session present").isTrue();
            PahoClients.Received m = second.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.body()).isEqualTo("again");
            await().atMost(WAIT).untilAsserted(() -> assertThat(HUB.c2dQueue(d.deviceId()).entry("again-1")).get()
                    .satisfies(e -> {
                        assertThat(e.state()).isEqualTo(C2dState.COMPLETED);
                        assertThat(e.deliveryCount()).isEqualTo(2);
                    }));
        }
    }

    @Test
    void cleanSessionGetsNothingUntilItSubscribes() throws Exception {
        DeviceInfo d = newDevice();
        HUB.sendC2d(d.deviceId(), C2dMessage.of("queued"));
        try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
            MqttConnectOptions o = PahoClients.options(HUB, d.identity(), d.primaryKey());
            o.setCleanSession(true);
            assertThat(r.client.connectWithResult(o).getSessionPresent()).isFalse();
            assertThat(r.messages.poll(300, TimeUnit.MILLISECONDS)).isNull();
            r.client.subscribe("devices/" + d.deviceId() + "/messages/devicebound/#", 1);
            assertThat(r.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(PahoClients.Received::body)
                    .isEqualTo("queued");
        }
    }

    @Test
    void expiredTokenDisconnectsTheDevice() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
            r.client.connect(PahoClients.options(HUB, PahoClients.username(HUB, d.identity()),
                    PahoClients.token(HUB, d.identity(), d.primaryKey(), Duration.ofSeconds(5))));
            assertThat(r.lost.await(500, TimeUnit.MILLISECONDS)).as("still connected while the token is valid").isFalse();
            assertClosedByHub(r);
            await().atMost(WAIT).until(() -> !HUB.connections().isConnected(d.identity()));
        }
    }

    @Test
    void secondConnectionDropsTheFirst() throws Exception {
        DeviceInfo d = newDevice();
        PahoClients.warmUpWebSockets(HUB, newDevice());
        try (PahoClients.Recorder first = connect(d); PahoClients.Recorder second = PahoClients.ws(HUB, d.deviceId())) {
            second.client.connect(PahoClients.options(HUB, d.identity(), d.primaryKey()));
            assertClosedByHub(first);
            assertThat(second.client.isConnected()).isTrue();
            assertThat(HUB.connections().live(d.deviceId())).get().extracting(c -> c.protocol())
                    .isEqualTo(Protocol.MQTT_WS);
            assertThat(HUB.connections().totalAccepted(d.deviceId())).isEqualTo(2);
        }
    }

    @Test
    void moduleUsesModuleTopicsOnly() throws Exception {
        DeviceInfo d = newDevice();
        ModuleInfo m = HUB.addModule(d.deviceId(), "mod-1");
        try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId() + "/mod-1")) {
            r.client.connect(PahoClients.options(HUB, m.identity(), m.primaryKey()));
            r.client.subscribe("devices/" + d.deviceId() + "/modules/mod-1/messages/devicebound/#", 1);
            r.client.publish("devices/" + d.deviceId() + "/modules/mod-1/messages/events/k=v/", utf8("mod"), 1, false);
            D2cEvent e = HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT);
            assertThat(e.moduleId()).isEqualTo("mod-1");
            assertThat(e.applicationProperties()).containsEntry("k", "v");
            HUB.sendC2d(d.deviceId(), "mod-1", C2dMessage.of("to module"));
            PahoClients.Received c2d = r.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(c2d).isNotNull();
            assertThat(c2d.topic()).startsWith("devices/" + d.deviceId() + "/modules/mod-1/messages/devicebound/%24.mid=");
            try {
                r.client.publish("devices/" + d.deviceId() + "/messages/events/", utf8("as device"), 1, false);
            } catch (MqttException expected) {
                // closed
            }
            assertClosedByHub(r);
        }
    }

    @Test
    void oversizeTelemetryClosesTheConnection() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            r.client.publish("devices/" + d.deviceId() + "/messages/events/", new byte[256 * 1024], 1, false);
            assertThat(HUB.events().await(ev -> ev.deviceId().equals(d.deviceId()), WAIT).body()).hasSize(256 * 1024);
            try {
                r.client.publish("devices/" + d.deviceId() + "/messages/events/", new byte[256 * 1024 + 1], 1, false);
            } catch (MqttException expected) {
                // closed
            }
            assertClosedByHub(r);
        }
        assertThat(HUB.events().forDevice(d.deviceId())).hasSize(1);
    }

    @Test
    void faultsRefuseConnectionsAndThrottle() throws Exception {
        DeviceInfo d = newDevice();
        HUB.faults().refuseConnections(Duration.ofSeconds(30));
        try (PahoClients.Recorder r = PahoClients.tls(HUB, d.deviceId())) {
            assertThatThrownBy(() -> r.client.connect(PahoClients.options(HUB, d.identity(), d.primaryKey())))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_BROKER_UNAVAILABLE));
        } finally {
            HUB.faults().reset();
        }
        assertThat(HUB.faults().refusingConnections()).isFalse();
        try (PahoClients.Recorder r = connect(d)) {
            HUB.faults().throttle(Duration.ofSeconds(30));
            try {
                r.client.publish("devices/" + d.deviceId() + "/messages/events/", utf8("throttled"), 1, false);
            } catch (MqttException expected) {
                // MQTT has no 429: the hub closes
            }
            assertClosedByHub(r);
        } finally {
            HUB.faults().reset();
        }
        assertThat(HUB.events().forDevice(d.deviceId())).isEmpty();
    }

    @Test
    void disablingADeviceDisconnectsIt() throws Exception {
        DeviceInfo d = newDevice();
        try (PahoClients.Recorder r = connect(d)) {
            HUB.registry().setEnabled(d.deviceId(), false);
            assertClosedByHub(r);
        }
    }

    @Test
    void expireSessionAndDropConnectionFaultsDisconnect() throws Exception {
        DeviceInfo d = newDevice();
        ModuleInfo m = HUB.addModule(d.deviceId(), "mod-x");
        try (PahoClients.Recorder device = connect(d);
             PahoClients.Recorder module = PahoClients.tls(HUB, d.deviceId() + "/mod-x")) {
            module.client.connect(PahoClients.options(HUB, m.identity(), m.primaryKey()));
            assertThat(HUB.faults().expireSession(d.deviceId())).isTrue();
            assertClosedByHub(device);
            assertThat(module.client.isConnected()).as("the module keeps its own connection").isTrue();
            assertThat(HUB.faults().dropConnection(d.deviceId(), "mod-x")).isTrue();
            assertClosedByHub(module);
        }
        await().atMost(WAIT).until(() -> HUB.connections().live().stream()
                .noneMatch(c -> c.deviceId().equals(d.deviceId())));
        assertThat(HUB.faults().dropConnection(d.deviceId())).isFalse();
    }
}
