package io.cameliothub.component.https;

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

import static org.awaitility.Awaitility.await;

/**
 * The polling consumer's health, as Camel's health registry reports it: DOWN while the hub refuses the device's polls
 * (device disabled), UP again after.
 */
class HttpsHealthCheckTest extends EmulatorTestSupport {

    @Test
    void consumerIsDownWhileTheHubRefusesTheDeviceAndUpAfter() throws Exception {
        DeviceInfo device = hub.registry().addDevice("https-health-1");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(device, IotHubProtocol.HTTPS, "pollInterval=200ms"))
                        .routeId("https-health").to("mock:ignored");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> state("https-health").orElse(null) == HealthCheck.State.UP);

        hub.registry().setEnabled(device.deviceId(), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("https-health").orElse(null) == HealthCheck.State.DOWN);

        hub.registry().setEnabled(device.deviceId(), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("https-health").orElse(null) == HealthCheck.State.UP);
    }

    private Optional<HealthCheck.State> state(String routeId) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
        return results.stream().filter(r -> r.getCheck().getId().equals("consumer:" + routeId)).findFirst()
                .map(HealthCheck.Result::getState);
    }
}
