package io.cameliothub.quarkus.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import io.cameliothub.quarkus.IotHubDevServicesHub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/** The Dev Service gives HTTPS endpoints the emulator's HTTPS port (not the MQTT one the others use). */
@QuarkusTest
class IotHubHttpsTest {

    @Inject
    ProducerTemplate producer;

    @Test
    void telemetryReachesTheHubOverHttps() {
        producer.sendBody("iothub:it-https-device?protocol=HTTPS", "{\"reading\":\"https-1\"}");

        String received = IotHubDevServicesHub.current().awaitTelemetry("it-https-device", "https-1", Duration.ofSeconds(10));
        assertEquals("{\"reading\":\"https-1\"}", received);
    }
}
