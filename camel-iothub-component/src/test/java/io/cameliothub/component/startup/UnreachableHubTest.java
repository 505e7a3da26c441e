package io.cameliothub.component.startup;

import java.time.Duration;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the hub refusing connections: a route with a producer and a consumer of one device waits connectTimeout once,
 * not once each, and a send after failFastWhenDisconnected fails at once with the connection's last error.
 */
class UnreachableHubTest extends EmulatorTestSupport {

    @Test
    void theRouteStartWaitsConnectTimeoutOnceAndSendsFailFastWithTheCause() throws Exception {
        DeviceInfo device = hub.registry().addDevice("unreachable-1");
        hub.faults().refuseConnections(Duration.ofSeconds(60));
        String uri = uriFor(device, IotHubProtocol.MQTT, "connectTimeout=3s&failFastWhenDisconnected=500ms");

        long start = System.nanoTime();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:ignored");
                from("direct:send").to(uri);
            }
        });
        long startedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(startedMillis).as("two waits of 3 s would take 6 s or more").isLessThan(5_500);

        Thread.sleep(600);
        long sendStart = System.nanoTime();
        Exchange sent = template.send("direct:send", e -> e.getMessage().setBody("while away"));
        long sendMillis = (System.nanoTime() - sendStart) / 1_000_000;
        assertThat(sent.getException()).hasMessageContaining("failFastWhenDisconnected")
                .hasMessageContaining("last connection error");
        assertThat(sendMillis).as("fails at once rather than after sendTimeout (60 s)").isLessThan(10_000);
    }

    @Test
    void aNegativeFailFastLimitIsRefusedByName() {
        DeviceInfo device = hub.registry().addDevice("unreachable-2");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> context.getEndpoint(
                uriFor(device, IotHubProtocol.MQTT, "failFastWhenDisconnected=-1")).start()))
                .rootCause().hasMessageContaining("failFastWhenDisconnected must be 0 (off) or positive");
    }
}
