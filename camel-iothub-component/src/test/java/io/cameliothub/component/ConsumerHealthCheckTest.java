package io.cameliothub.component;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's health check, as Camel's health registry reports it, follows its device's connection (or, over AMQP,
 * its link on the shared connection): DOWN while the hub refuses connections after a drop, UP once the device is back.
 */
class ConsumerHealthCheckTest extends EmulatorTestSupport {

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = {"MQTT", "MQTT_WS", "AMQPS", "AMQPS_WS"})
    void consumerIsDownWhileTheHubRefusesConnectionsAndUpAfter(IotHubProtocol protocol) throws Exception {
        String deviceId = "health-" + protocol.name().toLowerCase().replace('_', '-');
        DeviceInfo device = hub.registry().addDevice(deviceId);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, protocol, null)).routeId("c2d-health").to("mock:ignored");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> state("c2d-health").orElse(null) == HealthCheck.State.UP);

        hub.faults().refuseConnections(Duration.ofSeconds(3));
        hub.faults().dropConnection(device.deviceId());

        await().atMost(Duration.ofSeconds(3)).until(() -> state("c2d-health").orElse(null) == HealthCheck.State.DOWN);
        HealthCheck.Result down = result("c2d-health").orElseThrow();
        assertThat(down.getDetails()).containsEntry("iothub.device", deviceId);
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
