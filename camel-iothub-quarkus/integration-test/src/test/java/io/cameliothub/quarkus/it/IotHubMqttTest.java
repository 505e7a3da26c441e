package io.cameliothub.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.cameliothub.quarkus.IotHubDevServicesHub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IotHubMqttTest {

    @Inject
    ProducerTemplate producer;

    @Test
    void telemetryReachesTheHubOverMqtt() {
        producer.sendBody("iothub:it-mqtt-device", "{\"reading\":\"mqtt-1\"}");

        String received = IotHubDevServicesHub.current().awaitTelemetry("it-mqtt-device", "mqtt-1", Duration.ofSeconds(10));
        assertEquals("{\"reading\":\"mqtt-1\"}", received);
    }

    @Test
    void commandReachesTheRouteOverMqtt() throws InterruptedException {
        IotHubDevServicesHub.current().sendC2d("it-mqtt-device", "open the vents");

        assertEquals("open the vents", CommandRoutes.MQTT_COMMANDS.poll(10, TimeUnit.SECONDS));
    }
}
