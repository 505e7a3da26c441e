package io.cameliothub.component.emulator;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What `camel run iothub.camel.yaml application.properties` does, with Camel Main instead of the JBang launcher:
 * examples/jbang's YAML routes and properties file as they are, with only the emulator's connection string, port and
 * trust store path filled in. The hub's name resolves nowhere: gatewayHostName=localhost and camel.ssl.* with
 * useGlobalSslContextParameters are all it takes.
 */
class CamelMainPropertiesTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "jbang");

    @Test
    void theJbangExampleRunsOnCamelMainAgainstTheEmulator() throws Exception {
        try (IotHubEmulator hub = IotHubEmulator.builder().hostName("jbang.iothub.test").mqttPort(0).amqpPort(0)
                .httpsPort(0).start()) {
            DeviceInfo device = hub.registry().addDevice("device-1");
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(EXAMPLE.resolve("application.properties"))) {
                properties.load(in);
            }
            assertThat(properties).containsKeys("device.connection-string", "iothub.gateway-host-name",
                    "camel.ssl.enabled", "camel.ssl.trustStore", "camel.ssl.trustStorePassword",
                    "camel.component.iothub.useGlobalSslContextParameters");
            properties.setProperty("device.connection-string", device.connectionString());
            properties.setProperty("camel.ssl.trustStore", "file:" + hub.trustStorePath());
            properties.setProperty("iothub.port", String.valueOf(hub.mqttPort()));
            properties.setProperty("telemetry.period", "200");
            properties.setProperty("camel.main.routesIncludePattern",
                    "file:" + EXAMPLE.resolve("iothub.camel.yaml").toAbsolutePath());

            Main main = new Main();
            properties.forEach((k, v) -> main.addOverrideProperty(k.toString(), v.toString()));
            main.start();
            try {
                assertThat(hub.events().awaitCount("device-1", 2, Duration.ofSeconds(20))).hasSizeGreaterThanOrEqualTo(2);
                hub.sendC2d("device-1", C2dMessage.builder().body("open the vents").messageId("cmd-1").build());
                await().atMost(Duration.ofSeconds(15)).until(() -> hub.c2dQueue("device-1").entry("cmd-1")
                        .map(e -> e.state() == C2dState.COMPLETED).orElse(false));
            } finally {
                main.stop();
            }
        }
    }
}
