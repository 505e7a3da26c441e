package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.AckMode;
import io.cameliothub.emulator.core.C2dEntry;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.DeviceRegistry;
import io.cameliothub.emulator.core.FeedbackRecord;
import io.cameliothub.emulator.core.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Azure IoT device SDK for Java (iot-device-client 2.5.0), unchanged, against the emulator's device REST
 * API over HTTPS: single and batch sends with properties, and C2D receive with complete, abandon and reject (the SDK's
 * ModuleClient refuses HTTPS, so module paths are covered by DeviceRestApiTest). The SDK dials hub.iothub.test:443
 * (mapped to 127.0.0.1 by the test hosts file); only 443 is bound (MQTT takes a free port), and when 443 cannot be
 * bound the class is skipped.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdkHttpsConformanceTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").httpsPort(IotHubEmulator.DEFAULT_HTTPS_PORT).skipWhenPortsBusy().build();

    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static DeviceInfo newDevice() {
        return HUB.addDevice("sdk-https-" + IDS.incrementAndGet());
    }

    private DeviceClient client(String connectionString) {
        // the SDK polls for C2D every receiveInterval; 100 ms keeps the tests short
        ClientOptions options = ClientOptions.builder().sslContext(HUB.sslContext()).receiveInterval(100).build();
        DeviceClient c = new DeviceClient(connectionString, IotHubClientProtocol.HTTPS, options);
        clients.add(c::close);
        return c;
    }

    @Test
    void sendsASingleEventWithSystemAndApplicationProperties() throws Exception {
        DeviceInfo device = newDevice();
        DeviceClient client = client(device.connectionString());
        client.open(false);

        Message message = new Message("{\"temp\":21.5}".getBytes(StandardCharsets.UTF_8));
        message.setMessageId("msg-1");
        message.setCorrelationId("corr-1");
        message.setContentType("application/json");
        message.setContentEncoding("utf-8");
        message.setProperty("color", "red");
        message.setProperty("count", "42");
        client.sendEvent(message);

        D2cEvent event = HUB.events().await(e -> e.deviceId().equals(device.deviceId()), WAIT);
        assertThat(event.protocol()).isEqualTo(Protocol.HTTPS);
        assertThat(event.bodyAsString()).isEqualTo("{\"temp\":21.5}");
        assertThat(event.messageId()).isEqualTo("msg-1");
        assertThat(event.correlationId()).isEqualTo("corr-1");
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(event.contentEncoding()).isEqualTo("utf-8");
        assertThat(event.applicationProperties()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("color", "red", "count", "42"));
        assertThat(event.systemProperties())
                .containsEntry("iothub-connection-device-id", device.deviceId())
                .containsEntry("iothub-connection-auth-method", "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\"}")
                .containsKey("iothub-enqueuedtime");
        assertThat(HUB.connections().live(device.deviceId())).as("HTTPS holds no connection").isEmpty();
    }

    @Test
    void sendsABatchWithPropertiesPerMessage() throws Exception {
        DeviceInfo device = newDevice();
        DeviceClient client = client(device.connectionString());
        client.open(false);

        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = new Message(new byte[] {(byte) i, (byte) 0xff, 0x00, 'x'});
            m.setMessageId("batch-" + i);
            m.setCorrelationId("corr-" + i);
            m.setProperty("index", Integer.toString(i));
            batch.add(m);
        }
        client.sendEvents(batch);

        List<D2cEvent> events = HUB.events().awaitCount(device.deviceId(), 3, WAIT);
        assertThat(events).extracting(D2cEvent::messageId).containsExactly("batch-0", "batch-1", "batch-2");
        for (int i = 0; i < 3; i++) {
            D2cEvent e = events.get(i);
            assertThat(e.body()).containsExactly((byte) i, (byte) 0xff, 0x00, 'x');
            assertThat(e.correlationId()).isEqualTo("corr-" + i);
            assertThat(e.applicationProperties()).containsEntry("index", Integer.toString(i));
            assertThat(e.protocol()).isEqualTo(Protocol.HTTPS);
        }
    }

    @Test
    void receivesAndCompletes() throws Exception {
        DeviceInfo device = newDevice();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        DeviceClient client = client(device.connectionString());
        client.setMessageCallback((m, ctx) -> {
            received.add(m);
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(false);

        String id = HUB.sendC2d(device.deviceId(), C2dMessage.builder().body("switch on").messageId("c2d-1")
                .correlationId("corr-7").property("k", "v").ack(AckMode.FULL).build());

        Message m = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(m).as("C2D message delivered").isNotNull();
        assertThat(new String(m.getBytes(), StandardCharsets.UTF_8)).isEqualTo("switch on");
        assertThat(m.getMessageId()).isEqualTo("c2d-1");
        assertThat(m.getCorrelationId()).isEqualTo("corr-7");
        assertThat(m.getProperty("k")).isEqualTo("v");
        await().atMost(WAIT).untilAsserted(() -> assertThat(HUB.c2dQueue(device.deviceId()).entry(id)).get()
                .extracting(C2dEntry::state).isEqualTo(C2dState.COMPLETED));
        assertThat(HUB.feedback().await(f -> f.originalMessageId().equals(id), WAIT).status())
                .isEqualTo(FeedbackRecord.Status.SUCCESS);
        assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("no redelivery after completion").isNull();
    }

    @Test
    void abandonRedeliversThenRejectDeadLetters() throws Exception {
        DeviceInfo device = newDevice();
        List<Integer> deliveries = new ArrayList<>();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        DeviceClient client = client(device.connectionString());
        client.setMessageCallback((m, ctx) -> {
            synchronized (deliveries) {
                deliveries.add(deliveries.size() + 1);
                seen.add(new String(m.getBytes(), StandardCharsets.UTF_8));
                return deliveries.size() == 1 ? IotHubMessageResult.ABANDON : IotHubMessageResult.REJECT;
            }
        }, null);
        client.open(false);

        String id = HUB.sendC2d(device.deviceId(), C2dMessage.builder().body("flaky").ack(AckMode.NEGATIVE).build());

        assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("first delivery (abandoned)").isEqualTo("flaky");
        assertThat(seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("redelivery after abandon (rejected)")
                .isEqualTo("flaky");
        await().atMost(WAIT).untilAsserted(() -> assertThat(HUB.c2dQueue(device.deviceId()).entry(id)).get()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(C2dState.DEAD_LETTERED);
                    assertThat(e.deadLetterReason()).isEqualTo("Rejected");
                    assertThat(e.deliveryCount()).isEqualTo(2);
                }));
        assertThat(HUB.feedback().await(f -> f.originalMessageId().equals(id), WAIT).status())
                .isEqualTo(FeedbackRecord.Status.REJECTED);
        assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).as("no delivery after reject").isNull();
    }

    @Test
    void aWrongKeyIsRefused() {
        DeviceInfo device = newDevice();
        String wrong = "HostName=hub.iothub.test;DeviceId=" + device.deviceId() + ";SharedAccessKey="
                + DeviceRegistry.generateKey();
        DeviceClient client = client(wrong);
        assertThatThrownBy(() -> {
            client.open(false);
            client.sendEvent(new Message("refused"));
        }).isInstanceOf(IotHubClientException.class);
        assertThat(HUB.events().forDevice(device.deviceId())).isEmpty();
    }
}
