package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.transport.NoRetry;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.FeedbackRecord;
import io.cameliothub.emulator.core.Identity;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.core.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Azure IoT device SDK for Java (iot-device-client 2.5.0), unchanged, against the emulator over MQTT
 * and MQTT_WS. The SDK dials hub.iothub.test on the fixed ports 8883 and 443 (mapped to 127.0.0.1 by the test hosts
 * file); when those stay busy for 90 s (another test run on the machine) or cannot be bound, the tests are skipped
 * with the reason.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdkConformanceTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").standardPorts().waitForPorts(Duration.ofSeconds(90)).skipWhenPortsBusy().build();

    private final SdkClients clients = new SdkClients(HUB);

    enum Transport {
        MQTT(IotHubClientProtocol.MQTT, Protocol.MQTT), MQTT_WS(IotHubClientProtocol.MQTT_WS, Protocol.MQTT_WS);

        final IotHubClientProtocol sdk;
        final Protocol hub;

        Transport(IotHubClientProtocol sdk, Protocol hub) {
            this.sdk = sdk;
            this.hub = hub;
        }
    }

    @AfterEach
    void closeClients() {
        clients.closeAll();
    }

    private static DeviceInfo newDevice() {
        return HUB.addDevice("sdk-device-" + IDS.incrementAndGet());
    }

    private ClientOptions options() {
        return clients.options();
    }

    private DeviceClient client(String connectionString, Transport t) {
        return clients.device(connectionString, t.sdk);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sendsTelemetryWithSystemAndApplicationProperties(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("a b", "c&d");
        props.put("x/y", "1=2");
        props.put("percent%", "100% sure");
        props.put("eq=&amp", "a=b&c=d/e");
        props.put("unicodé-ключ", "ünïcödé ✓ 日本");
        D2cEvent event = SdkRoundTrips.sendTelemetry(HUB, client(device.connectionString(), t), device,
                t.hub, props, WAIT);
        assertThat(event.applicationProperties()).containsExactlyInAnyOrderEntriesOf(props);
        assertThat(event.moduleId()).isNull();
        assertThat(event.systemProperties()).doesNotContainKey("iothub-connection-module-id");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void receivesC2dWithPropertiesAndCompletesIt(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        SdkRoundTrips.Received received = SdkRoundTrips.receiveAndComplete(HUB,
                client(device.connectionString(), t), device, "c2d-" + t, WAIT);
        assertThat(received.message().getContentType()).isEqualTo("text/plain");
        assertThat(received.message().getContentEncoding()).isEqualTo("utf-8");
        String id = received.id();
        FeedbackRecord feedback = HUB.feedback().await(f -> f.originalMessageId().equals(id), WAIT);
        assertThat(feedback.status()).isEqualTo(FeedbackRecord.Status.SUCCESS);
        assertThat(feedback.deviceId()).isEqualTo(device.deviceId());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void moduleClientSendsOnModuleTopic(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        ModuleInfo module = HUB.addModule(device.deviceId(), "module-a");
        ModuleClient client = clients.module(module.connectionString(), t.sdk);
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((m, ctx) -> {
            received.add(m);
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(false);
        assertThat(HUB.connections().live(module.identity())).get()
                .satisfies(c -> assertThat(c.moduleId()).isEqualTo("module-a"));

        Message message = new Message("from module");
        message.setProperty("p", "1");
        client.sendEvent(message);

        D2cEvent event = HUB.events().await(e -> e.deviceId().equals(device.deviceId()), WAIT);
        assertThat(event.moduleId()).isEqualTo("module-a");
        assertThat(event.bodyAsString()).isEqualTo("from module");
        assertThat(event.applicationProperties()).containsEntry("p", "1");
        assertThat(event.systemProperties()).containsEntry("iothub-connection-module-id", "module-a")
                .containsEntry("iothub-connection-device-id", device.deviceId());

        String id = HUB.sendC2d(device.deviceId(), "module-a", C2dMessage.builder().body("to module")
                .property("q", "r").build());
        Message c2d = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(c2d).as("C2D on the module's devicebound topic").isNotNull();
        assertThat(c2d.getMessageId()).isEqualTo(id);
        assertThat(c2d.getProperty("q")).isEqualTo("r");
        await().atMost(WAIT).until(() -> HUB.hub().c2dQueue(device.deviceId(), "module-a").pendingCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void wrongKeyIsRefused(Transport t) {
        DeviceInfo device = newDevice();
        String wrong = "HostName=hub.iothub.test;DeviceId=" + device.deviceId()
                + ";SharedAccessKey=" + io.cameliothub.emulator.core.DeviceRegistry.generateKey();
        DeviceClient client = client(wrong, t);
        assertThatThrownBy(() -> client.open(false)).isInstanceOf(IotHubClientException.class);
        assertThat(HUB.connections().totalAccepted(device.deviceId())).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void disabledDeviceIsRefused(Transport t) {
        DeviceInfo device = newDevice();
        HUB.registry().setEnabled(device.deviceId(), false);
        DeviceClient client = client(device.connectionString(), t);
        assertThatThrownBy(() -> client.open(false)).isInstanceOf(IotHubClientException.class);
        assertThat(HUB.connections().totalAccepted(device.deviceId())).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shortSasTtlReconnectsWithFreshTokenAndLosesNothing(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        ClientOptions shortTtl = ClientOptions.builder().sslContext(HUB.sslContext()).sasTokenExpiryTime(3).build();
        List<IotHubConnectionStatus> statuses = new CopyOnWriteArrayList<>();
        DeviceClient client = clients.device(device.connectionString(), t.sdk, shortTtl);
        client.setConnectionStatusChangeCallback(ctx -> statuses.add(ctx.getNewStatus()), null);
        client.open(true);

        int count = 20;
        for (int i = 0; i < count; i++) {
            Message m = new Message("n" + i);
            m.setMessageId(t + "-ttl-" + i);
            client.sendEventAsync(m, (sent, e, ctx) -> { }, null);
            Thread.sleep(400);
        }
        List<D2cEvent> events = HUB.events().awaitCount(device.deviceId(), count, Duration.ofSeconds(40));
        assertThat(events).extracting(D2cEvent::messageId).containsAll(
                java.util.stream.IntStream.range(0, count).mapToObj(i -> t + "-ttl-" + i).toList());
        assertThat(HUB.connections().totalAccepted(device.deviceId())).as("reconnected with new tokens")
                .isGreaterThanOrEqualTo(2);
        await().atMost(WAIT).until(() -> HUB.connections().isConnected(device.identity()));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void c2dSentWhileOfflineArrivesAfterReconnect(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        DeviceClient first = client(device.connectionString(), t);
        first.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        first.open(false);
        first.close();
        await().atMost(WAIT).until(() -> !HUB.connections().isConnected(device.identity()));

        HUB.sendC2d(device.deviceId(), C2dMessage.of("while offline"));
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();

        DeviceClient second = client(device.connectionString(), t);
        second.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        second.open(false);
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("while offline");
        await().atMost(WAIT).until(() -> HUB.c2dQueue(device.deviceId()).pendingCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void c2dSentDuringConnectionLossArrivesAfterSdkReconnects(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        DeviceClient client = client(device.connectionString(), t);
        client.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(true);
        HUB.faults().dropConnection(device.deviceId());
        HUB.sendC2d(device.deviceId(), C2dMessage.of("during outage"));
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("during outage");
        assertThat(HUB.connections().totalAccepted(device.deviceId())).isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void secondConnectionDropsTheFirst(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        BlockingQueue<IotHubConnectionStatus> firstStatus = new LinkedBlockingQueue<>();
        DeviceClient first = client(device.connectionString(), t);
        first.setRetryPolicy(new NoRetry());
        first.setConnectionStatusChangeCallback(ctx -> firstStatus.add(ctx.getNewStatus()), null);
        first.open(false);
        assertThat(firstStatus.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(IotHubConnectionStatus.CONNECTED);

        DeviceClient second = client(device.connectionString(), t);
        second.open(false);

        IotHubConnectionStatus next = firstStatus.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).isIn(IotHubConnectionStatus.DISCONNECTED, IotHubConnectionStatus.DISCONNECTED_RETRYING);
        assertThat(HUB.connections().totalAccepted(device.deviceId())).isEqualTo(2);
        second.sendEvent(new Message("from second"));
        assertThat(HUB.events().await(e -> e.deviceId().equals(device.deviceId()), WAIT).bodyAsString())
                .isEqualTo("from second");
        assertThat(HUB.connections().live(Identity.device(device.deviceId()))).isPresent();
    }
}
