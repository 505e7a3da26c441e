package io.cameliothub.karaf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.methods.MethodResponse;
import io.cameliothub.emulator.tls.TlsMaterial;
import org.ops4j.pax.exam.Option;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

/**
 * The IoT Hub emulator, run in the test driver's JVM (outside Karaf) on loopback for the whole test run. Each device
 * gets a C2D message queued before Karaf starts, and the hub answers every D2C message "ping-..." with a C2D message
 * "echo:ping-...", so the route inside Karaf sees a full round trip without reaching back into this JVM. What the
 * Karaf example's device sends (its first telemetry message, and its acknowledgements of commands) the hub relays as
 * C2D messages "demo:..." to an observer device, which the test inside Karaf listens on.
 * Only the driver uses this class; inside Karaf it is never loaded.
 */
final class EmulatorHost {

    static final String DEMO_DEVICE = "karaf-demo";
    static final String OBSERVER = "observer";
    static final String OBSERVER_DEVICE = deviceId(OBSERVER);
    static final String DEMO_COMMAND = "reboot";

    private static IotHubEmulator hub;

    private EmulatorHost() {
    }

    /** Starts the hub once and returns the system properties that tell the Karaf JVM about it. */
    static synchronized Option[] start(Path workDirectory) throws Exception {
        if (hub == null) {
            hub = IotHubEmulator.builder().hostName("localhost").mqttPort(0).amqpPort(0).httpsPort(0).start();
            ExecutorService replies = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "emulator-echo");
                t.setDaemon(true);
                return t;
            });
            AtomicBoolean telemetryRelayed = new AtomicBoolean();
            hub.events().listen(event -> {
                String body = event.bodyAsString();
                if (body.startsWith("ping-")) {
                    replies.execute(() -> hub.sendC2d(event.deviceId(), HubDevice.echoOf(body)));
                } else if (body.equals(TwinMethodsCheck.ASK)) {
                    replies.execute(() -> invokeAndReport(event.deviceId()));
                } else if (event.deviceId().equals(DEMO_DEVICE)
                           && (body.startsWith("ack:") || telemetryRelayed.compareAndSet(false, true))) {
                    replies.execute(() -> hub.sendC2d(OBSERVER_DEVICE, "demo:" + body));
                }
            });
            IotHubEmulator started = hub;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "emulator-stop"));
        }
        Path trustStore = hub.tls().writeTrustStore(workDirectory.resolve("iothub-trust.p12"));
        List<Option> options = new ArrayList<>();
        options.add(systemProperty(HubDevice.PREFIX + "trustStore").value(trustStore.toAbsolutePath().toString()));
        options.add(systemProperty(HubDevice.PREFIX + "trustStorePassword").value(TlsMaterial.TRUST_STORE_PASSWORD));
        options.addAll(device("mqtt", "MQTT", hub.mqttPort(), ""));
        options.addAll(device("mqttws", "MQTT_WS", hub.httpsPort(), ""));
        // C2D over HTTPS is polled: every 25 minutes by default
        options.addAll(device("https", "HTTPS", hub.httpsPort(), "pollInterval=200ms"));
        options.addAll(device("amqps", "AMQPS", hub.amqpPort(), ""));
        options.addAll(device("amqpsws", "AMQPS_WS", hub.httpsPort(), ""));
        options.addAll(device(OBSERVER, "MQTT", hub.mqttPort(), ""));
        options.addAll(device(TwinMethodsCheck.MQTT, "MQTT", hub.mqttPort(), ""));
        options.addAll(device(TwinMethodsCheck.AMQPS, "AMQPS", hub.amqpPort(), ""));
        options.addAll(demoConfiguration(trustStore));
        return options.toArray(Option[]::new);
    }

    /** The Karaf example's etc/ configuration, as a user would write it for the emulator. */
    private static List<Option> demoConfiguration(Path trustStore) {
        DeviceInfo demo = hub.registry().addDevice(DEMO_DEVICE);
        hub.sendC2d(DEMO_DEVICE, C2dMessage.builder().body(DEMO_COMMAND).build());
        String cfg = "etc/io.cameliothub.examples.karaf.cfg";
        return List.of(
                editConfigurationFilePut(cfg, "connectionString", demo.connectionString()),
                editConfigurationFilePut(cfg, "protocol", "MQTT"),
                editConfigurationFilePut(cfg, "port", Integer.toString(hub.mqttPort())),
                editConfigurationFilePut(cfg, "trustStore", trustStore.toAbsolutePath().toString()),
                editConfigurationFilePut(cfg, "trustStorePassword", TlsMaterial.TRUST_STORE_PASSWORD),
                editConfigurationFilePut(cfg, "telemetryPeriod", "1000"));
    }

    /** For {@link TwinMethodsCheck}: invoke a method on the device, patch its desired properties, report the answer. */
    private static void invokeAndReport(String deviceId) {
        String report;
        try {
            MethodResponse r = hub.invokeMethod(deviceId, "reboot", "{}", Duration.ofSeconds(10), Duration.ofSeconds(10))
                    .get(25, TimeUnit.SECONDS);
            report = TwinMethodsCheck.ANSWER + r.status() + ":" + r.payloadJson();
        } catch (Exception e) {
            report = TwinMethodsCheck.ANSWER + "failed:" + e;
        }
        hub.patchDesired(deviceId, "{\"fromHub\":\"karaf\"}");
        hub.sendC2d(deviceId, report);
    }

    private static String deviceId(String name) {
        return "karaf-" + name;
    }

    private static List<Option> device(String name, String protocol, int port, String endpointOptions) {
        DeviceInfo info = hub.registry().addDevice(deviceId(name));
        HubDevice device = new HubDevice(name, info.deviceId(), protocol, port, info.connectionString(), endpointOptions);
        hub.sendC2d(device.deviceId(), C2dMessage.builder().body(device.welcome()).build());
        String prefix = HubDevice.PREFIX + name + ".";
        return List.of(
                systemProperty(prefix + "deviceId").value(device.deviceId()),
                systemProperty(prefix + "protocol").value(protocol),
                systemProperty(prefix + "port").value(Integer.toString(port)),
                systemProperty(prefix + "connectionString").value(device.connectionString()),
                systemProperty(prefix + "options").value(endpointOptions));
    }
}
