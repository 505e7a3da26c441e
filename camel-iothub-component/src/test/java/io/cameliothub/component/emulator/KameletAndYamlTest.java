package io.cameliothub.component.emulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.emulator.core.C2dMessage;
import io.cameliothub.emulator.core.C2dState;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kamelets iothub-sink and iothub-source (shipped in the component jar under kamelets/, loaded by camel-kamelet
 * with camel-yaml-dsl) and the YAML DSL example examples/jbang/iothub.camel.yaml, run as they are against the emulator:
 * telemetry reaches the hub, a command is received and completed.
 */
class KameletAndYamlTest extends EmulatorTestSupport {

    private static final Path EXAMPLE = Path.of("..", "examples", "jbang", "iothub.camel.yaml");
    // a key with '+' and '/': the Kamelets must hand the connection string over intact
    private static final String KEY = "a2V5K3dpdGgrcGx1cy9hbmQvc2xhc2gvdGVzdC1rZXk=";

    private DeviceInfo device;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        device = hub.registry().addDevice("kamelet-device", KEY, "c2Vjb25kYXJ5LWtleS1zZWNvbmRhcnkta2V5LTAx");
        Properties properties = new Properties();
        properties.setProperty("device.connection-string", device.connectionString());
        properties.setProperty("iothub.port", String.valueOf(hub.mqttPort()));
        properties.setProperty("telemetry.period", "200");
        context.getPropertiesComponent().setInitialProperties(properties);
        return context;
    }

    @Test
    void theYamlExampleRunsThroughBothKamelets() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.fromString("iothub.camel.yaml", Files.readString(EXAMPLE)));

        assertThat(hub.events().awaitCount(device.deviceId(), 2, Duration.ofSeconds(15)))
                .allSatisfy(e -> assertThat(e.bodyAsString()).startsWith("{\"temperature\": "))
                .allSatisfy(e -> assertThat(e.contentType()).isEqualTo("application/json"));

        hub.sendC2d(device.deviceId(), C2dMessage.builder().body("open the vents").messageId("cmd-1").build());
        await().atMost(Duration.ofSeconds(15)).until(() -> hub.c2dQueue(device.deviceId()).entry("cmd-1")
                .map(e -> e.state() == C2dState.COMPLETED).orElse(false));
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).contains("telemetry", "commands");
    }
}
