package io.cameliothub.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import io.cameliothub.emulator.IotHubEmulatorExtension;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.ModuleInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both official SDKs at once: the service SDK (iot-service-client 2.1.9) drives twins and direct methods over the
 * emulator's REST API on port 443, the device SDK (iot-device-client 2.5.0, MQTT on 8883) answers. The service SDK's
 * REST client uses the JVM's default TLS socket factory, so the hub's trust is installed for this class.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SdkServiceTwinMethodsTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    @Order(1)
    static final IotHubEmulatorExtension HUB = IotHubEmulatorExtension.builder()
            .hostName("hub.iothub.test").standardPorts().waitForPorts(Duration.ofSeconds(90)).skipWhenPortsBusy().build();

    @RegisterExtension
    @Order(2)
    static final ServiceSdkTrust TRUST = new ServiceSdkTrust(HUB);

    private final SdkClients closers = new SdkClients(HUB);

    @AfterEach
    void closeClients() {
        closers.closeAll();
    }

    private DeviceClient openDevice(DeviceInfo device) throws Exception {
        DeviceClient c = new DeviceClient(device.connectionString(), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(HUB.sslContext()).build());
        closers.onClose(c::close);
        c.open(true);
        return c;
    }

    @Test
    void twinClientReadsReportedAndPatchesDesiredWhichTheDeviceReceives() throws Exception {
        DeviceInfo device = HUB.addDevice("svc-twin-" + IDS.incrementAndGet());
        DeviceClient client = openDevice(device);
        BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> desired = new LinkedBlockingQueue<>();
        client.subscribeToDesiredProperties((twin, ctx) -> desired.add(twin), null);
        TwinCollection reported = new TwinCollection();
        reported.put("temperature", 21);
        assertThat(SdkTwinCalls.updateReported(client, reported)).isEqualTo(2);

        TwinClient twins = new TwinClient(HUB.hub().serviceConnectionString());
        Twin twin = twins.get(device.deviceId());
        assertThat(twin.getDeviceId()).isEqualTo(device.deviceId());
        assertThat(((Number) twin.getReportedProperties().get("temperature")).intValue()).isEqualTo(21);
        assertThat(twin.getReportedProperties().getVersion()).isEqualTo(2);
        assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(1);
        assertThat(twin.getConnectionState()).isEqualToIgnoringCase("Connected");
        String etag = twin.getETag();

        twin.getDesiredProperties().put("interval", 10);
        twin.getTags().put("floor", "3");
        Twin patched = twins.patch(twin);
        assertThat(patched.getDesiredProperties().getVersion()).isEqualTo(2);
        assertThat(patched.getTags().get("floor")).isEqualTo("3");
        com.microsoft.azure.sdk.iot.device.twin.Twin update = desired.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(update).isNotNull();
        assertThat(((Number) update.getDesiredProperties().get("interval")).intValue()).isEqualTo(10);

        Twin stale = new Twin(device.deviceId());
        stale.getDesiredProperties().put("interval", 99);
        assertThatThrownBy(() -> twins.patch(stale, etag)).isInstanceOf(IotHubPreconditionFailedException.class);
        assertThat(HUB.twin(device.deviceId()).desired().getInteger("interval")).isEqualTo(10);

        Twin replacement = new Twin(device.deviceId());
        replacement.getDesiredProperties().put("mode", "eco");
        Twin replaced = twins.replace(replacement);
        assertThat(replaced.getDesiredProperties()).containsOnlyKeys("mode");
        assertThat(replaced.getTags()).isEmpty();
        assertThatThrownBy(() -> twins.get("no-such-device")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void directMethodsClientInvokesDeviceAndModuleAndReportsOfflineAndSlowDevices() throws Exception {
        DeviceInfo device = HUB.addDevice("svc-method-" + IDS.incrementAndGet());
        ModuleInfo module = HUB.addModule(device.deviceId(), "m1");
        DirectMethodsClient methods = new DirectMethodsClient(HUB.hub().serviceConnectionString());

        // the SDK's defaults wait 200 s for the device to connect, longer than its own HTTP read timeout
        DirectMethodRequestOptions online = DirectMethodRequestOptions.builder().methodConnectTimeoutSeconds(0)
                .methodResponseTimeoutSeconds(10).build();
        assertThatThrownBy(() -> methods.invoke(device.deviceId(), "reboot", online))
                .isInstanceOfSatisfying(IotHubNotFoundException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(404103));

        DeviceClient client = openDevice(device);
        client.subscribeToMethods((name, payload, ctx) -> {
            if (name.equals("slow")) {
                sleep(7_000);
            }
            return new com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse(200, Map.of("echo", payload.getPayloadAsJsonString()));
        }, null);
        DirectMethodResponse r = methods.invoke(device.deviceId(), "reboot",
                DirectMethodRequestOptions.builder().payload(Map.of("delay", 5)).build());
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getPayloadAsJsonString()).contains("echo").contains("delay");

        ModuleClient moduleClient = new ModuleClient(module.connectionString(), IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(HUB.sslContext()).build());
        closers.onClose(moduleClient::close);
        moduleClient.open(true);
        moduleClient.subscribeToMethods((name, payload, ctx) ->
                new com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse(202, "module " + name), null);
        DirectMethodResponse m = methods.invoke(device.deviceId(), "m1", "ping");
        assertThat(m.getStatus()).isEqualTo(202);
        assertThat(m.getPayload(String.class)).isEqualTo("module ping");

        long start = System.nanoTime();
        assertThatThrownBy(() -> methods.invoke(device.deviceId(), "slow",
                DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(5).build()))
                .isInstanceOf(IotHubGatewayTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(7));
        assertThatThrownBy(() -> methods.invoke(device.deviceId(), "x",
                DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(1).build()))
                .isInstanceOfSatisfying(IotHubException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
