package io.cameliothub.component.springboot;

import java.time.Duration;

import io.cameliothub.emulator.IotHubEmulator;
import io.cameliothub.emulator.core.DeviceInfo;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Boot Actuator on the class path, the component publishes its meters to the MeterRegistry Actuator made,
 * with no configuration.
 */
@SpringBootTest(classes = IotHubStarterMicrometerTest.MetricsApplication.class,
                properties = "camel.component.iothub.ssl-context-parameters=#hubTls")
@DirtiesContext
class IotHubStarterMicrometerTest {

    static final IotHubEmulator HUB = TestHub.get();
    static final DeviceInfo DEVICE = HUB.registry().addDevice("starter-metrics");

    @Autowired
    MeterRegistry meters;

    @Autowired
    ProducerTemplate template;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class MetricsApplication {

        @Bean
        SSLContextParameters hubTls() {
            return TestHub.trust();
        }

        @Bean
        RouteBuilder telemetryRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:telemetry").to("iothub:" + DEVICE.deviceId());
                }
            };
        }
    }

    @DynamicPropertySource
    static void hub(DynamicPropertyRegistry properties) {
        properties.add("camel.component.iothub.connection-string", DEVICE::connectionString);
        properties.add("camel.component.iothub.port", HUB::mqttPort);
    }

    @Test
    void actuatorsRegistryGetsTheDevicesMeters() {
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:telemetry", "reading " + i);
        }
        HUB.events().awaitCount(DEVICE.deviceId(), 3, Duration.ofSeconds(15));

        assertThat(meters.get("camel.iothub.messages.acknowledged").tag("deviceId", DEVICE.deviceId())
                .functionCounter().count()).isEqualTo(3.0);
        assertThat(meters.get("camel.iothub.connected").tag("deviceId", DEVICE.deviceId()).gauge().value())
                .isEqualTo(1.0);
    }
}
