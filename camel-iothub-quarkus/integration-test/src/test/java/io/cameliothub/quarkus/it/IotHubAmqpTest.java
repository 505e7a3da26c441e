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
class IotHubAmqpTest {

    @Inject
    ProducerTemplate producer;

    @Test
    void telemetryReachesTheHubOverAmqps() {
        producer.sendBody("iothub:it-amqp-device?protocol=AMQPS", "{\"reading\":\"amqp-1\"}");

        String received = IotHubDevServicesHub.current().awaitTelemetry("it-amqp-device", "amqp-1", Duration.ofSeconds(10));
        assertEquals("{\"reading\":\"amqp-1\"}", received);
    }

    @Test
    void commandReachesTheRouteOverAmqps() throws InterruptedException {
        IotHubDevServicesHub.current().sendC2d("it-amqp-device", "close the vents");

        assertEquals("close the vents", CommandRoutes.AMQP_COMMANDS.poll(10, TimeUnit.SECONDS));
    }
}
