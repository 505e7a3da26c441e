package io.cameliothub.component.springboot;

import io.cameliothub.component.IotHubConfiguration;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component configured with a device connection string, which names the same device as the endpoint URI.
 */
@SpringBootTest(classes = DeviceApplication.class, properties = {
        "test.device-endpoint=iothub:starter-cs",
        "camel.component.iothub.ssl-context-parameters=#hubTls",
        "camel.component.iothub.reconnect-min-backoff=100ms",
        "camel.component.iothub.send-timeout=45s",
        "camel.component.iothub.poll-interval=2m" })
class IotHubStarterConnectionStringTest extends DeviceRoundTripTestSupport {

    static final DeviceInfo DEVICE = HUB.registry().addDevice("starter-cs");

    @Autowired
    SSLContextParameters hubTls;

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) {
        properties.add("camel.component.iothub.connection-string", DEVICE::connectionString);
        properties.add("camel.component.iothub.port", HUB::mqttPort);
    }

    @Override
    String deviceId() {
        return DEVICE.deviceId();
    }

    @Test
    void propertiesAreTheComponentsOptions() {
        IotHubConfiguration options = component().getConfiguration();
        assertThat(options.getConnectionString()).isEqualTo(DEVICE.connectionString());
        assertThat(options.getPort()).isEqualTo(HUB.mqttPort());
        assertThat(options.getSslContextParameters()).isSameAs(hubTls);
        assertThat(options.getReconnectMinBackoff()).isEqualTo(100);
        assertThat(options.getSendTimeout()).isEqualTo(45_000);
        assertThat(options.getPollInterval()).isEqualTo(120_000);
        assertThat(options.getHostName()).isNull();
    }
}
