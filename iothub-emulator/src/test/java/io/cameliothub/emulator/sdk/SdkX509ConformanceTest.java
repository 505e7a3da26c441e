package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.NoRetry;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.D2cEvent;
import io.cameliothub.emulator.core.Protocol;
import io.cameliothub.emulator.core.SystemProperties;
import io.cameliothub.emulator.tls.CertificateAuthority;
import io.cameliothub.emulator.tls.ClientCertificate;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Azure IoT device SDK for Java (iot-device-client 2.5.0), unchanged, with X.509 client certificates
 * ({@code x509=true} connection strings, the key in {@link ClientOptions#getSslContext()}) against the emulator over
 * MQTT, MQTT_WS, AMQPS and HTTPS (the SDK has no X.509 over AMQPS_WS), and a ModuleClient with its own certificate
 * over MQTT and AMQPS. Fixed ports 8883, 5671 and 443: run in a
 * private network namespace; skipped when the ports stay busy.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdkX509ConformanceTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String X509_STAMP = "{\"scope\":\"device\",\"type\":\"x509Certificate\",\"issuer\":\"iothub\"}";

    @RegisterExtension
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").standardPorts().waitForPorts(Duration.ofSeconds(90)).skipWhenPortsBusy().build();

    private final List<AutoCloseable> clients = new ArrayList<>();

    enum Transport {
        MQTT(IotHubClientProtocol.MQTT, Protocol.MQTT), MQTT_WS(IotHubClientProtocol.MQTT_WS, Protocol.MQTT_WS),
        AMQPS(IotHubClientProtocol.AMQPS, Protocol.AMQPS), HTTPS(IotHubClientProtocol.HTTPS, Protocol.HTTPS);

        final IotHubClientProtocol sdk;
        final Protocol hub;

        Transport(IotHubClientProtocol sdk, Protocol hub) {
            this.sdk = sdk;
            this.hub = hub;
        }
    }

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

    private DeviceClient client(String deviceId, ClientCertificate cert, Transport t) {
        ClientOptions options = ClientOptions.builder().sslContext(cert.sslContext(HUB.tls())).receiveInterval(100)
                .build();
        DeviceClient c = new DeviceClient("HostName=" + HUB.hostName() + ";DeviceId=" + deviceId + ";x509=true", t.sdk,
                options);
        c.setRetryPolicy(new NoRetry());
        clients.add(c::close);
        return c;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void selfSignedDeviceSendsAndReceives(Transport t) throws Exception {
        String id = "x509-" + t + "-" + IDS.incrementAndGet();
        ClientCertificate cert = HUB.addX509Device(id);
        roundTrip(client(id, cert, t), id, t);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"MQTT", "AMQPS", "HTTPS"})
    void caSignedDeviceSendsAndReceives(Transport t) throws Exception {
        String id = "ca-" + t + "-" + IDS.incrementAndGet();
        ClientCertificate cert = HUB.addCaDevice(id);
        roundTrip(client(id, cert, t), id, t);
    }

    private static void roundTrip(DeviceClient client, String id, Transport t) throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(false);
        client.sendEvent(new Message("hello over " + t));
        D2cEvent event = HUB.events().await(e -> e.deviceId().equals(id), WAIT);
        assertThat(event.bodyAsString()).isEqualTo("hello over " + t);
        assertThat(event.protocol()).isEqualTo(t.hub);
        assertThat(event.systemProperties()).containsEntry(SystemProperties.CONNECTION_AUTH_METHOD, X509_STAMP);

        HUB.sendC2d(id, C2dMessage.of("reply to " + id));
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("reply to " + id);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"MQTT", "AMQPS"})
    void selfSignedModuleSendsAndReceivesAsTheModule(Transport t) throws Exception {
        String deviceId = "x509-host-" + t + "-" + IDS.incrementAndGet();
        HUB.addDevice(deviceId);
        ClientCertificate cert = HUB.hub().addX509Module(deviceId, "m1");
        ModuleClient client = new ModuleClient("HostName=" + HUB.hostName() + ";DeviceId=" + deviceId
                + ";ModuleId=m1;x509=true", t.sdk, ClientOptions.builder().sslContext(cert.sslContext(HUB.tls())).build());
        client.setRetryPolicy(new NoRetry());
        clients.add(client::close);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((m, ctx) -> {
            received.add(new String(m.getBytes(), StandardCharsets.UTF_8));
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(false);
        client.sendEvent(new Message("from an X.509 module over " + t));
        D2cEvent event = HUB.events().await(e -> e.deviceId().equals(deviceId), WAIT);
        assertThat(event.moduleId()).isEqualTo("m1");
        assertThat(event.bodyAsString()).isEqualTo("from an X.509 module over " + t);
        assertThat(event.systemProperties()).containsEntry("iothub-connection-module-id", "m1")
                .hasEntrySatisfying(SystemProperties.CONNECTION_AUTH_METHOD, v -> assertThat(v).contains("x509Certificate"));

        HUB.sendC2d(deviceId, "m1", C2dMessage.of("to the X.509 module"));
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("to the X.509 module");

        ModuleClient other = new ModuleClient("HostName=" + HUB.hostName() + ";DeviceId=" + deviceId
                + ";ModuleId=m1;x509=true", t.sdk, ClientOptions.builder()
                .sslContext(CertificateAuthority.selfSigned("m1").sslContext(HUB.tls())).build());
        other.setRetryPolicy(new NoRetry());
        clients.add(other::close);
        assertThatThrownBy(() -> other.open(false)).as("another certificate with the same CN")
                .isInstanceOf(IotHubClientException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"MQTT", "AMQPS"})
    void aCertificateWithAnotherThumbprintIsRefused(Transport t) {
        String id = "wrong-thumb-" + t + "-" + IDS.incrementAndGet();
        HUB.addX509Device(id);
        DeviceClient client = client(id, CertificateAuthority.selfSigned(id), t);
        assertThatThrownBy(() -> client.open(false)).isInstanceOf(IotHubClientException.class);
        assertThat(HUB.connections().live(id)).isEmpty();
    }

    @Test
    void aCertificateFromAnUnverifiedCaIsRefused() {
        String id = "untrusted-" + IDS.incrementAndGet();
        HUB.addCaDevice(id);
        ClientCertificate foreign = CertificateAuthority.generate("someone else's CA").issue(id);
        DeviceClient client = client(id, foreign, Transport.MQTT);
        assertThatThrownBy(() -> client.open(false)).isInstanceOf(IotHubClientException.class);
    }

    @Test
    void aSasDeviceCannotAuthenticateWithACertificate() throws Exception {
        String id = "sas-only-" + IDS.incrementAndGet();
        HUB.addDevice(id);
        DeviceClient client = client(id, CertificateAuthority.selfSigned(id), Transport.HTTPS);
        client.open(false); // HTTPS opens without a request
        assertThatThrownBy(() -> client.sendEvent(new Message("x"))).isInstanceOf(IotHubClientException.class);
        assertThat(HUB.events().all()).noneMatch(e -> e.deviceId().equals(id));
    }
}
