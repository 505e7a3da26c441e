package io.cameliothub.examples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.apache.camel.main.Main;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the IoT Hub emulator on loopback, registers a device, and runs a Camel Main application as that device:
 * telemetry goes to the hub over MQTT, a command sent from the hub's side arrives in a consumer route.
 */
public final class DemoApplication {

    private static final Logger LOG = LoggerFactory.getLogger("demo");

    private DemoApplication() {
    }

    public static void main(String[] args) throws Exception {
        Path trustStore = Files.createTempFile("iothub-demo-trust", ".p12");
        ScheduledExecutorService cloud = Executors.newSingleThreadScheduledExecutor();
        try (IotHubEmulator hub = IotHubEmulator.builder().hostName("localhost").mqttPort(0).amqpPort(0).httpsPort(0).start()) {
            hub.tls().writeTrustStore(trustStore);
            DeviceInfo device = hub.registry().addDevice("demo-device");
            LOG.info("[hub] emulator up: MQTT on localhost:{}, device {} registered", hub.mqttPort(), device.deviceId());
            hub.events().listen(event -> LOG.info("[hub] received telemetry from {}: {} {}", event.deviceId(),
                    event.bodyAsString(), event.applicationProperties()));

            Main main = new Main();
            main.bind("hubTls", trust(trustStore));
            main.addInitialProperty("camel.component.iothub.sslContextParameters", "#hubTls");
            main.addInitialProperty("hub.mqttPort", String.valueOf(hub.mqttPort()));
            main.addInitialProperty("device.connectionString", device.connectionString());
            main.configure().addRoutesBuilder(new DemoRoutes());
            main.configure().setDurationMaxSeconds(7);

            cloud.schedule(() -> {
                LOG.info("[hub] sending a command to {}", device.deviceId());
                hub.sendC2d(device.deviceId(), C2dMessage.builder().body("open the vents").messageId("cmd-1")
                        .property("mode", "auto").build());
            }, 3, TimeUnit.SECONDS);
            cloud.schedule(() -> {
                LOG.info("[hub] calling method reboot on {}", device.deviceId());
                hub.invokeMethod(device.deviceId(), "reboot", "{\"delay\": 5}").whenComplete((answer, error) ->
                        LOG.info("[hub] reboot answered {}", error == null ? answer.status() + " " + answer.payloadJson()
                                : "with an error: " + error.getMessage()));
            }, 4, TimeUnit.SECONDS);

            main.run();
            LOG.info("[hub] {} telemetry messages accepted; command queue: {}", hub.events().forDevice(device.deviceId()).size(),
                    hub.c2dQueue(device.deviceId()).entries().stream().map(e -> e.messageId() + "=" + e.state()).toList());
            LOG.info("[hub] the device's reported properties: {}", hub.twin(device.deviceId()).reported());
        } finally {
            cloud.shutdownNow();
            Files.deleteIfExists(trustStore);
        }
    }

    private static SSLContextParameters trust(Path trustStore) {
        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + trustStore.toAbsolutePath());
        ks.setPassword(TlsMaterial.TRUST_STORE_PASSWORD);
        ks.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(ks);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        return ssl;
    }
}
