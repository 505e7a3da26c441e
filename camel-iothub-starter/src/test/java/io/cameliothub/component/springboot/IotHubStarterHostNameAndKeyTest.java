package io.cameliothub.component.springboot;

import io.cameliothub.component.IotHubConfiguration;
import io.cameliothub.emulator.core.DeviceInfo;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component configured with the hub's host name and the device's key; the endpoint URI names the device.
 */
@SpringBootTest(classes = DeviceApplication.class, properties = {
        "test.device-endpoint=iothub:starter-key",
        "camel.component.iothub.ssl-context-parameters=#bean:hubTls",
        "camel.component.iothub.protocol=mqtt",
        "camel.component.iothub.reconnect-min-backoff=100" })
class IotHubStarterHostNameAndKeyTest extends DeviceRoundTripTestSupport {

    static final DeviceInfo DEVICE = HUB.registry().addDevice("starter-key");

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) {
        properties.add("camel.component.iothub.host-name", HUB::hostName);
        properties.add("camel.component.iothub.shared-access-key", DEVICE::primaryKey);
        properties.add("camel.component.iothub.port", HUB::mqttPort);
    }

    @Override
    String deviceId() {
        return DEVICE.deviceId();
    }

    @Test
    void propertiesAreTheComponentsOptions() {
        IotHubConfiguration options = component().getConfiguration();
        assertThat(options.getHostName()).isEqualTo("localhost");
        assertThat(options.getSharedAccessKey()).isEqualTo(DEVICE.primaryKey());
        assertThat(options.getConnectionString()).isNull();
        assertThat(options.getReconnectMinBackoff()).as("a bare number is milliseconds").isEqualTo(100);
    }
}
