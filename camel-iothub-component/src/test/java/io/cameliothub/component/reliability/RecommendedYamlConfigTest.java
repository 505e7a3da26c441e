package io.cameliothub.component.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import io.cameliothub.emulator.core.FaultSchedule;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The YAML form of the recommended redelivery, as docs/reliability.md shows it, over MQTT (where Camel's default error
 * handler loses exchanges to kills): with it, no exchange fails and every message is in the hub.
 */
class RecommendedYamlConfigTest extends ReliabilityTestSupport {

    private DeviceInfo device;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        device = newDevice("yaml", IotHubProtocol.MQTT);
        Properties properties = new Properties();
        properties.setProperty("device.id", device.deviceId());
        properties.setProperty("device.connection-string", device.connectionString());
        properties.setProperty("iothub.port", String.valueOf(hub.mqttPort()));
        context.getPropertiesComponent().setInitialProperties(properties);
        return context;
    }

    @Test
    void theYamlRedeliveryLosesNothingWhileTheConnectionIsKilled() throws Exception {
        try (var yaml = getClass().getResourceAsStream("/reliability/recommended-error-handler.camel.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("recommended.camel.yaml",
                    new String(yaml.readAllBytes(), StandardCharsets.UTF_8)));
        }
        warmUp("direct:telemetry");

        FaultSchedule kills = hub.faults().every(Duration.ofSeconds(1), Duration.ofSeconds(3), "kill " + device.deviceId(),
                kill(IotHubProtocol.MQTT, device.deviceId()));
        Sent sent = stream("direct:telemetry", device.deviceId(), 800, 25, 100);
        awaitAllKills(kills);

        AtHub atHub = assertNothingLost(device.deviceId(), sent);
        ReliabilityReport.record("d2c-kill-yaml", IotHubProtocol.MQTT, counts(sent, atHub, "kills=" + kills.firings()));
        assertThat(kills.firings()).isEqualTo(3);
        assertThat(sent.failed()).as("the YAML redelivery recovers every exchange: " + sent.firstFailure()).isEmpty();
        assertThat(atHub.perId().keySet()).containsAll(sent.ids());
    }
}
