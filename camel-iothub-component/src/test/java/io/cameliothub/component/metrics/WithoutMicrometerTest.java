package io.cameliothub.component.metrics;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is optional: with its jars removed from the class path, a route still sends through the emulator and the
 * endpoint's JMX figures still count. Runs {@link SendWithoutMicrometer} in a class loader built from this test's class
 * path minus every Micrometer jar (the emulator runs outside it).
 */
class WithoutMicrometerTest {

    private static IotHubEmulator hub;
    private static Path trustStore;

    @BeforeAll
    static void startHub() throws Exception {
        hub = IotHubEmulator.builder().hostName("hub.iothub.test").mqttPort(0).amqpPort(0).httpsPort(0).start();
        trustStore = hub.tls().writeTrustStore(Files.createTempFile("iothub-trust", ".p12"));
    }

    @AfterAll
    static void stopHub() throws Exception {
        hub.close();
        Files.deleteIfExists(trustStore);
    }

    @Test
    void theComponentWorksWithoutMicrometerOnTheClassPath() throws Exception {
        DeviceInfo device = hub.registry().addDevice("no-micrometer");
        String uri = "iothub:" + device.deviceId() + "?protocol=MQTT&port=" + hub.mqttPort()
                     + "&connectionString=RAW(" + device.connectionString() + ")";
        List<URL> urls = new ArrayList<>();
        int removed = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(entry).getName().startsWith("micrometer-")) {
                removed++;
            } else {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        assertThat(removed).as("Micrometer jars on the test class path, to leave out").isPositive();

        try (URLClassLoader withoutMicrometer = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false,
                    withoutMicrometer)).isInstanceOf(ClassNotFoundException.class);
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(withoutMicrometer);
            try {
                Object acknowledged = withoutMicrometer.loadClass(SendWithoutMicrometer.class.getName())
                        .getMethod("sendThree", String.class, String.class).invoke(null, uri, trustStore.toString());
                assertThat(acknowledged).as("messages acknowledged, from the endpoint's JMX attribute").isEqualTo(3L);
            } finally {
                thread.setContextClassLoader(previous);
            }
            assertThat(hub.events().forDevice(device.deviceId())).hasSize(3);
        }
    }
}
