package io.cameliothub.component.amqp;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over AMQP too, the consumer's health check follows its device's link to the hub: DOWN while the shared connection
 * is refused after a drop, UP once the device is back.
 */
class AmqpHealthCheckTest extends EmulatorTestSupport {

    @Test
    void consumerIsDownWhileTheHubRefusesConnectionsAndUpAfter() throws Exception {
        DeviceInfo device = hub.registry().addDevice("amqp-health-1");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, IotHubProtocol.AMQPS, null)).routeId("c2d-health").to("mock:ignored");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> state("c2d-health").orElse(null) == HealthCheck.State.UP);

        hub.faults().refuseConnections(Duration.ofSeconds(3));
        hub.faults().dropConnection(device.deviceId());

        await().atMost(Duration.ofSeconds(3)).until(() -> state("c2d-health").orElse(null) == HealthCheck.State.DOWN);
        HealthCheck.Result down = result("c2d-health").orElseThrow();
        assertThat(down.getDetails()).containsEntry("iothub.device", "amqp-health-1");
        assertThat(down.getDetails().get("iothub.state")).isIn("RECONNECTING", "CONNECTING");

        await().atMost(Duration.ofSeconds(15)).until(() -> state("c2d-health").orElse(null) == HealthCheck.State.UP);
    }

    private Optional<HealthCheck.State> state(String routeId) {
        return result(routeId).map(HealthCheck.Result::getState);
    }

    private Optional<HealthCheck.Result> result(String routeId) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
        return results.stream().filter(r -> r.getCheck().getId().equals("consumer:" + routeId)).findFirst();
    }
}
