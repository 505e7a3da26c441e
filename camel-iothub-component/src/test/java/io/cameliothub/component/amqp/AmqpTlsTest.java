package io.cameliothub.component.amqp;

import java.time.Duration;
import java.util.Optional;

import io.cameliothub.component.EmulatorTestSupport;
import io.cameliothub.component.IotHubProtocol;
import io.cameliothub.emulator.core.DeviceInfo;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS over both AMQP wires checks the host name: the emulator's certificate names hub.iothub.test and localhost, not
 * gateway.iothub.test (which also resolves to 127.0.0.1), so a gateway host of localhost works and one of
 * gateway.iothub.test is not trusted.
 */
class AmqpTlsTest extends EmulatorTestSupport {

    @ParameterizedTest
    @EnumSource(value = IotHubProtocol.class, names = { "AMQPS", "AMQPS_WS" })
    void theHostNameIsVerified(IotHubProtocol protocol) throws Exception {
        DeviceInfo trusted = hub.registry().addDevice("tls-ok-" + protocol.name().toLowerCase());
        DeviceInfo untrusted = hub.registry().addDevice("tls-bad-" + protocol.name().toLowerCase());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uriFor(trusted, protocol, "gatewayHostName=localhost")).routeId("ok").to("mock:ok");
                from(uriFor(untrusted, protocol, "gatewayHostName=gateway.iothub.test&connectTimeout=1500"))
                        .routeId("bad").to("mock:bad");
            }
        });

        assertThat(hub.connections().isConnected(trusted.identity())).as("localhost is in the certificate").isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HealthCheck.Result bad = result("bad").orElseThrow();
            assertThat(bad.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(String.valueOf(bad.getDetails().get("iothub.lastError")))
                    .containsIgnoringCase("gateway.iothub.test");
        });
        assertThat(hub.connections().totalAccepted(untrusted.deviceId())).isZero();
    }

    private Optional<HealthCheck.Result> result(String routeId) {
        return HealthCheckHelper.invoke(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:" + routeId)).findFirst();
    }
}
