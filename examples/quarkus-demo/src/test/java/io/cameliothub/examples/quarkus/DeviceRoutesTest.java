package io.cameliothub.examples.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.cameliothub.quarkus.IotHubDevServicesHub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Runs against the IoT Hub Dev Service: application.properties holds no IoT Hub configuration. */
@QuarkusTest
class DeviceRoutesTest {

    @Inject
    Vents vents;

    @Test
    void telemetryReachesTheHub() {
        String body = IotHubDevServicesHub.current().awaitTelemetry("greenhouse-1", "temperature", Duration.ofSeconds(15));

        assertTrue(body.matches("\\{\"temperature\": \\d+, \"reading\": \\d+}"), body);
    }

    @Test
    void commandReachesTheDevice() throws InterruptedException {
        IotHubDevServicesHub.current().sendC2d("greenhouse-1", "open the vents");

        assertEquals("open the vents", vents.commands().poll(15, TimeUnit.SECONDS));
    }
}
