package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.MultiplexingClient;
import com.microsoft.azure.sdk.iot.device.MultiplexingClientOptions;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.ConnectionInfo;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.ModuleInfo;
import io.cameliothub.emulator.core.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Azure IoT device SDK for Java (iot-device-client 2.5.0), unchanged, against the emulator's AMQP head
 * over AMQPS (port 5671) and AMQPS_WS (port 443): SASL ANONYMOUS plus CBS put-token, telemetry, C2D outcomes, CBS
 * renewal inside the open connection, modules and the SDK's MultiplexingClient. The SDK dials hub.iothub.test on the
 * fixed ports 5671 and 443 (hub.iothub.test maps to 127.0.0.1 in the test hosts file); when those stay busy for 90 s,
 * its tests are skipped with the reason.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SdkAmqpConformanceTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").amqpPort(IotHubEmulator.DEFAULT_AMQP_PORT)
            .httpsPort(IotHubEmulator.DEFAULT_HTTPS_PORT).waitForPorts(Duration.ofSeconds(90)).skipWhenPortsBusy().build();

    private final SdkClients clients = new SdkClients(HUB);

    enum Transport {
        AMQPS(IotHubClientProtocol.AMQPS, Protocol.AMQPS), AMQPS_WS(IotHubClientProtocol.AMQPS_WS, Protocol.AMQPS_WS);

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
        return HUB.addDevice("sdk-amqp-" + IDS.incrementAndGet());
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
        props.put("unicodé-ключ", "ünïcödé ✓ 日本");
        D2cEvent event = SdkRoundTrips.sendTelemetry(HUB, client(device.connectionString(), t), device,
                t.hub, props, WAIT);
        assertThat(event.applicationProperties()).containsAllEntriesOf(props);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void receivesC2dWithPropertiesAndCompletesIt(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        SdkRoundTrips.receiveAndComplete(HUB, client(device.connectionString(), t), device, "c2d-" + t,
                WAIT);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void abandonRedeliversAndRejectDeadLetters(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        AtomicInteger deliveries = new AtomicInteger();
        DeviceClient client = client(device.connectionString(), t);
        client.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            // abandoned once, then rejected: the hub redelivers in between
            return deliveries.incrementAndGet() == 1 ? IotHubMessageResult.ABANDON : IotHubMessageResult.REJECT;
        }, null);
        client.open(false);

        String id = HUB.sendC2d(device.deviceId(), C2dMessage.of("try twice"));

        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("try twice");
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("redelivered after abandon").isEqualTo("try twice");
        await().atMost(WAIT).untilAsserted(() -> {
            C2dEntry e = HUB.c2dQueue(device.deviceId()).entry(id).orElseThrow();
            assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
            assertThat(e.deliveryCount()).isEqualTo(2);
            assertThat(e.deadLetterReason()).isEqualTo("Rejected");
        });
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("no delivery after reject").isNull();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void shortSasTtlIsRenewedThroughCbsWithoutReconnecting(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        ClientOptions shortTtl = ClientOptions.builder().sslContext(HUB.sslContext()).sasTokenExpiryTime(3).build();
        DeviceClient client = clients.device(device.connectionString(), t.sdk, shortTtl);
        client.open(false);

        int count = 20;
        for (int i = 0; i < count; i++) {
            Message m = new Message("n" + i);
            m.setMessageId(t + "-ttl-" + i);
            client.sendEventAsync(m, (sent, e, ctx) -> { }, null);
            Thread.sleep(400);
        }
        List<D2cEvent> events = HUB.events().awaitCount(device.deviceId(), count, WAIT);
        assertThat(events).extracting(D2cEvent::messageId)
                .containsAll(IntStream.range(0, count).mapToObj(i -> t + "-ttl-" + i).toList());
        assertThat(HUB.connections().totalAccepted(device.deviceId())).as("no reconnect").isEqualTo(1);
        assertThat(HUB.hub().amqp().putTokens(device.identity())).as("renewed by CBS put-token").isGreaterThanOrEqualTo(2);
        assertThat(HUB.connections().isConnected(device.identity())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void moduleClientSendsAndReceivesAsTheModule(Transport t) throws Exception {
        DeviceInfo device = newDevice();
        ModuleInfo module = HUB.addModule(device.deviceId(), "module-a");
        ModuleClient client = clients.module(module.connectionString(), t.sdk);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
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
        assertThat(event.applicationProperties()).containsEntry("p", "1");
        assertThat(event.systemProperties()).containsEntry("iothub-connection-module-id", "module-a");
        HUB.sendC2d(device.deviceId(), "module-a", C2dMessage.of("to module"));
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("to module");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void multiplexingClientCarriesFiftyDevicesOverOneConnection(Transport t) throws Exception {
        int count = 50;
        MultiplexingClient mux = new MultiplexingClient("hub.iothub.test", t.sdk,
                MultiplexingClientOptions.builder().sslContext(HUB.sslContext()).build());
        clients.onClose(mux::close);
        List<DeviceInfo> devices = IntStream.range(0, count).mapToObj(i -> newDevice()).toList();
        List<DeviceClient> clients = devices.stream()
                .map(d -> new DeviceClient(d.connectionString(), t.sdk, options())).toList();
        mux.registerDeviceClients(clients);
        mux.open(false);

        for (DeviceClient c : clients) {
            c.sendEventAsync(new Message("hello"), (sent, e, ctx) -> { }, null);
        }
        for (DeviceInfo d : devices) {
            HUB.events().await(e -> e.deviceId().equals(d.deviceId()), WAIT);
        }
        Set<String> peers = devices.stream()
                .map(d -> HUB.connections().live(d.deviceId()).map(ConnectionInfo::remoteAddress).orElse("none"))
                .collect(Collectors.toSet());
        assertThat(peers).as("all devices on one connection").hasSize(1).doesNotContain("none");
        assertThat(HUB.hub().amqp().devicesPerConnection()).contains(count);
    }
}
